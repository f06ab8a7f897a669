import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../shared/domain/entities';
import type { Db } from '../db/db';
import { toInt, toJson, toText } from '../db/db';
import { sql } from '../db/sql';
import { openWorldDb } from '../testing/harness';
import { itemId, people, PHARMA } from '../testing/world';
import { commitQuery, writeCommit, type OutboxEntry } from './commits';
import { row } from './rows';

let db: Db;
beforeAll(async () => {
  db = await openWorldDb();
});
afterAll(async () => {
  await db.close();
});

async function item(id: string): Promise<Item> {
  const [found] = await db.query(sql`SELECT data FROM entities WHERE entity = 'item' AND id = ${id}`);
  return toJson(found?.data) as Item;
}

const changesOf = async (seq: number) =>
  (
    await db.query(
      sql`SELECT ord, entity, id, data->>'priority' AS priority FROM changes WHERE commit_seq = ${seq} ORDER BY ord`,
    )
  ).map((change) => ({ ord: toInt(change.ord), id: toText(change.id), priority: Number(change.priority) }));

const outboxEntry = (replyId: string, textHash: string): OutboxEntry => ({
  replyId,
  replyVersion: 1,
  textHash,
  clientId: PHARMA,
});

describe('commitQuery', () => {
  it('writes a replica batch: a commit per mutation in order, its changes under it, the last values kept', async () => {
    const first = await item(itemId(PHARMA, 1));
    const second = await item(itemId(PHARMA, 2));
    const clientId = 'replica-commits-test';
    await db.query(
      sql`INSERT INTO sync_clients (client_id, user_id, created_at) VALUES (${clientId}, ${people.moderator.id}, 0)`,
    );
    const records = [
      { priority: 11, name: 'item.set_priority', refusal: null },
      { priority: 0, name: 'item.claim', refusal: { code: 'conflict', message: 'taken' } },
      { priority: 22, name: 'item.set_priority', refusal: null },
    ].map((step, index) => ({
      mutationId: index + 1,
      name: step.name,
      refusal: step.refusal,
      rows:
        step.refusal === null
          ? [
              row('item', { ...first, priority: step.priority }),
              row('item', { ...second, priority: step.priority + 1 }),
            ]
          : [],
      outbox: step.refusal === null ? [outboxEntry('r-commits-test', `hash-${index}`)] : [],
      now: 5_000 + index,
    }));

    const [answer] = await db.query(commitQuery({ clientId, userId: people.moderator.id, records }));
    const commits = await db.query(
      sql`SELECT seq, mutation_id, mutation_name, user_id, refused_code, created_at FROM commits
        WHERE client_id = ${clientId} ORDER BY seq`,
    );
    expect(
      commits.map((commit) => [
        toInt(commit.mutation_id),
        commit.mutation_name,
        commit.refused_code,
        toInt(commit.created_at),
      ]),
    ).toEqual([
      [1, 'item.set_priority', null, 5_000],
      [2, 'item.claim', 'conflict', 5_001],
      [3, 'item.set_priority', null, 5_002],
    ]);
    expect(commits.every((commit) => commit.user_id === people.moderator.id)).toBe(true);
    const seqs = commits.map((commit) => toInt(commit.seq));
    expect(toInt(answer?.seq)).toBe(seqs[2]);
    expect(await changesOf(seqs[0] ?? 0)).toEqual([
      { ord: 0, id: first.id, priority: 11 },
      { ord: 1, id: second.id, priority: 12 },
    ]);
    expect(await changesOf(seqs[1] ?? 0)).toEqual([]);
    expect(await changesOf(seqs[2] ?? 0)).toEqual([
      { ord: 0, id: first.id, priority: 22 },
      { ord: 1, id: second.id, priority: 23 },
    ]);
    expect((await item(first.id)).priority).toBe(22);
    expect((await item(second.id)).priority).toBe(23);
    const [client] = await db.query(sql`SELECT last_mutation_id FROM sync_clients WHERE client_id = ${clientId}`);
    expect(toInt(client?.last_mutation_id)).toBe(3);
    // The reply version queued twice in the batch is written once, as first queued.
    const outbox = await db.query(sql`SELECT text_hash, created_at FROM outbox WHERE reply_id = 'r-commits-test'`);
    expect(outbox.map((entry) => [entry.text_hash, toInt(entry.created_at)])).toEqual([['hash-0', 5_000]]);
  });

  it('writes one of the server’s own writes as a batch of one, answering its seq and advancing no replica', async () => {
    const third = await item(itemId(PHARMA, 3));
    const before = await db.query(sql`SELECT client_id, last_mutation_id FROM sync_clients ORDER BY client_id`);
    const seq = await writeCommit(db, {
      mutation: null,
      userId: people.admin.id,
      refusal: null,
      rows: [row('item', { ...third, priority: 33 }), row('item', { ...third, priority: 34 })],
      outbox: [outboxEntry('r-commits-server', 'a'), outboxEntry('r-commits-server', 'b')],
      now: 7_000,
    });
    const [commit] = await db.query(
      sql`SELECT client_id, mutation_id, user_id, created_at FROM commits WHERE seq = ${seq}`,
    );
    expect(commit).toMatchObject({ client_id: null, mutation_id: null, user_id: people.admin.id });
    // The same entity twice in one commit: its first place, its last value.
    expect(await changesOf(seq)).toEqual([{ ord: 0, id: third.id, priority: 34 }]);
    expect((await item(third.id)).priority).toBe(34);
    expect(await db.query(sql`SELECT client_id, last_mutation_id FROM sync_clients ORDER BY client_id`)).toEqual(
      before,
    );
    const outbox = await db.query(sql`SELECT text_hash FROM outbox WHERE reply_id = 'r-commits-server'`);
    expect(outbox.map((entry) => entry.text_hash)).toEqual(['a']);
  });
});
