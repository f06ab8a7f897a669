/**
 * A small traffic generator: realistic Italian and English comments and DMs for fictitious
 * pharma brands (side-effect questions, availability, praise, complaints, off-label asks — the
 * sensitive cases a regulated client's moderators must catch). Seeded, so a run can be replayed.
 */
import type { SandboxPerson, SandboxWorld } from './world';

export const commentLines = {
  it: [
    'Ho iniziato a prenderlo da una settimana e ho spesso mal di testa, è normale?',
    'Si trova anche in farmacia senza ricetta?',
    'Grazie! Finalmente riesco a dormire tutta la notte 🙏',
    'Posso darlo a mio figlio di 8 anni?',
    'Il prezzo è aumentato di nuovo, non è giusto.',
    'Mia madre prende già un anticoagulante, ci sono interazioni?',
    'Da quando lo uso la pelle è molto più secca.',
    'Ottimo prodotto, lo consiglio a tutti.',
  ],
  en: [
    'I have been taking it for a week and I keep getting headaches, is that normal?',
    'Is it available over the counter?',
    'Thank you! I finally sleep through the night 🙏',
    'Can I give it to my 8-year-old?',
    'The price went up again, not fair.',
    'My mother already takes a blood thinner, are there interactions?',
    'Since I started using it my skin is much drier.',
    'Great product, I recommend it to everyone.',
  ],
} as const;

export const messageLines = {
  it: [
    'Buongiorno, vorrei sapere se posso assumerlo in gravidanza.',
    'Ho avuto una reazione allergica, a chi devo segnalarlo?',
    'Dove posso trovare il foglietto illustrativo aggiornato?',
  ],
  en: [
    'Hello, can I take this while pregnant?',
    'I had an allergic reaction, who should I report it to?',
    'Where can I find the updated patient leaflet?',
  ],
} as const;

const people: readonly SandboxPerson[] = [
  { id: '6123400000000001', name: 'Giulia Bianchi', username: 'giulia.bianchi' },
  { id: '6123400000000002', name: 'Marco Rossi', username: 'marco_rossi_82' },
  { id: '6123400000000003', name: 'Francesca Esposito', username: 'fra.esposito' },
  { id: '6123400000000004', name: 'Sarah Miller', username: 'sarahmiller' },
  { id: '6123400000000005', name: 'James O’Connor', username: 'jamesoc' },
  { id: '6123400000000006', name: 'Luca Ferrari', username: 'luca.ferrari' },
];

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

export type TrafficItem =
  { readonly kind: 'comment'; readonly commentId: string } | { readonly kind: 'message'; readonly mid: string };

/**
 * One new interaction on a random account: a comment (sometimes a reply to an earlier one) or a
 * DM. The caller turns it into a webhook (or not, to test the polling safety net).
 */
export function nextInteraction(world: SandboxWorld, random: () => number): TrafficItem {
  const accounts = [...world.accounts.values()];
  const account = pick(random, accounts);
  const language = random() < 0.6 ? 'it' : 'en';
  const person = pick(random, people);
  if (random() < 0.25) {
    const message = world.addMessage(account.id, person.id, person, pick(random, messageLines[language]));
    return { kind: 'message', mid: message.mid };
  }
  const posts = world.posts.filter((post) => post.accountId === account.id);
  const post = posts.length > 0 ? pick(random, posts) : world.addPost(account.id, 'Novità / News');
  const earlier = world.comments.filter((comment) => comment.objectId === post.id && !comment.deleted);
  const parentId = earlier.length > 0 && random() < 0.3 ? pick(random, earlier).id : post.id;
  const comment = world.addComment(post.id, parentId, person, pick(random, commentLines[language]));
  return { kind: 'comment', commentId: comment.id };
}

/** The demo accounts: two Facebook Pages and an Instagram account of fictitious brands. */
export function seedDemoWorld(world: SandboxWorld): void {
  const lenitex = world.addAccount('facebook', '104857600000001', 'Lenitex Italia', 'lenitex.it');
  const aurora = world.addAccount('facebook', '104857600000002', 'Aurora Salute', 'aurorasalute');
  const dermaIg = world.addAccount('instagram', '17841400000000003', 'Dermavita', 'dermavita_official');
  world.addPost(lenitex.id, 'Lenitex Notte: il riposo che meritavi. Leggere attentamente il foglio illustrativo.');
  world.addPost(aurora.id, 'Aurora Salute: prevention starts with a conversation with your pharmacist.');
  world.addPost(dermaIg.id, 'La nuova crema Dermavita è arrivata ✨ #skincare');
}
