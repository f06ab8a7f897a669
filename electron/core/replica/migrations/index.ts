import { checkMigrationOrder, latestMigration, migrateSync } from '../../../../shared/db/migrate';
import type { ReadableDb, WritableDb } from '../db';
import { ReplicaError, type ReplicaLog } from '../errors';
import { sql } from '../sql';
import { migration001Core } from './001-core';
import { migration002Search } from './002-search';
import { migration003QueueCounts } from './003-queue-counts';
import { migration004SyncShadows } from './004-sync-shadows';
import { migration005ApprovalSignatures } from './005-approval-signatures';
import { migration006SearchMerges } from './006-search-merges';
import { migration007ApproverEdits } from './007-approver-edits';
import type { Migration } from './types';

export type { Migration } from './types';

/** Every migration the app knows, in order. */
export const migrations: readonly Migration[] = [
  migration001Core,
  migration002Search,
  migration003QueueCounts,
  migration004SyncShadows,
  migration005ApprovalSignatures,
  migration006SearchMerges,
  migration007ApproverEdits,
];

export const latestVersion = (list: readonly Migration[] = migrations): number => latestMigration(list);

export function schemaVersion(db: ReadableDb): number {
  return db.column<number>(sql`SELECT user_version FROM pragma_user_version`)[0] ?? 0;
}

const LIST_NAME = 'replica migrations';

export function assertOrdered(list: readonly Migration[]): void {
  checkMigrationOrder(list, LIST_NAME);
}

export function newerReplicaError(found: number, known: number): ReplicaError {
  return new ReplicaError(
    'replica_newer',
    `The local database was written by a newer version of the app (schema ${found}, this ` +
      `version knows up to ${known}). Update the app to open it; the file was left untouched.`,
  );
}

/**
 * Brings the schema to the latest version with the shared runner (shared/db/migrate.ts): every
 * pending migration runs inside ONE transaction with the new `user_version`, so a failure leaves
 * the file exactly as it was.
 */
export function migrate(
  db: WritableDb,
  log: ReplicaLog,
  list: readonly Migration[] = migrations,
): { from: number; to: number } {
  const { from, to } = migrateSync<Migration>(
    {
      transaction: (body) =>
        db.transaction(() =>
          body({
            version: () => schemaVersion(db),
            apply(migration) {
              log.info('replica: migrating', { version: migration.version, name: migration.name });
              migration.up(db);
            },
            // PRAGMA takes no bound values; the version is an integer checked by the runner, not input.
            record: (migration) => db.execScript(`PRAGMA user_version = ${migration.version}`),
          }),
        ),
    },
    list,
    { what: LIST_NAME, tooNew: newerReplicaError },
  );
  return { from, to };
}
