/**
 * Writes one commit: the entity rows it changes, their change-log rows, the outbox rows it
 * queues, and (for a mutation) the replica's new lastMutationId — in ONE statement, inside the
 * caller's transaction. The cursor is not chosen here: the sequencer gives it after commit.
 */
import type { Queryable } from '../db/db';
import { toInt } from '../db/db';
import { sql } from '../db/sql';
import type { SqlQuery } from '../db/sql';
import type { EntityRow } from './rows';
import { entityRank, sortKeyOf } from './rows';

export interface OutboxEntry {
  readonly replyId: string;
  readonly replyVersion: number;
  readonly textHash: string;
  readonly clientId: string;
}

export interface CommitRecord {
  /** The replica and mutation this commit answers; null for the server's own writes (seed, admin). */
  readonly mutation: { readonly clientId: string; readonly id: number; readonly name: string } | null;
  readonly userId: string | null;
  readonly refusal: { readonly code: string; readonly message: string } | null;
  readonly rows: readonly EntityRow[];
  readonly outbox: readonly OutboxEntry[];
  readonly now: number;
}

/** The same entity twice in one commit is written once: its first place, its last value. */
function dedupe(rows: readonly EntityRow[]): EntityRow[] {
  const index = new Map<string, number>();
  const result: EntityRow[] = [];
  for (const entry of rows) {
    const key = `${entry.entity}\u0000${entry.id}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, result.length);
      result.push(entry);
    } else {
      result[at] = entry;
    }
  }
  return result;
}

const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;

/**
 * JSON text with every character outside ASCII written as a `\uXXXX` escape (the same value). The
 * entity rows keep this text for snapshots (migration 003): a page of pure ASCII is decoded and
 * encoded as is on both sides, where UTF-8 text holding one accented letter takes the slow path
 * through 16-bit strings (several times slower for 100 MB of snapshot).
 */
export function asciiJson(value: unknown): string {
  const text = JSON.stringify(value);
  return NON_ASCII.test(text)
    ? text.replace(NON_ASCII_ALL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : text;
}

/**
 * A commit's rows read from its JSON parameter. `json` (not `jsonb`) keeps each row's `data` as
 * the text Node wrote, which the entity row keeps for snapshots (migration 003); the `jsonb` is
 * parsed from it once (the CTE is read twice, so PostgreSQL materialises it).
 */
const ROW_INPUT = sql.raw(
  'SELECT r.ord, r.entity, r.id, r.rank, r.sort_key, r.scopes, r.data::jsonb AS data, r.data::text AS data_text',
);

/** The statement that writes `record` (for `Transaction.defer`, or run by `writeCommit`). */
export function commitQuery(record: CommitRecord): SqlQuery {
  const rows = dedupe(record.rows).map((entry, ord) => ({
    ord,
    entity: entry.entity,
    id: entry.id,
    rank: entityRank[entry.entity],
    sort_key: sortKeyOf(entry.entity, entry.data),
    scopes: entry.scopes,
    data: entry.data,
  }));
  const outbox = record.outbox.map((entry) => ({
    reply_id: entry.replyId,
    reply_version: entry.replyVersion,
    text_hash: entry.textHash,
    client_id: entry.clientId,
  }));
  const { mutation, refusal, now } = record;
  return sql`
    WITH c AS (
      INSERT INTO commits (client_id, mutation_id, mutation_name, user_id, refused_code, refused_message, created_at)
      VALUES (${mutation?.clientId ?? null}, ${mutation?.id ?? null}, ${mutation?.name ?? null}, ${record.userId},
        ${refusal?.code ?? null}, ${refusal?.message ?? null}, ${now})
      RETURNING seq
    ), input AS (
      ${ROW_INPUT}
      FROM json_to_recordset(${asciiJson(rows)}::json)
        AS r(ord integer, entity text, id text, rank smallint, sort_key bigint, scopes text[], data json)
    ), upserted AS (
      INSERT INTO entities (entity, id, rank, sort_key, scopes, data, data_text)
      SELECT entity, id, rank, sort_key, scopes, data, data_text FROM input
      ON CONFLICT (entity, id) DO UPDATE
        SET scopes = excluded.scopes, data = excluded.data, data_text = excluded.data_text, sort_key = excluded.sort_key
    ), logged AS (
      INSERT INTO changes (commit_seq, ord, entity, id, op, scopes, data)
      SELECT c.seq, input.ord, input.entity, input.id, 'upsert', input.scopes, input.data FROM c, input
    ), queued AS (
      INSERT INTO outbox (reply_id, reply_version, text_hash, client_id, status, created_at, updated_at)
      SELECT reply_id, reply_version, text_hash, client_id, 'queued', ${now}, ${now}
      FROM jsonb_to_recordset(${sql.json(outbox)}::jsonb)
        AS o(reply_id text, reply_version integer, text_hash text, client_id text)
      -- One row per reply version: a failed send may be queued again, a sent one never.
      ON CONFLICT (reply_id, reply_version) DO UPDATE SET status = 'queued', updated_at = excluded.updated_at
        WHERE outbox.status = 'failed'
    ), advanced AS (
      UPDATE sync_clients SET last_mutation_id = ${mutation?.id ?? 0}
      WHERE client_id = ${mutation?.clientId ?? null}
    )
    SELECT seq FROM c`;
}

export async function writeCommit(db: Queryable, record: CommitRecord): Promise<number> {
  const [result] = await db.query(commitQuery(record));
  return toInt(result?.seq);
}

/** One replica's mutations, applied in one transaction: one commit row per mutation, in order. */
export interface BatchCommit {
  readonly clientId: string;
  readonly userId: string;
  readonly records: readonly (Omit<CommitRecord, 'mutation' | 'userId'> & {
    readonly mutationId: number;
    readonly name: string;
  })[];
}

/**
 * The statement that writes a whole batch (a few rows of parameters, not a statement per
 * mutation): commits in mutation order (their `seq`, hence their cursors, follow it), every
 * change-log row, each touched entity once with its last value, the outbox rows and the replica's
 * new lastMutationId.
 */
export function batchCommitQuery(batch: BatchCommit): SqlQuery {
  const commits = batch.records.map((record, n) => ({
    n,
    mutation_id: record.mutationId,
    mutation_name: record.name,
    refused_code: record.refusal?.code ?? null,
    refused_message: record.refusal?.message ?? null,
    created_at: record.now,
  }));
  let k = 0;
  const changes = batch.records.flatMap((record) =>
    dedupe(record.rows).map((entry, ord) => ({
      k: (k += 1),
      mutation_id: record.mutationId,
      ord,
      entity: entry.entity,
      id: entry.id,
      rank: entityRank[entry.entity],
      sort_key: sortKeyOf(entry.entity, entry.data),
      scopes: entry.scopes,
      data: entry.data,
    })),
  );
  // One outbox row per reply version: the first one queued in the batch is the one written.
  const queued = new Map<string, Record<string, unknown>>();
  for (const record of batch.records) {
    for (const entry of record.outbox) {
      const key = `${entry.replyId}\u0000${entry.replyVersion}`;
      if (queued.has(key)) continue;
      queued.set(key, {
        reply_id: entry.replyId,
        reply_version: entry.replyVersion,
        text_hash: entry.textHash,
        client_id: entry.clientId,
        created_at: record.now,
      });
    }
  }
  const last = batch.records[batch.records.length - 1]?.mutationId ?? 0;
  return sql`
    WITH m AS (
      SELECT * FROM jsonb_to_recordset(${sql.json(commits)}::jsonb)
        AS m(n integer, mutation_id bigint, mutation_name text, refused_code text, refused_message text, created_at bigint)
    ), c AS (
      INSERT INTO commits (client_id, mutation_id, mutation_name, user_id, refused_code, refused_message, created_at)
      SELECT ${batch.clientId}, mutation_id, mutation_name, ${batch.userId}, refused_code, refused_message, created_at
      FROM m ORDER BY n
      RETURNING seq, mutation_id
    ), input AS (
      ${ROW_INPUT}, r.k, r.mutation_id
      FROM json_to_recordset(${asciiJson(changes)}::json)
        AS r(k integer, mutation_id bigint, ord integer, entity text, id text, rank smallint, sort_key bigint,
          scopes text[], data json)
    ), upserted AS (
      INSERT INTO entities (entity, id, rank, sort_key, scopes, data, data_text)
      SELECT DISTINCT ON (entity, id) entity, id, rank, sort_key, scopes, data, data_text FROM input
      ORDER BY entity, id, k DESC
      ON CONFLICT (entity, id) DO UPDATE
        SET scopes = excluded.scopes, data = excluded.data, data_text = excluded.data_text, sort_key = excluded.sort_key
    ), logged AS (
      INSERT INTO changes (commit_seq, ord, entity, id, op, scopes, data)
      SELECT c.seq, input.ord, input.entity, input.id, 'upsert', input.scopes, input.data
      FROM input JOIN c ON c.mutation_id = input.mutation_id
    ), queued AS (
      INSERT INTO outbox (reply_id, reply_version, text_hash, client_id, status, created_at, updated_at)
      SELECT reply_id, reply_version, text_hash, client_id, 'queued', created_at, created_at
      FROM jsonb_to_recordset(${sql.json([...queued.values()])}::jsonb)
        AS o(reply_id text, reply_version integer, text_hash text, client_id text, created_at bigint)
      -- A failed send may be queued again, a sent one never.
      ON CONFLICT (reply_id, reply_version) DO UPDATE SET status = 'queued', updated_at = excluded.updated_at
        WHERE outbox.status = 'failed'
    ), advanced AS (
      UPDATE sync_clients SET last_mutation_id = ${last} WHERE client_id = ${batch.clientId}
    )
    SELECT count(*) AS n FROM c`;
}
