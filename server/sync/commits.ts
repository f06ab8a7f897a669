/**
 * Writes commits: the entity rows they change, their change-log rows, the outbox rows they queue,
 * and (for a replica's mutations) its new lastMutationId — in ONE statement, inside the caller's
 * transaction. The cursor is not chosen here: the sequencer gives it after commit.
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

/** What one commit writes: a mutation applied (or refused), or one of the server's own writes. */
export interface CommitContent {
  readonly refusal: { readonly code: string; readonly message: string } | null;
  readonly rows: readonly EntityRow[];
  readonly outbox: readonly OutboxEntry[];
  readonly now: number;
}

export interface CommitRecord extends CommitContent {
  /** The replica and mutation this commit answers; null for the server's own writes (seed, admin). */
  readonly mutation: { readonly clientId: string; readonly id: number; readonly name: string } | null;
  readonly userId: string | null;
}

/**
 * Commits written by one statement, in order: one replica's pushed mutations (one commit each), or
 * one of the server's own writes (a batch of one).
 */
export interface BatchCommit {
  /** The replica the mutations came from, whose lastMutationId advances to the last one; null for the server's own writes. */
  readonly clientId: string | null;
  readonly userId: string | null;
  readonly records: readonly (CommitContent & {
    /** Null, with `name`, for the server's own writes. */
    readonly mutationId: number | null;
    readonly name: string | null;
  })[];
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

/**
 * The statement that writes `batch` (a few rows of parameters, not a statement per commit):
 * commits in order (their `seq`, hence their cursors, follow it), every change-log row, each
 * touched entity once with its last value, the outbox rows and the replica's new lastMutationId.
 * For `Transaction.defer`, or run by `writeCommit`; it answers the last commit's `seq`.
 */
export function commitQuery(batch: BatchCommit): SqlQuery {
  const commits = batch.records.map((record, n) => ({
    n,
    mutation_id: record.mutationId,
    mutation_name: record.name,
    refused_code: record.refusal?.code ?? null,
    refused_message: record.refusal?.message ?? null,
    created_at: record.now,
  }));
  const changes = batch.records.flatMap((record, n) =>
    dedupe(record.rows).map((entry, ord) => ({
      n,
      ord,
      entity: entry.entity,
      id: entry.id,
      rank: entityRank[entry.entity],
      sort_key: sortKeyOf(entry.entity, entry.data),
      scopes: entry.scopes,
      data: entry.data,
      // Whether this is the entity's last value in the batch, the one its row keeps.
      last: true,
    })),
  );
  const later = new Set<string>();
  for (let k = changes.length - 1; k >= 0; k -= 1) {
    const change = changes[k];
    if (change === undefined) continue;
    const key = `${change.entity}\u0000${change.id}`;
    if (later.has(key)) change.last = false;
    else later.add(key);
  }
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
      SELECT ${batch.clientId}::text, mutation_id, mutation_name, ${batch.userId}::text, refused_code, refused_message,
        created_at
      FROM m ORDER BY n
      RETURNING seq
    ), numbered AS (
      -- The commits' seq follow their order in the batch: the n-th smallest is commit n.
      SELECT seq, (row_number() OVER (ORDER BY seq) - 1)::integer AS n FROM c
    ), input AS (
      ${ROW_INPUT}, r.n, r.last
      FROM json_to_recordset(${asciiJson(changes)}::json)
        AS r(n integer, ord integer, entity text, id text, rank smallint, sort_key bigint, scopes text[], data json,
          last boolean)
    ), upserted AS (
      INSERT INTO entities (entity, id, rank, sort_key, scopes, data, data_text)
      SELECT entity, id, rank, sort_key, scopes, data, data_text FROM input WHERE last
      ON CONFLICT (entity, id) DO UPDATE
        SET scopes = excluded.scopes, data = excluded.data, data_text = excluded.data_text, sort_key = excluded.sort_key
    ), logged AS (
      INSERT INTO changes (commit_seq, ord, entity, id, op, scopes, data)
      SELECT numbered.seq, input.ord, input.entity, input.id, 'upsert', input.scopes, input.data
      FROM input JOIN numbered ON numbered.n = input.n
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
    SELECT max(seq) AS seq FROM c`;
}

/** Writes one commit (a batch of one); answers its `seq`. */
export async function writeCommit(db: Queryable, record: CommitRecord): Promise<number> {
  const { mutation, userId, ...content } = record;
  const [result] = await db.query(
    commitQuery({
      clientId: mutation?.clientId ?? null,
      userId,
      records: [{ ...content, mutationId: mutation?.id ?? null, name: mutation?.name ?? null }],
    }),
  );
  return toInt(result?.seq);
}
