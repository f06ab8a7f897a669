import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor, Item } from '../../../shared/domain';
import type { PullResponse, PushResponse } from '../../../shared/sync/protocol';
import type { Mutation } from '../../../shared/sync/mutations';
import { createItemActions, readUser } from '../api/item-actions';
import { createReplyActions } from '../api/replies';
import { readItem } from '../replica/entities';
import { pendingCount, pendingMutations, refusedMutations } from '../replica/outbox';
import { sql } from '../replica/sql';
import { readSyncMeta } from '../replica/syncMeta';
import { openDemoReplica, TEST_NOW, type TempReplica } from '../replica/testing';
import { SyncEngine, type SyncStatus } from './engine';
import { replayMutation } from './replay';
import { SyncHttpError, type SyncTransport } from './transport';

let opened: TempReplica;
let actor: Actor;
let itemId: string;

beforeEach(async () => {
  opened = await openDemoReplica(60);
  const { writer } = opened.replica;
  writer.transaction(() => writer.run(sql`UPDATE sync_meta SET snapshot_done = 1 WHERE singleton = 1`));
  const user = readUser(opened.replica.reader, 'us-giulia');
  if (!user) throw new Error('demo user missing');
  actor = user;
  const open = opened.replica.reader.column<string>(
    sql`SELECT id FROM items WHERE status IN ('new', 'open') AND assignee_pk IS NULL ORDER BY id LIMIT 1`,
  )[0];
  if (!open) throw new Error('no open item');
  itemId = open;
});
afterEach(async () => {
  vi.useRealTimers();
  await opened.dispose();
});

function harness(transport: Partial<SyncTransport>) {
  const { writer } = opened.replica;
  const actions = createItemActions({ db: writer, actor: () => actor, now: () => TEST_NOW });
  const replies = createReplyActions({ db: writer, actor: () => actor, client: actions.client, now: () => TEST_NOW });
  const statuses: SyncStatus[] = [];
  const signedOut: string[] = [];
  const engine = new SyncEngine({
    replica: opened.replica,
    transport: {
      login: () => Promise.reject(new Error('unused')),
      logout: () => Promise.resolve(),
      push: () => Promise.resolve({ lastMutationId: 0, gapAt: null }),
      pull: () => Promise.resolve(emptyPull(0)),
      snapshot: () => Promise.reject(new Error('unused')),
      decide: () => Promise.reject(new Error('unused')),
      ...transport,
    },
    token: () => 'token',
    replay: (mutation) => replayMutation({ act: actions.act, ...replies }, mutation),
    onStatus: (status) => statuses.push(status),
    onSignedOut: (message) => signedOut.push(message),
    log: { info: () => undefined, warn: () => undefined },
    now: () => TEST_NOW,
    random: () => 0.5,
  });
  const idle = async () => {
    for (let i = 0; i < 50 && statuses.at(-1)?.state !== 'online' && statuses.at(-1)?.state !== 'offline'; i += 1)
      await new Promise((resolve) => setImmediate(resolve));
  };
  return { engine, actions, statuses, signedOut, idle };
}

const emptyPull = (lastMutationId: number, extra: Partial<PullResponse> = {}): PullResponse => ({
  changes: [],
  cursor: 5,
  more: false,
  lastMutationId,
  refused: [],
  ...extra,
});

const labelsOf = (id: string) => readItem(opened.replica.reader, id)?.labels ?? [];
const serverItem = (id: string, patch: Partial<Item>): Item => {
  const stored = readItem(opened.replica.reader, id);
  if (!stored) throw new Error('no item');
  const { pk: _pk, interactionPk: _interactionPk, ...item } = stored;
  return { ...item, ...patch };
};

describe('the sync engine', () => {
  it('pushes the outbox in order, then drops what the server confirmed', async () => {
    const pushed: Mutation[][] = [];
    const { engine, actions, idle, statuses } = harness({
      push: (_token, _client, mutations) => {
        pushed.push([...mutations]);
        return Promise.resolve({ lastMutationId: mutations.at(-1)?.id ?? 0, gapAt: null } satisfies PushResponse);
      },
      // The server's change log brings the item as it now is (both labels applied there).
      pull: () =>
        Promise.resolve(
          emptyPull(2, {
            changes: [{ cursor: 5, entity: 'item', id: itemId, op: 'upsert', data: serverItem(itemId, {}) }],
          }),
        ),
    });
    actions.act(itemId, { type: 'label', label: 'uno', op: 'add' });
    actions.act(itemId, { type: 'label', label: 'due', op: 'add' });
    engine.start();
    await idle();
    await engine.stop();
    expect(pushed.flat().map((m) => [m.id, m.name])).toEqual([
      [1, 'item.label'],
      [2, 'item.label'],
    ]);
    expect(pendingCount(opened.replica.reader)).toBe(0);
    expect(labelsOf(itemId)).toEqual(expect.arrayContaining(['uno', 'due']));
    expect(statuses.at(-1)).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(readSyncMeta(opened.replica.reader).cursor).toBe(5);
  });

  it('keeps a change made during a pull on a file that lost ids (a power cut): numbered above the server', async () => {
    let pulls = 0;
    const { engine, actions, idle } = harness({
      // The server applied #1–#3 of this replica; the file rolled back to before them. The
      // moderator labels an item while the first pull is on its way: the change gets #1 again.
      pull: () => {
        pulls += 1;
        if (pulls === 1) actions.act(itemId, { type: 'label', label: 'dopo', op: 'add' });
        return Promise.resolve(emptyPull(3));
      },
    });
    engine.start();
    await idle();
    await engine.stop();
    // Not dropped as confirmed by the rebase: still pending, under an id the server does not have.
    expect(pendingMutations(opened.replica.reader).map((m) => [m.id, m.args])).toEqual([
      [4, { itemId, label: 'dopo', op: 'add' }],
    ]);
    expect(labelsOf(itemId)).toContain('dopo');
    expect(readSyncMeta(opened.replica.reader).lastMutationId).toBe(4);
  });

  it('sends again under new ids what the server says it holds other content for (reusedAt)', async () => {
    const pushed: number[][] = [];
    const { engine, actions, idle } = harness({
      push: (_token, _client, mutations) => {
        pushed.push(mutations.map((m) => m.id));
        // Another copy of this replica used #1 and #2 meanwhile: the server has other content there.
        if (mutations[0]?.id === 1) return Promise.resolve({ lastMutationId: 2, gapAt: null, reusedAt: 1 });
        return Promise.resolve({ lastMutationId: mutations.at(-1)?.id ?? 0, gapAt: null });
      },
      pull: () => Promise.resolve(emptyPull(4)),
    });
    actions.act(itemId, { type: 'label', label: 'uno', op: 'add' });
    actions.act(itemId, { type: 'label', label: 'due', op: 'add' });
    engine.start();
    await idle();
    await engine.stop();
    expect(pushed).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(pendingCount(opened.replica.reader)).toBe(0);
    expect(readSyncMeta(opened.replica.reader).lastMutationId).toBe(4);
  });

  it("puts a refused change back to the server's version and lists it with the server's reason", async () => {
    const before = labelsOf(itemId);
    const { engine, actions, idle } = harness({
      push: () => Promise.resolve({ lastMutationId: 1, gapAt: null }),
      pull: () =>
        Promise.resolve(
          emptyPull(1, { refused: [{ id: 1, code: 'already_assigned', message: 'Marco claimed it first' }] }),
        ),
    });
    actions.act(itemId, { type: 'claim' });
    expect(readItem(opened.replica.reader, itemId)?.assigneeId).toBe('us-giulia');
    engine.start();
    await idle();
    await engine.stop();
    expect(readItem(opened.replica.reader, itemId)?.assigneeId).toBeNull();
    expect(labelsOf(itemId)).toEqual(before);
    expect(refusedMutations(opened.replica.reader)).toMatchObject([
      { id: 1, name: 'item.claim', refusedCode: 'already_assigned', refusedMessage: 'Marco claimed it first' },
    ]);
  });

  it('applies a change still pending again on top of what the server says meanwhile (rebase)', async () => {
    let act: ((label: string) => void) | null = null;
    const { engine, actions, idle } = harness({
      push: () => Promise.resolve({ lastMutationId: 1, gapAt: null }),
      pull: () => {
        // The moderator labels the item again while the pull is on its way (mutation 2).
        act?.('later');
        return Promise.resolve(
          emptyPull(1, {
            changes: [
              {
                cursor: 5,
                entity: 'item',
                id: itemId,
                op: 'upsert',
                // The server applied mutation 1, and a colleague changed the priority meanwhile.
                data: serverItem(itemId, { labels: ['mine'], priority: 3 }),
              },
            ],
          }),
        );
      },
    });
    act = (label) => actions.act(itemId, { type: 'label', label, op: 'add' });
    act('mine');
    engine.start();
    await idle();
    await engine.stop();
    expect(labelsOf(itemId).sort()).toEqual(['later', 'mine']);
    expect(readItem(opened.replica.reader, itemId)?.priority).toBe(3);
    expect(pendingCount(opened.replica.reader)).toBe(1);
  });

  it('never loops on a server that answers without taking the batch: it backs off', async () => {
    let pushes = 0;
    const { engine, actions, idle, statuses } = harness({
      push: () => {
        pushes += 1;
        return Promise.resolve({ lastMutationId: 0, gapAt: null });
      },
    });
    actions.act(itemId, { type: 'label', label: 'x', op: 'add' });
    engine.start();
    await idle();
    await engine.stop();
    expect(pushes).toBe(1);
    expect(statuses.at(-1)).toMatchObject({ state: 'offline', problem: { code: 'push_not_taken' } });
    expect(pendingCount(opened.replica.reader)).toBe(1);
  });

  it("goes offline with the server's sentence and waits at least its Retry-After", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let pushes = 0;
    const { engine, actions, statuses } = harness({
      push: () => {
        pushes += 1;
        return Promise.reject(new SyncHttpError(429, 'rate_limited', 'too many requests: try again in 30 s', 30_000));
      },
    });
    actions.act(itemId, { type: 'label', label: 'x', op: 'add' });
    engine.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({
      state: 'offline',
      lastError: 'too many requests: try again in 30 s',
      problem: { code: 'rate_limited' },
    });
    expect(pushes).toBe(1);
    engine.trigger(); // a new local change during the backoff does not hammer the server
    await vi.advanceTimersByTimeAsync(29_000);
    expect(pushes).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(pushes).toBe(2);
    expect(pendingCount(opened.replica.reader)).toBe(1);
    await engine.stop();
  });

  it('syncs right after a cycle that was failing when the server came back, not after its backoff', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let up = false;
    let pushes = 0;
    const outage = { fail: (): void => undefined };
    const { engine, actions, statuses } = harness({
      push: (_token, _client, mutations) => {
        pushes += 1;
        if (up) return Promise.resolve({ lastMutationId: mutations.at(-1)?.id ?? 0, gapAt: null });
        // A request sent during the outage: it fails when the connection gives up.
        return new Promise((_resolve, reject) => {
          outage.fail = () => reject(new Error('connection reset'));
        });
      },
      pull: () => Promise.resolve(emptyPull(1)),
    });
    actions.act(itemId, { type: 'label', label: 'x', op: 'add' });
    engine.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes).toBe(1);
    // The server is back (the socket reconnected) while that request is still on its way.
    up = true;
    engine.retryNow();
    outage.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes).toBe(2);
    expect(statuses.at(-1)).toMatchObject({ state: 'online', pending: 0 });
    await engine.stop();
  });

  it('stops and asks for a new sign-in when the server refuses the token; the outbox is kept', async () => {
    let pushes = 0;
    const { engine, actions, signedOut, idle, statuses } = harness({
      push: () => {
        pushes += 1;
        return Promise.reject(new SyncHttpError(401, 'session_expired', 'the session expired: sign in again', null));
      },
    });
    actions.act(itemId, { type: 'label', label: 'x', op: 'add' });
    engine.start();
    await idle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await engine.stop();
    expect(signedOut).toEqual(['the session expired: sign in again']);
    expect(statuses.at(-1)?.problem).toEqual({ code: 'session_expired' });
    expect(pushes).toBe(1);
    expect(pendingCount(opened.replica.reader)).toBe(1);
  });
});
