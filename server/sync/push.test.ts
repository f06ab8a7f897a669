import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../shared/domain/entities';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { sql } from '../db/sql';
import { toInt } from '../db/db';
import { as, Clock, login, mutationOf, openWorldDb, pushOf, startTestServer } from '../testing/harness';
import { itemId, OTHER, people, PHARMA } from '../testing/world';
import { pushBatch } from './push';

let db: Db;
let server: ModeratorServer;
let moderator: ReturnType<typeof as>;
let lead: ReturnType<typeof as>;
let replicaCount = 0;
const clock = new Clock();

/** Each test gets its own replica id: tests share one database. */
const newReplica = () => `replica-push-${(replicaCount += 1)}`;

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, clock);
  moderator = as(server.app, await login(server.app, people.moderator.email));
  lead = as(server.app, await login(server.app, people.lead.email));
});

afterAll(async () => {
  await server.close();
  await db.close();
});

async function commitsOf(clientId: string): Promise<number[]> {
  const rows = await db.query(sql`SELECT mutation_id FROM commits WHERE client_id = ${clientId} ORDER BY seq`);
  return rows.map((found) => toInt(found.mutation_id));
}

async function itemRow(id: string): Promise<Item> {
  const [found] = await db.query(sql`SELECT data FROM entities WHERE entity = 'item' AND id = ${id}`);
  return found?.data as Item;
}

describe('push', () => {
  it('applies each mutation once however often the batch is resent (lost responses)', async () => {
    const replica = newReplica();
    const batch = pushOf(replica, [
      mutationOf(replica, 1, 'item.label', { itemId: itemId(OTHER, 1), label: 'x-once', op: 'add' }),
      mutationOf(replica, 2, 'item.label', { itemId: itemId(OTHER, 1), label: 'y-once', op: 'add' }),
    ]);
    const first = await moderator.push(batch);
    // The answer is "lost": the desktop sends the same batch again, twice, and then one more.
    const again = await moderator.push(batch);
    await moderator.push(batch);
    const extended = await moderator.push(
      pushOf(replica, [
        ...batch.mutations,
        mutationOf(replica, 3, 'item.label', { itemId: itemId(OTHER, 1), label: 'x-once', op: 'remove' }),
      ]),
    );
    expect(first.body).toEqual({ lastMutationId: 2, gapAt: null });
    expect(again.body).toEqual({ lastMutationId: 2, gapAt: null });
    expect(extended.body).toEqual({ lastMutationId: 3, gapAt: null });
    expect(await commitsOf(replica)).toEqual([1, 2, 3]);
    expect((await itemRow(itemId(OTHER, 1))).labels).toEqual(['y-once']);
  });

  it('stops the batch at a gap and tells where', async () => {
    const replica = newReplica();
    const label = (id: number) =>
      mutationOf(replica, id, 'item.label', { itemId: itemId(OTHER, 2), label: `gap-${id}`, op: 'add' });
    const answer = await moderator.push(pushOf(replica, [label(1), label(3), label(4)]));
    expect(answer.body).toEqual({ lastMutationId: 1, gapAt: 3 });
    expect(await commitsOf(replica)).toEqual([1]);
    const resent = await moderator.push(pushOf(replica, [label(2), label(3), label(4)]));
    expect(resent.body).toEqual({ lastMutationId: 4, gapAt: null });
    expect((await itemRow(itemId(OTHER, 2))).labels).toEqual(['gap-1', 'gap-2', 'gap-3', 'gap-4']);
  });

  it('answers a resent id whose content differs (an id handed out again) with reusedAt, applying nothing', async () => {
    const replica = newReplica();
    const label = (id: number, name: string) =>
      mutationOf(replica, id, 'item.label', { itemId: itemId(OTHER, 3), label: name, op: 'add' });
    expect((await moderator.push(pushOf(replica, [label(1, 'before-cut'), label(2, 'pushed')]))).body).toEqual({
      lastMutationId: 2,
      gapAt: null,
    });
    // The replica lost #2 (a power cut) and numbered its next change #2 again, then made #3.
    const reused = await moderator.push(pushOf(replica, [label(2, 'after-cut'), label(3, 'next')]));
    expect(reused.body).toEqual({ lastMutationId: 2, gapAt: null, reusedAt: 2 });
    expect((await itemRow(itemId(OTHER, 3))).labels).toEqual(['before-cut', 'pushed']);
    // A true resend still passes as one; the re-numbered changes are applied in their order.
    const renumbered = await moderator.push(
      pushOf(replica, [label(2, 'pushed'), label(3, 'after-cut'), label(4, 'next')]),
    );
    expect(renumbered.body).toEqual({ lastMutationId: 4, gapAt: null });
    expect(await commitsOf(replica)).toEqual([1, 2, 3, 4]);
    expect((await itemRow(itemId(OTHER, 3))).labels).toEqual(['before-cut', 'pushed', 'after-cut', 'next']);
  });

  it("keeps only the last hashes of a replica's mutations (bounded storage)", async () => {
    const replica = newReplica();
    const label = (id: number) =>
      mutationOf(replica, id, 'item.label', { itemId: itemId(OTHER, 4), label: `kept-${id}`, op: 'add' });
    const deps = { db, now: () => clock.now(), keptHashes: 3 };
    await pushBatch(deps, people.moderator, replica, [label(1), label(2), label(3)]);
    await pushBatch(deps, people.moderator, replica, [label(4), label(5)]);
    const kept = await db.query(
      sql`SELECT mutation_id FROM sync_mutation_hashes WHERE client_id = ${replica} ORDER BY mutation_id`,
    );
    expect(kept.map((found) => toInt(found.mutation_id))).toEqual([3, 4, 5]);
    // pushBatch alone leaves its commits unnumbered; the round of a push through HTTP numbers
    // them, so the next tests' pulls start after them instead of receiving them.
    const flush = newReplica();
    await moderator.push(
      pushOf(flush, [mutationOf(flush, 1, 'item.label', { itemId: itemId(OTHER, 4), label: 'kept-6', op: 'add' })]),
    );
  });

  it('records a refusal with its reason, advances the counter and reports it once in pull', async () => {
    const replica = newReplica();
    const start = (await moderator.pull(replica, 0, 5000)).body.cursor;
    const answer = await moderator.push(
      pushOf(replica, [
        mutationOf(replica, 1, 'item.archive', { itemId: itemId(OTHER, 3), reason: 'risolto' }),
        // Archived already: no transition from done.
        mutationOf(replica, 2, 'item.snooze', { itemId: itemId(OTHER, 3), until: clock.now() + 60_000 }),
        { clientId: replica, id: 3, name: 'item.claim', args: { itemId: 42 }, createdAt: 0 },
        mutationOf(replica, 4, 'item.claim', { itemId: 'it-does-not-exist' }),
      ]),
    );
    expect(answer.body).toEqual({ lastMutationId: 4, gapAt: null });
    const pulled = await moderator.pull(replica, start);
    expect(pulled.body.lastMutationId).toBe(4);
    expect(pulled.body.refused.map(({ id, code }) => ({ id, code }))).toEqual([
      { id: 2, code: 'illegal_transition' },
      { id: 3, code: 'invalid_args' },
      { id: 4, code: 'not_found' },
    ]);
    expect(pulled.body.changes.map((change) => [change.entity, change.id])).toEqual([['item', itemId(OTHER, 3)]]);
    // A later pull from the new cursor does not repeat them.
    const later = await moderator.pull(replica, pulled.body.cursor);
    expect(later.body.refused).toEqual([]);
    expect(later.body.lastMutationId).toBe(4);
  });

  it('applies a batch whose mutations build on each other, each seen by the next, each with its own cursor', async () => {
    const replica = newReplica();
    const start = (await moderator.pull(replica, 0, 5000)).body.cursor;
    const target = itemId(OTHER, 5);
    const draft = (id: number, text: string) =>
      mutationOf(replica, id, 'reply.draft', {
        replyId: 'reply-batch-1',
        itemId: target,
        text,
        visibility: 'public',
        savedReplyId: null,
      });
    const answer = await moderator.push(
      pushOf(replica, [
        mutationOf(replica, 1, 'item.claim', { itemId: target }),
        draft(2, 'Prima stesura'),
        draft(3, 'Seconda stesura'),
        // Already claimed by this user in the first mutation of this same batch: nothing to change.
        mutationOf(replica, 4, 'item.claim', { itemId: target }),
        mutationOf(replica, 5, 'item.label', { itemId: target, label: 'in-batch', op: 'add' }),
      ]),
    );
    expect(answer.body).toEqual({ lastMutationId: 5, gapAt: null });
    expect(await commitsOf(replica)).toEqual([1, 2, 3, 4, 5]);
    const pulled = await moderator.pull(replica, start);
    expect(pulled.body.refused.map(({ id, code }) => ({ id, code }))).toEqual([{ id: 4, code: 'no_change' }]);
    const replies = pulled.body.changes.filter((change) => change.entity === 'reply');
    expect(replies.map((change) => (change.data as { text: string }).text)).toEqual([
      'Prima stesura',
      'Seconda stesura',
    ]);
    const cursors = [...new Set(pulled.body.changes.map((change) => change.cursor))];
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(cursors).toHaveLength(4);
    const item = await itemRow(target);
    expect(item.assigneeId).toBe(people.moderator.id);
    expect(item.labels).toContain('in-batch');
  });

  it('answers 403 when another user pushes or pulls with a replica id that is not theirs', async () => {
    const replica = newReplica();
    await moderator.push(
      pushOf(replica, [mutationOf(replica, 1, 'item.label', { itemId: itemId(PHARMA, 1), label: 'mine', op: 'add' })]),
    );
    const push = await lead.push(
      pushOf(replica, [
        mutationOf(replica, 2, 'item.label', { itemId: itemId(PHARMA, 1), label: 'theirs', op: 'add' }),
      ]),
    );
    const pull = await lead.pull(replica, 0);
    expect(push.status).toBe(403);
    expect(push.body).toMatchObject({ error: { code: 'client_id_taken' } });
    expect(pull.status).toBe(403);
    expect(await commitsOf(replica)).toEqual([1]);
  });

  it('refuses, as not found, an item of a client the user does not work on', async () => {
    const pharmaOnly = as(server.app, await login(server.app, people.pharmaModerator.email));
    const replica = newReplica();
    await pharmaOnly.push(pushOf(replica, [mutationOf(replica, 1, 'item.claim', { itemId: itemId(OTHER, 4) })]));
    const pulled = await pharmaOnly.pull(replica, 0, 5000);
    expect(pulled.body.refused).toEqual([{ id: 1, code: 'not_found', message: 'no such item' }]);
    expect((await itemRow(itemId(OTHER, 4))).assigneeId).toBeNull();
  });

  it('lets concurrent pushes of two users on one item take turns: one claim wins, the other is refused', async () => {
    const a = newReplica();
    const b = newReplica();
    const target = itemId(PHARMA, 3);
    const [first, second] = await Promise.all([
      moderator.push(pushOf(a, [mutationOf(a, 1, 'item.claim', { itemId: target })])),
      lead.push(pushOf(b, [mutationOf(b, 1, 'item.claim', { itemId: target })])),
    ]);
    expect([first.body.lastMutationId, second.body.lastMutationId]).toEqual([1, 1]);
    const refusals = await db.query(sql`SELECT refused_code FROM commits WHERE client_id IN (${a}, ${b}) ORDER BY seq`);
    expect(refusals.map((found) => found.refused_code)).toEqual([null, 'already_assigned']);
  });
});

describe('pull', () => {
  it('pages without splitting a commit and ends with more = false at the server cursor', async () => {
    const replica = newReplica();
    const all = await lead.pull(replica, 0, 5000);
    expect(all.body.more).toBe(false);
    let cursor = 0;
    const paged: string[] = [];
    for (let page = 0; page < 100; page += 1) {
      const answer = await lead.pull(replica, cursor, 3);
      paged.push(...answer.body.changes.map((change) => `${change.cursor}:${change.entity}:${change.id}`));
      const cursors = new Set(answer.body.changes.map((change) => change.cursor));
      // Whole commits only: every cursor of the page is complete.
      for (const c of cursors) {
        expect(answer.body.changes.filter((change) => change.cursor === c).length).toBe(
          all.body.changes.filter((change) => change.cursor === c).length,
        );
      }
      cursor = answer.body.cursor;
      if (!answer.body.more) break;
    }
    expect(paged).toEqual(all.body.changes.map((change) => `${change.cursor}:${change.entity}:${change.id}`));
    expect(cursor).toBe(all.body.cursor);
  });

  it('answers 409 cursor_ahead for a cursor beyond the log (a restored server)', async () => {
    const answer = await lead.pull(newReplica(), 10_000_000);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: { code: 'cursor_ahead' } });
  });

  it('gives a new replica the same rows by snapshot as by pulling from 0', async () => {
    const replica = newReplica();
    const fromLog = new Map<string, unknown>();
    for (const change of (await moderator.pull(replica, 0, 5000)).body.changes)
      fromLog.set(`${change.entity}:${change.id}`, change.data);
    const fromSnapshot = new Map<string, unknown>();
    let page: string | null = null;
    let progress = { done: 0, total: 0 };
    do {
      const answer = await moderator.snapshot(replica, page, 4);
      for (const found of answer.body.rows) fromSnapshot.set(`${found.entity}:${found.id}`, found.data);
      expect(answer.body.progress.done).toBeGreaterThanOrEqual(progress.done);
      progress = answer.body.progress;
      page = answer.body.next;
    } while (page !== null);
    expect(progress.done).toBe(progress.total);
    expect(Object.fromEntries(fromSnapshot)).toEqual(Object.fromEntries(fromLog));
  });
});
