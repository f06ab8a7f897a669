/**
 * The server's schema as an ordered list of migrations, tracked in `schema_migrations`. All
 * pending ones run in ONE transaction (a failure leaves the database as it was); a database
 * written by a newer server is refused with a clear error instead of being half understood.
 * Several instances starting at once on one PostgreSQL take turns through an advisory lock.
 */
import type { Db } from '../db';
import { toInt } from '../db';
import { sql } from '../sql';
import { initial } from './001-initial';
import { audit } from './002-audit';
import { snapshotText } from './003-snapshot-text';
import { sessionKind } from './004-session-kind';
import { pushChecks } from './005-push-checks';
import { platformInbox } from './006-platform-inbox';
import { platformObjects } from './007-platform-objects';
import type { Migration } from './types';

export type { Migration } from './types';

export const migrations: readonly Migration[] = [
  initial,
  audit,
  snapshotText,
  sessionKind,
  pushChecks,
  platformInbox,
  platformObjects,
];

/** Any number: it only has to differ from the other advisory locks of this app. */
const MIGRATION_LOCK = 7_301_001;

export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly serverVersion: number,
  ) {
    super(
      `The database is at schema version ${databaseVersion}, written by a newer server; this server knows up to ` +
        `version ${serverVersion}. Upgrade this server (or point it at another database).`,
    );
    this.name = 'SchemaTooNewError';
  }
}

export function latestVersion(list: readonly Migration[] = migrations): number {
  return list.reduce((max, migration) => Math.max(max, migration.version), 0);
}

function checkOrder(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migrations: version ${migration.version} at position ${index + 1}; versions must be 1, 2, 3…`);
    }
  });
}

export interface MigrationReport {
  from: number;
  to: number;
  applied: number[];
}

export async function migrate(db: Db, list: readonly Migration[] = migrations): Promise<MigrationReport> {
  checkOrder(list);
  const latest = latestVersion(list);
  return db.transaction(async (tx) => {
    await tx.query(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at bigint NOT NULL
    )`);
    const [row] = await tx.query(sql`SELECT COALESCE(max(version), 0) AS version FROM schema_migrations`);
    const from = toInt(row?.version ?? 0);
    if (from > latest) throw new SchemaTooNewError(from, latest);
    const pending = list.filter((migration) => migration.version > from);
    for (const migration of pending) {
      await tx.exec(migration.up);
      await tx.query(sql`INSERT INTO schema_migrations (version, name, applied_at)
        VALUES (${migration.version}, ${migration.name}, ${Date.now()})`);
    }
    return { from, to: latest, applied: pending.map((migration) => migration.version) };
  });
}

/** For `GET /ready`: the database answers and no migration is pending. */
export async function schemaVersion(db: Db): Promise<number> {
  const [row] = await db.query(sql`SELECT COALESCE(max(version), 0) AS version FROM schema_migrations`);
  return toInt(row?.version ?? 0);
}
