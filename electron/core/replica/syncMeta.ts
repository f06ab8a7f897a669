import type { ReadableDb, WritableDb } from './db';
import { sql } from './sql';

/** The replica's sync bookkeeping (docs/sync.md): who it is, how far it pulled, what the server confirmed. */
export interface SyncMeta {
  /** Random per replica, made when the file was created. */
  clientId: string;
  /** Change-log position of the last pull. */
  cursor: number;
  /** The last mutation id handed out locally. */
  lastMutationId: number;
  /** The server's lastMutationId for this client, from the last pull. */
  confirmedMutationId: number;
  lastSyncAt: number | null;
}

export function readSyncMeta(db: ReadableDb): SyncMeta {
  const row = db.get<SyncMeta>(sql`SELECT client_id AS clientId, cursor, last_mutation_id AS lastMutationId,
      confirmed_mutation_id AS confirmedMutationId, last_sync_at AS lastSyncAt
    FROM sync_meta WHERE singleton = 1`);
  if (!row) throw new Error('replica: sync_meta is missing');
  return row;
}

/** Records a pull's outcome; inside the transaction that applied its changes. */
export function recordPull(db: WritableDb, pull: { cursor: number; confirmedMutationId: number; at: number }): void {
  db.run(sql`UPDATE sync_meta SET cursor = ${pull.cursor}, confirmed_mutation_id = ${pull.confirmedMutationId},
      last_sync_at = ${pull.at}
    WHERE singleton = 1`);
}

/**
 * Numbers the pending mutations from id `from` on again, in their order, above both the server's
 * `serverLast` and every id handed out here, and moves the counter past them: for ids the server
 * already holds with other content (this file lost its last writes, a power cut). Returns how
 * many were numbered again. Inside the caller's transaction.
 */
export function renumberPending(db: WritableDb, from: number, serverLast: number): number {
  const meta = readSyncMeta(db);
  const ids = db.column<number>(sql`SELECT mutation_id FROM pending_mutations
    WHERE client_id = ${meta.clientId} AND status = 'pending' AND mutation_id >= ${from} ORDER BY mutation_id`);
  // Every new id is above every id in the table: no two rows ever share one.
  const base = Math.max(serverLast, meta.lastMutationId, ids.at(-1) ?? 0);
  ids.forEach((id, index) => {
    db.run(sql`UPDATE pending_mutations SET mutation_id = ${base + index + 1}
      WHERE client_id = ${meta.clientId} AND mutation_id = ${id}`);
  });
  db.run(sql`UPDATE sync_meta SET last_mutation_id = ${base + ids.length} WHERE singleton = 1`);
  return ids.length;
}

/** The next local id is above what the server holds for this replica (never lowered). */
export function raiseMutationCounter(db: WritableDb, serverLast: number): void {
  db.run(sql`UPDATE sync_meta SET last_mutation_id = ${serverLast}
    WHERE singleton = 1 AND last_mutation_id < ${serverLast}`);
}
