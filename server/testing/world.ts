/**
 * A small, fixed workspace for the server's tests: two clients (a regulated one with a two-step
 * approval chain, and an unregulated one), people scoped in every way the rules distinguish, and
 * a few items on each client. Test support only: no production code imports it.
 */
import type {
  Client,
  Contact,
  Interaction,
  Item,
  Note,
  Reply,
  SavedReply,
  Thread,
  User,
} from '../../shared/domain/entities';
import { makeClient, makeInteraction, makeItem, makeReply, makeSavedReply, T0 } from '../../shared/domain/testing';
import type { Db } from '../db/db';
import { hashPassword } from '../auth/passwords';
import type { EntityBatch } from '../seed/write';
import { writeBatch, writeUsers } from '../seed/write';

export const PASSWORD = 'test-password';
export const PHARMA = 'c-pharma';
export const OTHER = 'c-other';

const user = (
  id: string,
  name: string,
  role: User['role'],
  clientIds: string[] | null,
  alsoApprover = false,
): User => ({
  id,
  name,
  email: `${id.slice(2)}@test.example`,
  role,
  clientIds,
  alsoApprover,
});

export const people = {
  admin: user('u-admin', 'Alessandra Ferri', 'admin', null),
  lead: user('u-lead', 'Paolo Greco', 'lead', null),
  moderator: user('u-mod', 'Giulia Conti', 'moderator', [PHARMA, OTHER]),
  pharmaModerator: user('u-mod-pharma', 'Sara Esposito', 'moderator', [PHARMA]),
  medical: user('u-medical', 'Dott.ssa Elena Marchetti', 'approver', [PHARMA]),
  legal: user('u-legal', 'Avv. Federica Galli', 'approver', [PHARMA]),
  otherApprover: user('u-approver-other', 'Martina Costa', 'approver', [OTHER]),
} as const;

export const clients: readonly Client[] = [
  makeClient({
    id: PHARMA,
    approvalChain: [
      { name: 'Medical review', approverIds: [people.medical.id] },
      { name: 'Legal review', approverIds: [people.legal.id] },
    ],
  }),
  makeClient({
    id: OTHER,
    name: 'Pasta Dorata',
    regulation: 'none',
    sensitivity: { topics: [], productNames: [] },
    approvalChain: [{ name: 'Brand manager', approverIds: [people.otherApprover.id] }],
    moderationReasons: ['spam', 'insulti'],
  }),
];

export const ITEMS_PER_CLIENT = 6;

function contact(id: string, firstName: string): Contact {
  return {
    id,
    displayName: `${firstName} Rossi`,
    firstName,
    handles: [{ platform: 'facebook', handle: id }],
    labels: [],
    firstSeenAt: T0,
  };
}

/** Item ids: `it-pharma-1` … and `it-other-1` …; their interactions `ix-…`. */
export function itemId(clientId: string, index: number): string {
  return `it-${clientId.slice(2)}-${index}`;
}

/** The regulated client's item whose interaction asks about side effects. */
export const SENSITIVE_ITEM = itemId(PHARMA, ITEMS_PER_CLIENT);

export function worldBatch(): EntityBatch {
  const contacts = [contact('ct-both', 'Anna'), contact('ct-pharma', 'Bruno'), contact('ct-other', 'Carla')];
  const threads: Thread[] = [];
  const interactions: Interaction[] = [];
  const items: Item[] = [];
  for (const client of clients) {
    const short = client.id.slice(2);
    const channelId = `ch-${short}`;
    threads.push({
      id: `th-${short}`,
      clientId: client.id,
      channelId,
      kind: 'post',
      platformId: `post-${short}`,
      text: null,
      url: null,
      createdAt: T0,
    });
    for (let index = 1; index <= ITEMS_PER_CLIENT; index += 1) {
      const interactionId = `ix-${short}-${index}`;
      const contactId = index === 1 ? 'ct-both' : `ct-${short}`;
      // The last item of the regulated client asks about side effects: every reply to it is sensitive.
      const text =
        client.id === PHARMA && index === ITEMS_PER_CLIENT ? 'Quali effetti collaterali ha?' : 'Dove vi trovo?';
      interactions.push(
        makeInteraction({
          id: interactionId,
          clientId: client.id,
          channelId,
          threadId: `th-${short}`,
          platformId: `p-${short}-${index}`,
          contactId,
          text,
          createdAt: T0 + index,
        }),
      );
      items.push(
        makeItem({
          id: itemId(client.id, index),
          interactionId,
          clientId: client.id,
          channelId,
          createdAt: T0 + index,
        }),
      );
    }
  }
  const savedReplies: SavedReply[] = [makeSavedReply({ id: 'sr-pharma', clientId: PHARMA })];
  const replies: Reply[] = [
    makeReply({
      id: 'r-seed-pharma',
      itemId: itemId(PHARMA, 2),
      clientId: PHARMA,
      authorId: people.pharmaModerator.id,
    }),
  ];
  const notes: Note[] = [
    { id: 'n-seed', contactId: 'ct-both', authorId: people.pharmaModerator.id, text: 'Cliente storica', createdAt: T0 },
  ];
  return {
    channels: clients.map((client) => ({
      id: `ch-${client.id.slice(2)}`,
      clientId: client.id,
      platform: 'facebook' as const,
      name: client.name,
      handle: client.id,
    })),
    savedReplies,
    contacts,
    threads,
    interactions,
    items,
    replies,
    notes,
  };
}

/** Writes the world into a migrated, empty database (users get PASSWORD). */
export async function seedWorld(db: Db, now = T0): Promise<void> {
  const accounts = await Promise.all(
    Object.values(people).map(async (person) => ({
      user: person,
      passwordHash: await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 }),
    })),
  );
  await db.transaction(async (tx) => {
    await writeBatch(tx, { workspace: { id: 'ws-test', name: 'Agenzia Test' }, clients }, now);
    await writeUsers(tx, accounts, now);
    await writeBatch(tx, worldBatch(), now);
  });
}
