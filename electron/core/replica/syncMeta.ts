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
