import type { Rng } from '../prng';

/**
 * How demo texts are built: an intent (what the person wants, with its tone and flags) has
 * templates per language; slots like `{product}` are filled from the client's word lists, and
 * a tone-matched opener, closer or emoji may frame it. Sentiment comes from the intent, so it
 * always agrees with what the text says.
 */

export type Lang = 'it' | 'en';
export type Tone = 'neutral' | 'happy' | 'angry' | 'worried';

export interface Utterance {
  text: string;
  /** The text without its opener, closer or emoji (frames never carry policy words). */
  core: string;
  /** −1 … 1 */
  sentiment: number;
  adverseEvent: boolean;
  profanity: boolean;
  spam: boolean;
  /** A label a moderator would put on the item (complaint, press …), if any. */
  label: string | null;
}

export interface Intent {
  id: string;
  weight: number;
  tone: Tone;
  /** Center and spread of the sentiment. */
  sentiment: readonly [number, number];
  adverseEvent?: boolean;
  profanity?: boolean;
  spam?: boolean;
  label?: string;
  it: readonly string[];
  en: readonly string[];
}

export type Slots = Readonly<Record<string, { it: readonly string[]; en: readonly string[] }>>;

const openers: Record<Tone, Record<Lang, readonly string[]>> = {
  neutral: {
    it: ['Buongiorno.', 'Salve,', 'Ciao!', 'Buonasera,', 'Gentile staff,', 'Scusate,', 'Una domanda:'],
    en: ['Hi,', 'Hello!', 'Good morning,', 'Quick question:', 'Hey team,'],
  },
  happy: {
    it: ['Che bello!', 'Complimenti!', 'Evviva!', 'Finalmente!', 'Grandi!'],
    en: ['Love this!', 'Amazing!', 'Well done!', 'Finally!'],
  },
  angry: {
    it: ['Sono davvero deluso.', 'Ennesima delusione.', 'Basta!', 'Incredibile.', 'Ma vi sembra normale?'],
    en: ['Really disappointed.', 'Unbelievable.', 'Seriously?', 'Enough!'],
  },
  worried: {
    it: ['Scusate se scrivo qui ma sono preoccupata.', 'Vi scrivo un po’ in ansia.', 'Aiuto,'],
    en: ['Sorry to ask here but I am worried.', 'Help please,', 'A bit worried here:'],
  },
};

const closers: Record<Tone, Record<Lang, readonly string[]>> = {
  neutral: {
    it: ['Grazie.', 'Grazie in anticipo.', 'Attendo una risposta.', 'Buona giornata.', 'Grazie mille!'],
    en: ['Thanks.', 'Thanks in advance.', 'Any help appreciated.', 'Cheers.'],
  },
  happy: {
    it: ['Continuate così!', 'Grazie di cuore.', 'Siete i migliori.', 'Bravissimi!'],
    en: ['Keep it up!', 'Thank you so much.', 'You rock.'],
  },
  angry: {
    it: ['Vergogna.', 'Pessimo servizio.', 'Non finisce qui.', 'Fate qualcosa!', 'Mai più.'],
    en: ['Shameful.', 'Terrible service.', 'Do something!', 'Never again.'],
  },
  worried: {
    it: ['Rispondete per favore.', 'Grazie a chi risponderà.', 'È urgente.'],
    en: ['Please reply.', 'It is urgent.', 'Thank you for any answer.'],
  },
};

const emojis: Record<Tone, readonly string[]> = {
  neutral: ['🙂', '🤔', '🙏'],
  happy: ['😍', '👏', '❤️', '🙌', '👍'],
  angry: ['😡', '👎', '🤬', '😤'],
  worried: ['😟', '🙏', '😰'],
};

export function fill(rng: Rng, template: string, lang: Lang, slots: Slots): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const options = slots[name]?.[lang];
    return options && options.length > 0 ? rng.pick(options) : whole;
  });
}

export function utter(rng: Rng, lang: Lang, intent: Intent, slots: Slots, frame = true): Utterance {
  const templates = intent[lang].length > 0 ? intent[lang] : intent.it;
  const core = fill(rng, rng.pick(templates), lang, slots);
  let text = core;
  if (frame && !intent.spam) {
    if (rng.chance(0.3)) text = `${rng.pick(openers[intent.tone][lang])} ${text}`;
    if (rng.chance(0.25)) text = `${text} ${rng.pick(closers[intent.tone][lang])}`;
    if (rng.chance(0.2)) text = `${text} ${rng.pick(emojis[intent.tone])}`;
  }
  return {
    text,
    core,
    sentiment: Math.round(rng.around(intent.sentiment[0], intent.sentiment[1]) * 100) / 100,
    adverseEvent: intent.adverseEvent ?? false,
    profanity: intent.profanity ?? false,
    spam: intent.spam ?? false,
    label: intent.label ?? null,
  };
}

export function pickIntent(rng: Rng, intents: readonly Intent[]): Intent {
  return rng.weighted(intents.map((intent) => [intent, intent.weight] as const));
}

/** Spam looks the same whoever it targets. */
export const spamIntent: Intent = {
  id: 'spam',
  weight: 3,
  tone: 'neutral',
  sentiment: [0.1, 0.2],
  spam: true,
  it: [
    'Guadagna 500€ al giorno da casa!!! Scrivimi in privato 💰💰',
    'Vuoi più follower? Visita il mio profilo, prezzi imbattibili',
    'Ho vinto un iPhone grazie a questo link, provate anche voi',
    'Investimenti in crypto garantiti al 300%, contattami su WhatsApp',
  ],
  en: [
    'Make $500 a day from home!!! DM me 💰💰',
    'Want more followers? Check my profile, best prices',
    'Crypto returns guaranteed 300%, message me on WhatsApp',
  ],
};

/** Replies inside a comment thread, answering another person. */
export const threadReplyIntents: readonly Intent[] = [
  {
    id: 'agree',
    weight: 5,
    tone: 'happy',
    sentiment: [0.5, 0.3],
    it: ['Concordo in pieno.', 'Esatto, anche a me è successo lo stesso.', 'Hai perfettamente ragione!', 'Quoto.'],
    en: ['Totally agree.', 'Same thing happened to me.', 'You are absolutely right!'],
  },
  {
    id: 'disagree',
    weight: 4,
    tone: 'angry',
    sentiment: [-0.4, 0.3],
    it: ['Ma cosa dici? Informati prima di scrivere.', 'Non è affatto vero.', 'Io ho avuto tutt’altra esperienza.'],
    en: ['What are you talking about?', 'That is simply not true.', 'My experience was completely different.'],
  },
  {
    id: 'thanks',
    weight: 3,
    tone: 'happy',
    sentiment: [0.7, 0.2],
    it: ['Grazie per la risposta!', 'Gentilissimi, grazie.', 'Perfetto, grazie mille per l’aiuto.'],
    en: ['Thanks for the answer!', 'Very kind, thank you.', 'Perfect, thanks for the help.'],
  },
  {
    id: 'still-waiting',
    weight: 2,
    tone: 'angry',
    sentiment: [-0.5, 0.2],
    it: ['Ancora nessuna risposta?', 'Vi ho scritto tre giorni fa e niente.', 'Risposta standard, non mi aiuta.'],
    en: ['Still no answer?', 'I wrote three days ago and nothing.', 'Copy-paste answer, not helpful.'],
  },
];

/** A platform's own notice (follow, likes): neutral-positive, never flagged. */
export function notice(text: string, sentiment: number): Utterance {
  return { text, core: '', sentiment, adverseEvent: false, profanity: false, spam: false, label: null };
}

export function followText(lang: Lang, name: string): string {
  return lang === 'it' ? `${name} ha iniziato a seguirti` : `${name} started following you`;
}

export function likeSummaryText(lang: Lang, name: string, others: number): string {
  return lang === 'it'
    ? `A ${name} e altre ${others} persone piace il tuo post`
    : `${name} and ${others} others liked your post`;
}

export type Stars = 1 | 2 | 3 | 4 | 5;

/** Everything a client's audience says, by kind of interaction. */
export interface ClientContent {
  slots: Slots;
  /** Captions of the client's own posts (the threads people comment on). */
  posts: { it: readonly string[]; en: readonly string[] };
  comments: readonly Intent[];
  /** Later messages of a DM conversation (the first one is a comment intent). */
  dmFollowUps: readonly Intent[];
  reviews: Readonly<Record<Stars, { it: readonly string[]; en: readonly string[] }>>;
  /** Templates may use `{handle}`, the client's handle on that platform. */
  mentions: readonly Intent[];
  shares: readonly Intent[];
}

const starSentiment: Record<Stars, number> = { 1: -0.8, 2: -0.5, 3: 0, 4: 0.5, 5: 0.85 };

export function review(rng: Rng, lang: Lang, stars: Stars, content: ClientContent): Utterance {
  const texts = content.reviews[stars];
  const text = fill(rng, rng.pick(texts[lang].length > 0 ? texts[lang] : texts.it), lang, content.slots);
  return {
    text,
    core: text,
    sentiment: Math.round(rng.around(starSentiment[stars], 0.15) * 100) / 100,
    adverseEvent: false,
    profanity: false,
    spam: false,
    label: stars <= 2 ? 'reclamo' : null,
  };
}
