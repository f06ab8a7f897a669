import type { ReadableDb, WritableDb } from './db';
import { sql } from './sql';

/**
 * The outbox of local mutations (docs/sync.md): ids count up by one per replica and are never
 * reused, because the counter lives in `sync_meta` and moves in the same transaction as the
 * optimistic change. The sync issue adds pushing, confirming and rebasing on top.
 */

export interface MutationRequest {
  /** One of the closed set of mutation names (`item.claim`, `item.snooze`, …). */
  name: string;
  /** Already validated against the mutation's schema; stored as JSON. */
  args: unknown;
}

export interface PendingMutation {
  clientId: string;
  id: number;
  name: string;
  args: unknown;
  createdAt: number;
  status: 'pending' | 'refused';
  refusedCode: string | null;
  refusedMessage: string | null;
}

/** Records a mutation; must run inside the transaction that applies its effect. */
export function enqueueMutation(db: WritableDb, mutation: MutationRequest, now: number): number {
  const next = db.get<{ clientId: string; id: number }>(sql`UPDATE sync_meta
    SET last_mutation_id = last_mutation_id + 1 WHERE singleton = 1
    RETURNING client_id AS clientId, last_mutation_id AS id`);
  if (!next) throw new Error('replica: sync_meta is missing');
  const args = JSON.stringify(mutation.args ?? null);
  db.run(sql`INSERT INTO pending_mutations (client_id, mutation_id, name, args, created_at)
    VALUES (${next.clientId}, ${next.id}, ${mutation.name}, ${args}, ${now})`);
  return next.id;
}

/** The mutations still to push, oldest first. */
export function pendingMutations(db: ReadableDb, limit = 100): PendingMutation[] {
  return db
    .all<Omit<PendingMutation, 'args'> & { args: string }>(
      sql`SELECT client_id AS clientId, mutation_id AS id, name,
        args, created_at AS createdAt, status, refused_code AS refusedCode, refused_message AS refusedMessage
      FROM pending_mutations WHERE status = 'pending' ORDER BY mutation_id LIMIT ${limit}`,
    )
    .map((row) => ({ ...row, args: JSON.parse(row.args) as unknown }));
}

export function pendingCount(db: ReadableDb): number {
  return db.column<number>(sql`SELECT count(*) FROM pending_mutations WHERE status = 'pending'`)[0] ?? 0;
}

/**
 * Mutations the server refused, newest first: the "not applied" list the user sees, a page at a
 * time (those with an id below `beforeId`; null: from the newest).
 */
export function refusedMutations(db: ReadableDb, limit = 200, beforeId: number | null = null): PendingMutation[] {
  return db
    .all<Omit<PendingMutation, 'args'> & { args: string }>(
      sql`SELECT client_id AS clientId, mutation_id AS id, name,
        args, created_at AS createdAt, status, refused_code AS refusedCode, refused_message AS refusedMessage
      FROM pending_mutations WHERE status = 'refused' AND mutation_id < ${beforeId ?? Number.MAX_SAFE_INTEGER}
      ORDER BY mutation_id DESC LIMIT ${limit}`,
    )
    .map((row) => ({ ...row, args: JSON.parse(row.args) as unknown }));
}

export function refusedCount(db: ReadableDb): number {
  return db.column<number>(sql`SELECT count(*) FROM pending_mutations WHERE status = 'refused'`)[0] ?? 0;
}

/** The user has seen these refusals: they leave the list (the audit trail keeps the server's record). */
export function dismissRefused(db: WritableDb, ids: readonly number[]): void {
  if (ids.length === 0) return;
  db.transaction(() => {
    db.run(sql`DELETE FROM pending_mutations WHERE status = 'refused' AND mutation_id IN (${sql.join([...ids])})`);
  });
}
