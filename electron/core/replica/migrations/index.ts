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

export const latestVersion = (list: readonly Migration[] = migrations): number => list.at(-1)?.version ?? 0;

export function schemaVersion(db: ReadableDb): number {
  return db.column<number>(sql`SELECT user_version FROM pragma_user_version`)[0] ?? 0;
}

export function assertOrdered(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    const previous = index === 0 ? 0 : (list[index - 1]?.version ?? 0);
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(`replica migrations out of order at "${migration.name}" (${migration.version})`);
    }
  });
}

export function newerReplicaError(found: number, known: number): ReplicaError {
  return new ReplicaError(
    'replica_newer',
    `The local database was written by a newer version of the app (schema ${found}, this ` +
      `version knows up to ${known}). Update the app to open it; the file was left untouched.`,
  );
}

/**
 * Brings the schema to the latest version: every pending migration runs inside ONE transaction
 * with the new `user_version`, so a failure leaves the file exactly as it was.
 */
export function migrate(
  db: WritableDb,
  log: ReplicaLog,
  list: readonly Migration[] = migrations,
): { from: number; to: number } {
  assertOrdered(list);
  const known = latestVersion(list);
  const from = schemaVersion(db);
  if (from > known) throw newerReplicaError(from, known);
  const pending = list.filter((migration) => migration.version > from);
  if (pending.length === 0) return { from, to: from };

  db.transaction(() => {
    for (const migration of pending) {
      log.info('replica: migrating', { version: migration.version, name: migration.name });
      migration.up(db);
    }
    // PRAGMA takes no bound values; `known` is an integer checked above, not input.
    db.execScript(`PRAGMA user_version = ${known}`);
  });
  return { from, to: known };
}
