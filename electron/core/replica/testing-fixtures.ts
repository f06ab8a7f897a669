import type {
  Channel,
  Client,
  Contact,
  Interaction,
  Item,
  Platform,
  Reply,
  Thread,
  User,
} from '../../../shared/domain/entities';
import { DEFAULT_SLA } from '../../../shared/domain/priority';

/** Small hand-made entities for tests that need exact texts, threads and times. */

export const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const MINUTE = 60_000;

export const fixtureClient: Client = {
  id: 'cl-test',
  name: 'Test Pharma',
  regulation: 'pharma',
  languages: ['it', 'en'],
  sensitivity: { topics: [], productNames: ['Cardiolex'] },
  approvalChain: [{ name: 'Medical', approverIds: ['us-approver'] }],
  approvalSlaMinutes: 60,
  sla: DEFAULT_SLA,
  moderationReasons: ['Spam'],
};

export const fixtureUsers: User[] = [
  {
    id: 'us-mod',
    name: 'Giulia Conti',
    email: 'giulia@example.it',
    role: 'moderator',
    clientIds: null,
    alsoApprover: false,
  },
  {
    id: 'us-approver',
    name: 'Elena Marchetti',
    email: 'elena@example.it',
    role: 'approver',
    clientIds: ['cl-test'],
    alsoApprover: false,
  },
];

export function fixtureChannel(platform: Platform): Channel {
  return { id: `ch-${platform}`, clientId: 'cl-test', platform, name: `Test ${platform}`, handle: `@test_${platform}` };
}

export function fixtureContact(id: string, displayName: string, handles: Contact['handles'] = []): Contact {
  return { id, displayName, firstName: displayName.split(' ')[0] ?? null, handles, labels: [], firstSeenAt: T0 };
}

export function fixtureThread(id: string, kind: Thread['kind'], platform: Platform = 'facebook'): Thread {
  return {
    id,
    clientId: 'cl-test',
    channelId: `ch-${platform}`,
    kind,
    platformId: `p-${id}`,
    text: kind === 'post' ? 'Il nostro post' : null,
    url: null,
    createdAt: T0,
  };
}

let sequence = 0;

export function fixtureInteraction(
  fields: Partial<Interaction> & { id: string; threadId: string; contactId: string; text: string },
  platform: Platform = 'facebook',
): Interaction {
  sequence += 1;
  return {
    clientId: 'cl-test',
    channelId: `ch-${platform}`,
    kind: 'comment',
    platformId: `px-${fields.id}-${sequence}`,
    parentId: null,
    lang: 'it',
    createdAt: T0 + sequence * MINUTE,
    sentiment: 0,
    rating: null,
    flags: { sensitive: false, adverseEvent: false, spam: false, profanity: false },
    ...fields,
  };
}

export function fixtureItem(interaction: Interaction, fields: Partial<Item> = {}): Item {
  const priority = fields.priority ?? 50;
  const dueAt = fields.dueAt ?? interaction.createdAt + 240 * MINUTE;
  return {
    id: `it-${interaction.id}`,
    interactionId: interaction.id,
    clientId: interaction.clientId,
    channelId: interaction.channelId,
    status: 'new',
    priority,
    assigneeId: null,
    labels: [],
    dueAt,
    snoozedUntil: null,
    closedReason: null,
    createdAt: interaction.createdAt,
    updatedAt: interaction.createdAt,
    ...fields,
  };
}

export function fixtureReply(item: Item, fields: Partial<Reply> = {}): Reply {
  return {
    id: `rp-${item.id}`,
    itemId: item.id,
    clientId: item.clientId,
    authorId: 'us-mod',
    text: 'Grazie per averci scritto.',
    visibility: 'public',
    status: 'draft',
    version: 1,
    escalated: false,
    escalationNote: null,
    savedReplyId: null,
    approvals: [],
    createdAt: item.createdAt + MINUTE,
    updatedAt: item.createdAt + MINUTE,
    sentAt: null,
    ...fields,
  };
}
