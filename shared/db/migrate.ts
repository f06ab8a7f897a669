/**
 * The migration runner of both databases: the server's PostgreSQL (server/db/migrations/index.ts,
 * versions in `schema_migrations`) and the replica's SQLite (electron/core/replica/migrations,
 * `user_version`). Migrations are numbered 1, 2, 3…; every pending one runs inside ONE
 * transaction that reads the version, applies them in order and records each one, so a failure
 * leaves the database as it was. A database at a version newer than the code knows is refused with
 * the caller's error, never half understood. Each database gives a thin adapter; the replica's is
 * synchronous (better-sqlite3), the server's asynchronous.
 */

export interface NumberedMigration {
  readonly version: number;
  readonly name: string;
}

/** Throws unless the versions are 1, 2, 3… in order; `what` names the list in the message. */
export function checkMigrationOrder(list: readonly NumberedMigration[], what: string): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `${what} out of order: "${migration.name}" is version ${migration.version} at position ${index + 1}; ` +
          'versions must be 1, 2, 3…',
      );
    }
  });
}

/** The version a database has once every migration of `list` ran (0 for none). */
export function latestMigration(list: readonly NumberedMigration[]): number {
  return list.reduce((max, migration) => Math.max(max, migration.version), 0);
}

export interface MigrationPlan<M extends NumberedMigration> {
  readonly from: number;
  readonly to: number;
  /** The migrations to run, in order (none when the database is up to date). */
  readonly pending: readonly M[];
}

/** The error a database at `found`, newer than the code (`known`), is refused with. */
export type TooNew = (found: number, known: number) => Error;

/** What a database at version `from` needs; throws `tooNew` for a database newer than `list`. */
export function planMigrations<M extends NumberedMigration>(
  list: readonly M[],
  from: number,
  tooNew: TooNew,
): MigrationPlan<M> {
  const known = latestMigration(list);
  if (from > known) throw tooNew(from, known);
  return { from, to: known, pending: list.filter((migration) => migration.version > from) };
}

/** One transaction's view of a SQLite database (better-sqlite3), for the runner. */
export interface MigrationSteps<M> {
  /** The version the database is at (0 when new). */
  version(): number;
  apply(migration: M): void;
  /** Records that `migration` ran (the database is now at its version). */
  record(migration: M): void;
}

/** The same on PostgreSQL (pg, PGlite). */
export interface AsyncMigrationSteps<M> {
  version(): Promise<number>;
  apply(migration: M): Promise<void>;
  record(migration: M): Promise<void>;
}

/** Runs `body` in one transaction, rolled back when it throws. */
export interface SyncMigrationDb<M> {
  transaction<T>(body: (steps: MigrationSteps<M>) => T): T;
}

/** Runs `body` in one transaction, rolled back when it rejects. */
export interface AsyncMigrationDb<M> {
  transaction<T>(body: (steps: AsyncMigrationSteps<M>) => Promise<T>): Promise<T>;
}

export interface MigrationOptions {
  /** Names the list in the error about its order. */
  readonly what: string;
  readonly tooNew: TooNew;
}

export function migrateSync<M extends NumberedMigration>(
  db: SyncMigrationDb<M>,
  list: readonly M[],
  options: MigrationOptions,
): MigrationPlan<M> {
  checkMigrationOrder(list, options.what);
  return db.transaction((steps) => {
    const plan = planMigrations(list, steps.version(), options.tooNew);
    for (const migration of plan.pending) {
      steps.apply(migration);
      steps.record(migration);
    }
    return plan;
  });
}

export async function migrateAsync<M extends NumberedMigration>(
  db: AsyncMigrationDb<M>,
  list: readonly M[],
  options: MigrationOptions,
): Promise<MigrationPlan<M>> {
  checkMigrationOrder(list, options.what);
  return db.transaction(async (steps) => {
    const plan = planMigrations(list, await steps.version(), options.tooNew);
    for (const migration of plan.pending) {
      await steps.apply(migration);
      await steps.record(migration);
    }
    return plan;
  });
}
