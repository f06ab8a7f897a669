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
      SELECT * FROM jsonb_to_recordset(${sql.json(rows)}::jsonb)
        AS r(ord integer, entity text, id text, rank smallint, sort_key bigint, scopes text[], data jsonb)
    ), upserted AS (
      INSERT INTO entities (entity, id, rank, sort_key, scopes, data)
      SELECT entity, id, rank, sort_key, scopes, data FROM input
      ON CONFLICT (entity, id) DO UPDATE
        SET scopes = excluded.scopes, data = excluded.data, sort_key = excluded.sort_key
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
