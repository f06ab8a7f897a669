/**
 * Test support for the server's rule tests (rules.property.test.ts, moderation tests): the test
 * world of server/testing plus a political client whose one-step chain includes an admin who is
 * also an approver, and fresh items per property run so one server and database serve every run.
 * No production code imports it.
 */
import type { Client, Interaction, Item, User } from '../../shared/domain/entities';
import { makeClient, makeInteraction, makeItem, T0 } from '../../shared/domain/testing';
import type { Db } from '../db/db';
import { hashPassword } from '../auth/passwords';
import { writeBatch, writeUsers } from '../seed/write';
import { OTHER, PASSWORD, PHARMA, people } from '../testing/world';

export const POLITICS = 'c-politics';

export const politicsPeople = {
  staff: {
    id: 'u-staff',
    name: 'Dott. Luca Ferraro',
    email: 'staff@test.example',
    role: 'approver',
    clientIds: [POLITICS],
    alsoApprover: false,
  },
  adminApprover: {
    id: 'u-admin-approver',
    name: 'Chiara Rinaldi',
    email: 'admin-approver@test.example',
    role: 'admin',
    clientIds: null,
    alsoApprover: true,
  },
  politicsModerator: {
    id: 'u-mod-politics',
    name: 'Marco Villa',
    email: 'mod-politics@test.example',
    role: 'moderator',
    clientIds: [POLITICS],
    alsoApprover: false,
  },
} as const satisfies Record<string, User>;

export const everyone: Record<string, User> = { ...people, ...politicsPeople };

export const POLITICS_REASONS = ['insulti', 'spam', 'dati personali'] as const;

export const politicsClient: Client = makeClient({
  id: POLITICS,
  name: 'On. Laura Bellini',
  regulation: 'politics',
  sensitivity: {
    topics: [{ id: 't-elections', label: 'Elezioni', keywords: ['elezioni', 'sciopero'], patterns: [], lang: null }],
    productNames: [],
  },
  approvalChain: [{ name: 'Staff', approverIds: [politicsPeople.staff.id, politicsPeople.adminApprover.id] }],
  moderationReasons: [...POLITICS_REASONS],
});

/** Adds the political client, its channel and thread, and its people (password: PASSWORD). */
export async function addPoliticsClient(db: Db): Promise<void> {
  const accounts = await Promise.all(
    Object.values(politicsPeople).map(async (user) => ({
      user,
      passwordHash: await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 }),
    })),
  );
  await db.transaction(async (tx) => {
    await writeBatch(tx, { clients: [politicsClient] }, T0);
    await writeUsers(tx, accounts, T0);
    await writeBatch(
      tx,
      {
        channels: [{ id: 'ch-politics', clientId: POLITICS, platform: 'facebook', name: 'Bellini', handle: 'bellini' }],
        threads: [
          {
            id: 'th-politics',
            clientId: POLITICS,
            channelId: 'ch-politics',
            kind: 'post',
            platformId: 'post-politics',
            text: null,
            url: null,
            createdAt: T0,
          },
        ],
      },
      T0,
    );
  });
}

export const RUN_CLIENTS = [PHARMA, OTHER, POLITICS] as const;

/** What each run's items ask: the first is sensitive for the regulated clients, the second is not. */
const QUESTIONS: Record<string, readonly [string, string]> = {
  [PHARMA]: ['Quali effetti collaterali ha?', 'Dove vi trovo?'],
  [OTHER]: ['Avete la pasta senza glutine?', 'Dove vi trovo?'],
  [POLITICS]: ['Cosa pensa dello sciopero di domani?', 'Grazie per il lavoro!'],
};

/** Two fresh items per client for run `run`, in RUN_CLIENTS order; answers their ids. */
export async function seedRunItems(db: Db, run: number, now: number): Promise<string[]> {
  const interactions: Interaction[] = [];
  const items: Item[] = [];
  for (const clientId of RUN_CLIENTS) {
    const short = clientId.slice(2);
    QUESTIONS[clientId]?.forEach((text, index) => {
      const id = `${short}-${run}-${index}`;
      interactions.push(
        makeInteraction({
          id: `ix-run-${id}`,
          clientId,
          channelId: `ch-${short}`,
          threadId: `th-${short}`,
          platformId: `p-run-${id}`,
          contactId: 'ct-both',
          text,
          createdAt: now - 60_000,
        }),
      );
      items.push(
        makeItem({
          id: `it-run-${id}`,
          interactionId: `ix-run-${id}`,
          clientId,
          channelId: `ch-${short}`,
          createdAt: now - 60_000,
        }),
      );
    });
  }
  await db.transaction((tx) => writeBatch(tx, { interactions, items }, now));
  return items.map((item) => item.id);
}
