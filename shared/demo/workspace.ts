import type { Channel, Client, Platform, User, Workspace } from '../domain/entities';
import { DEFAULT_SLA } from '../domain/priority';
import type { ClientContent } from './content/engine';
import { consumerContent } from './content/consumer';
import { pharmaContent } from './content/pharma';
import { politicsContent } from './content/politics';

import { CONSUMER, PHARMA, POLITICS } from './ids';

export { savedReplies } from './savedReplies';

/** The agency, its people and its three clients, with their policies and saved replies. */

export const workspace: Workspace = { id: 'ws-demo', name: 'Agenzia Lumen' };

const user = (
  id: string,
  name: string,
  role: User['role'],
  clientIds: string[] | null,
  alsoApprover = false,
): User => ({
  id,
  name,
  email: `${name
    .toLowerCase()
    .replace(/^(dott\.ssa|dott\.|avv\.) /, '')
    .replace(/[^a-z]+/g, '.')}@agenzialumen.it`,
  role,
  clientIds,
  alsoApprover,
});

export { CONSUMER, PHARMA, POLITICS };

export const users: readonly User[] = [
  user('us-admin', 'Alessandra Ferri', 'admin', null),
  user('us-lead', 'Paolo Greco', 'lead', null),
  user('us-giulia', 'Giulia Conti', 'moderator', null),
  user('us-marco', 'Marco Rinaldi', 'moderator', null),
  user('us-sara', 'Sara Esposito', 'moderator', [PHARMA, CONSUMER]),
  user('us-luca', 'Luca Moretti', 'moderator', [POLITICS]),
  user('us-chiara', 'Chiara Fontana', 'moderator', [CONSUMER, POLITICS]),
  user('us-medical', 'Dott.ssa Elena Marchetti', 'approver', [PHARMA]),
  user('us-medical2', 'Dott. Andrea Bassi', 'approver', [PHARMA]),
  user('us-legal', 'Avv. Federica Galli', 'approver', [PHARMA]),
  user('us-regulatory', 'Dott. Stefano Villa', 'approver', [PHARMA]),
  user('us-press', 'Valentina Ricci', 'approver', [POLITICS]),
  user('us-staff', 'Giorgio Leone', 'approver', [POLITICS]),
  user('us-brand', 'Martina Costa', 'approver', [CONSUMER]),
];

const moderatorIds: ReadonlyMap<string, readonly string[]> = new Map(
  [PHARMA, POLITICS, CONSUMER].map((clientId) => [
    clientId,
    users
      .filter((u) => u.role === 'moderator' || u.role === 'lead')
      .filter((u) => u.clientIds === null || u.clientIds.includes(clientId))
      .map((u) => u.id),
  ]),
);
/** Who may work on a client's items (moderators and the lead), by user id. */
export const moderatorsOf = (clientId: string): readonly string[] => moderatorIds.get(clientId) ?? [];

/** "Dott.ssa Elena Marchetti" → "Elena": what `{{agent.first_name}}` becomes. */
export const firstNameOf = (userId: string): string => {
  const name = users.find((u) => u.id === userId)?.name ?? '';
  return name.replace(/^(Dott\.ssa|Dott\.|Avv\.) /, '').split(' ')[0] ?? name;
};

const topic = (id: string, label: string, lang: 'it' | 'en' | null, keywords: string[], patterns: string[] = []) => ({
  id,
  label,
  lang,
  keywords,
  patterns,
});

export const clients: readonly Client[] = [
  {
    id: PHARMA,
    name: 'Vitalia Pharma',
    regulation: 'pharma',
    languages: ['it', 'en'],
    sensitivity: {
      productNames: ['Cardiolex', 'Respirax'],
      topics: [
        topic('side-effects', 'Effetti collaterali', null, [
          'effetti collaterali',
          'effetto collaterale',
          'side effect',
          'side effects',
          'reazione',
          'pronto soccorso',
          'ricoverato',
          'svenuto',
          'hospital',
          'fainted',
        ]),
        topic(
          'dosage',
          'Dosaggio',
          null,
          ['dosaggio', 'dose', 'compressa', 'spruzzi', 'puffs', 'tablet'],
          ['\\d+ ?(mg|mcg)'],
        ),
        topic('off-label', 'Uso off-label', null, [
          'off-label',
          'dimagrire',
          'weight loss',
          'bambini',
          'children',
          'emicrania',
          'migraines',
        ]),
        topic('pregnancy', 'Gravidanza e allattamento', null, [
          'gravidanza',
          'allattando',
          'pregnancy',
          'breastfeeding',
        ]),
      ],
    },
    approvalChain: [
      { name: 'Revisione medica', approverIds: ['us-medical', 'us-medical2'] },
      { name: 'Revisione legale', approverIds: ['us-legal'] },
      { name: 'Affari regolatori', approverIds: ['us-regulatory'] },
    ],
    approvalSlaMinutes: 24 * 60,
    sla: { ...DEFAULT_SLA, dm: 120, comment: 240 },
    moderationReasons: [
      'Evento avverso inoltrato alla farmacovigilanza',
      'Informazioni mediche non verificate',
      'Dati sanitari personali',
      'Linguaggio offensivo',
      'Spam',
    ],
  },
  {
    id: POLITICS,
    name: 'On. Laura Bellini',
    regulation: 'politics',
    languages: ['it'],
    sensitivity: {
      productNames: [],
      topics: [
        topic('elections', 'Elezioni', null, [
          'elezioni',
          'ricandida',
          'seggio',
          'sondaggi',
          'candidato',
          'regionali',
          'europee',
          'comunali',
          'election',
          'elections',
          'polls',
          'running',
        ]),
        topic('labour', 'Scioperi e sindacati', null, [
          'sciopero',
          'sindacati',
          'sindacato',
          'contratto',
          'strike',
          'unions',
        ]),
      ],
    },
    approvalChain: [
      { name: 'Ufficio stampa', approverIds: ['us-press'] },
      { name: 'Capo di gabinetto', approverIds: ['us-staff'] },
    ],
    approvalSlaMinutes: 4 * 60,
    sla: { ...DEFAULT_SLA, comment: 6 * 60, mention: 6 * 60 },
    moderationReasons: ['Insulti o minacce', 'Incitamento all’odio', 'Spam', 'Dati personali di terzi'],
  },
  {
    id: CONSUMER,
    name: 'Pasta Dorata',
    regulation: 'none',
    languages: ['it', 'en'],
    sensitivity: {
      productNames: [],
      topics: [
        topic('allergens', 'Allergeni', null, [
          'allergica',
          'allergeni',
          'glutine',
          'celiaci',
          'soia',
          'frutta a guscio',
          'allergic',
          'gluten-free',
          'coeliacs',
          'soy',
        ]),
        topic('contest', 'Concorso a premi', null, ['concorso', 'regolamento', 'premio', 'contest', 'prize']),
        topic('safety', 'Sicurezza alimentare', null, ['corpo estraneo', 'farfalline', 'foreign', 'moths']),
      ],
    },
    approvalChain: [{ name: 'Brand manager', approverIds: ['us-brand'] }],
    approvalSlaMinutes: 8 * 60,
    sla: DEFAULT_SLA,
    moderationReasons: ['Linguaggio offensivo', 'Spam', 'Pubblicità non autorizzata'],
  },
];

export const contentOf: Readonly<Record<string, ClientContent>> = {
  [PHARMA]: pharmaContent,
  [POLITICS]: politicsContent,
  [CONSUMER]: consumerContent,
};

const channelSpecs: Record<
  string,
  { slug: string; names: Record<Platform, string>; handles: Record<Platform, string> }
> = {
  [PHARMA]: {
    slug: 'vit',
    names: {
      facebook: 'Vitalia Pharma Italia',
      instagram: 'vitaliapharma',
      google: 'Vitalia Pharma – Sede di Latina',
      youtube: 'Vitalia Salute',
      x: 'VitaliaPharmaIT',
      linkedin: 'Vitalia Pharma',
    },
    handles: {
      facebook: '@VitaliaPharmaItalia',
      instagram: '@vitaliapharma',
      google: 'Vitalia Pharma Latina',
      youtube: '@vitaliasalute',
      x: '@VitaliaPharmaIT',
      linkedin: 'vitalia-pharma',
    },
  },
  [POLITICS]: {
    slug: 'bel',
    names: {
      facebook: 'Laura Bellini',
      instagram: 'laurabellini.official',
      google: 'Segreteria On. Bellini – Bologna',
      youtube: 'Laura Bellini',
      x: 'LauraBellini',
      linkedin: 'Laura Bellini',
    },
    handles: {
      facebook: '@LauraBelliniUfficiale',
      instagram: '@laurabellini.official',
      google: 'Segreteria Bellini',
      youtube: '@laurabellini',
      x: '@LauraBellini',
      linkedin: 'laura-bellini',
    },
  },
  [CONSUMER]: {
    slug: 'pd',
    names: {
      facebook: 'Pasta Dorata',
      instagram: 'pastadorata',
      google: 'Pasta Dorata – Spaccio di Gragnano',
      youtube: 'Pasta Dorata Ricette',
      x: 'PastaDorata',
      linkedin: 'Pasta Dorata S.p.A.',
    },
    handles: {
      facebook: '@PastaDorata',
      instagram: '@pastadorata',
      google: 'Pasta Dorata Gragnano',
      youtube: '@pastadorataricette',
      x: '@PastaDorata',
      linkedin: 'pasta-dorata',
    },
  },
};

export const channels: readonly Channel[] = clients.flatMap((client) => {
  const spec = channelSpecs[client.id];
  if (!spec) return [];
  return (Object.keys(spec.names) as Platform[]).map((platform) => ({
    id: `ch-${spec.slug}-${platform}`,
    clientId: client.id,
    platform,
    name: spec.names[platform],
    handle: spec.handles[platform],
  }));
});
