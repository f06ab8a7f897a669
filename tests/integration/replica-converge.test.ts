/**
 * Replicas converge EXACTLY: three real desktops (two moderators who see every client, one who
 * sees two) do random work on the same items — claims, labels, drafts, a colleague's edit of a
 * draft, sends, notes — each syncing when it likes. Once everyone is quiet, every column of every
 * synced row of each replica must equal what a brand-new replica of the same user, filled from
 * the server's snapshot, holds: the server's rows as that user may see them
 * (support/replica-rows.ts derives the tables and columns from the replica's schema).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICA_FILE, type Core } from '../../electron/core';
import type { ModeratorServer } from '../../server/app';
import { act, call, lastStatus, signedInDesktop, startDemoServer, until } from './support/desktops';
import { differences, readReplicaRows } from './support/replica-rows';

const folder = mkdtempSync(join(tmpdir(), 'replica-converge-'));
const USERS = ['us-giulia', 'us-marco', 'us-sara'] as const;
const ITEMS = 4;
let server: ModeratorServer;
let url: string;
const desktops: Core[] = [];
let items: { itemId: string; contactId: string }[] = [];

beforeAll(async () => {
  const started = await startDemoServer(folder, 120);
  server = started.server;
  url = started.url;
  for (const [index, userId] of USERS.entries()) desktops.push(await signedInDesktop(folder, `d${index}`, url, userId));
  // Open items every desktop sees (the last user sees fewer clients than the others).
  const page = await call(desktops[2]!, 'queue:list', { view: 'inbox', sort: 'oldest', limit: 100 });
  const open = page.rows.filter((row) => row.assignee === null).slice(0, ITEMS);
  items = await Promise.all(
    open.map(async (row) => {
      const detail = await call(desktops[2]!, 'item:get', { itemId: row.itemId });
      return { itemId: row.itemId, contactId: detail.author.id };
    }),
  );
  if (items.length < ITEMS) throw new Error('not enough open items');
}, 300_000);

afterAll(async () => {
  for (const core of desktops) await core.close().catch(() => undefined);
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Pushes and pulls until this desktop has nothing pending and has pulled after `since`. */
async function settle(core: Core): Promise<void> {
  const since = Date.now();
  await call(core, 'sync:retry', {});
  await until('the desktop to be in sync', () => {
    const status = lastStatus(core);
    return status?.state === 'online' && status.pending === 0 && (status.lastSyncAt ?? 0) >= since;
  });
}

async function settleAll(): Promise<void> {
  // Twice: what one desktop pushes in the first round, the others pull in the second.
  for (let round = 0; round < 2; round += 1) for (const core of desktops) await settle(core);
}

const desk = fc.integer({ min: 0, max: USERS.length - 1 });
const item = fc.integer({ min: 0, max: ITEMS - 1 });
const move = fc.oneof(
  fc.record({ type: fc.constant('claim' as const), desk, item }),
  fc.record({ type: fc.constant('label' as const), desk, item, label: fc.constantFrom('follow-up', 'vip') }),
  // `draft` is one of two reply ids per item: a colleague's draft is edited when they pick the same one.
  fc.record({ type: fc.constant('draft' as const), desk, item, draft: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ type: fc.constant('send' as const), desk, item, draft: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ type: fc.constant('note' as const), desk, item }),
  fc.record({ type: fc.constant('sync' as const), desk }),
);
type Move = typeof move extends fc.Arbitrary<infer T> ? T : never;

let made = 0;
async function play(action: Move): Promise<void> {
  const core = desktops[action.desk]!;
  if (action.type === 'sync') return settle(core);
  const { itemId, contactId } = items[action.item]!;
  made += 1;
  const replyId = `rp-conv-${action.item}-${'draft' in action ? action.draft : 0}`;
  // A move the local rules refuse (a reply already sent, an item someone else holds) is a move too.
  const attempt = async (run: () => Promise<unknown>) => {
    await run().catch((error: unknown) => {
      if (!(error instanceof Error) || /: internal:/.test(error.message)) throw error;
    });
  };
  switch (action.type) {
    case 'claim':
      return attempt(() => act(core, itemId, { type: 'claim' }));
    case 'label':
      return attempt(() => act(core, itemId, { type: 'label', label: action.label, op: 'add' }));
    case 'draft':
      return attempt(() =>
        call(core, 'reply:saveDraft', {
          replyId,
          itemId,
          text: `Risposta ${made} da ${USERS[action.desk]}`,
          visibility: 'public',
          savedReplyId: null,
          escalated: false,
          escalationNote: null,
        }),
      );
    case 'send':
      return attempt(() => call(core, 'reply:send', { replyId }));
    case 'note':
      return attempt(() =>
        call(core, 'note:add', { noteId: `n-conv-${made}`, contactId, itemId, text: `Nota ${made}` }),
      );
  }
}

describe('replicas converge exactly', () => {
  it('every column of every synced row equals the server’s, on every desktop, after random work', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(move, { minLength: 20, maxLength: 40 }), async (moves) => {
        // A colleague's edit of a draft, always: A drafts, B sees it, B edits it.
        await play({ type: 'draft', desk: 0, item: 0, draft: 1 });
        await settleAll();
        await play({ type: 'draft', desk: 1, item: 0, draft: 1 });
        for (const action of moves) await play(action);
        await settleAll();
      }),
      { numRuns: 1 },
    );
    // Brand-new replicas of the same users, filled from the server's snapshot now.
    const fresh: Core[] = [];
    for (const [index, userId] of USERS.entries())
      fresh.push(await signedInDesktop(folder, `fresh${index}`, url, userId));
    for (const core of [...desktops, ...fresh]) await core.close();
    desktops.length = 0;
    for (const index of USERS.keys()) {
      const worked = readReplicaRows(join(folder, `d${index}`, REPLICA_FILE));
      const expected = readReplicaRows(join(folder, `fresh${index}`, REPLICA_FILE));
      expect([...worked.keys()]).toEqual([...expected.keys()]);
      expect(worked.get('replies')?.length ?? 0).toBeGreaterThan(0);
      const found = differences(worked, expected);
      expect({ desktop: USERS[index], differing: found.length, first: found.slice(0, 5) }).toEqual({
        desktop: USERS[index],
        differing: 0,
        first: [],
      });
    }
  }, 600_000);
});
