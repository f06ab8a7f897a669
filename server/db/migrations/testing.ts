/**
 * Test support for the server migrations' tests: a bare database per test file, migrated up to
 * a version, and the SQLSTATE of a statement the schema refuses.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../db';
import { openPglite } from '../pglite';
import { bareCluster } from '../../testing/harness';
import { migrate, migrations } from './index';

/** A bare PGlite database for the file's tests (opened before them, closed after). */
export function bareDatabase(): () => Db {
  let db: Db | null = null;
  beforeAll(async () => {
    db = await openPglite({ loadDataDir: await bareCluster() });
  });
  afterAll(async () => {
    await db?.close();
  });
  return () => {
    if (db === null) throw new Error('the database opens in beforeAll');
    return db;
  };
}

/** Runs the migrations up to `version` (those not applied yet); returns the versions applied. */
export async function migrateTo(db: Db, version: number): Promise<number[]> {
  return (
    await migrate(
      db,
      migrations.filter((migration) => migration.version <= version),
    )
  ).applied;
}

/** The SQLSTATE a statement failed with (e.g. 23505 unique, 23514 check), or undefined. */
export const sqlState = async (attempt: Promise<unknown>): Promise<string | undefined> =>
  attempt.then(
    () => undefined,
    (error: unknown) => (error as { code?: string }).code,
  );
