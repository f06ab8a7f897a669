/**
 * The server's schema as an ordered list of migrations, tracked in `schema_migrations` and run by
 * the shared runner (shared/db/migrate.ts): all pending ones in ONE transaction (a failure leaves
 * the database as it was); a database written by a newer server is refused with a clear error
 * instead of being half understood. Several instances starting at once on one PostgreSQL take
 * turns through an advisory lock, taken before the version is read.
 */
import { latestMigration, migrateAsync } from '../../../shared/db/migrate';
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
  return latestMigration(list);
}

export interface MigrationReport {
  from: number;
  to: number;
  applied: number[];
}

/** The schema-version query, also read by `schemaVersion` below. */
const currentVersion = sql`SELECT COALESCE(max(version), 0) AS version FROM schema_migrations`;

export async function migrate(db: Db, list: readonly Migration[] = migrations): Promise<MigrationReport> {
  const plan = await migrateAsync<Migration>(
    {
      transaction: (body) =>
        db.transaction((tx) =>
          body({
            async version() {
              await tx.query(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
              await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at bigint NOT NULL
              )`);
              const [row] = await tx.query(currentVersion);
              return toInt(row?.version ?? 0);
            },
            apply: (migration) => tx.exec(migration.up),
            async record(migration) {
              await tx.query(sql`INSERT INTO schema_migrations (version, name, applied_at)
                VALUES (${migration.version}, ${migration.name}, ${Date.now()})`);
            },
          }),
        ),
    },
    list,
    { what: 'migrations', tooNew: (found, known) => new SchemaTooNewError(found, known) },
  );
  return { from: plan.from, to: plan.to, applied: plan.pending.map((migration) => migration.version) };
}

/** For `GET /ready`: the database answers and no migration is pending. */
export async function schemaVersion(db: Db): Promise<number> {
  const [row] = await db.query(currentVersion);
  return toInt(row?.version ?? 0);
}
