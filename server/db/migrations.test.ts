import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { toInt } from './db';
import { openPglite } from './pglite';
import { latestVersion, migrate, migrations, SchemaTooNewError } from './migrations';
import type { Migration } from './migrations';
import { sql } from './sql';
import { bareCluster } from '../testing/harness';

let db: Db;

beforeAll(async () => {
  db = await openPglite({ loadDataDir: await bareCluster() });
});

afterAll(async () => {
  await db.close();
});

const tables = async () =>
  (await db.query(sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).map(
    (row) => row.tablename,
  );

describe('migrations', () => {
  it('run every pending one once, tracked, and nothing the second time', async () => {
    const first = await migrate(db);
    expect(first).toEqual({ from: 0, to: latestVersion(), applied: migrations.map((migration) => migration.version) });
    expect(await tables()).toEqual(
      expect.arrayContaining([
        'changes',
        'commits',
        'entities',
        'outbox',
        'schema_migrations',
        'sessions',
        'sync_clients',
        'users',
      ]),
    );
    expect(await migrate(db)).toEqual({ from: latestVersion(), to: latestVersion(), applied: [] });
  });

  it('run all pending ones in one transaction: a failing one leaves the database as it was', async () => {
    const broken: Migration[] = [
      ...migrations,
      { version: latestVersion() + 1, name: 'adds a table', up: 'CREATE TABLE added_then_rolled_back (id int)' },
      { version: latestVersion() + 2, name: 'fails', up: 'ALTER TABLE no_such_table ADD COLUMN x int' },
    ];
    await expect(migrate(db, broken)).rejects.toThrow(/no_such_table/);
    expect(await tables()).not.toContain('added_then_rolled_back');
    const [row] = await db.query(sql`SELECT max(version) AS version FROM schema_migrations`);
    expect(toInt(row?.version)).toBe(latestVersion());
  });

  it('refuse a database written by a newer server, saying so', async () => {
    await db.query(
      sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${latestVersion() + 5}, 'future', 0)`,
    );
    const attempt = migrate(db);
    await expect(attempt).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(migrate(db)).rejects.toThrow(/newer server/);
    await db.query(sql`DELETE FROM schema_migrations WHERE version > ${latestVersion()}`);
  });

  it('are numbered 1, 2, 3… in order', async () => {
    const gap: Migration[] = [{ version: 2, name: 'gap', up: 'SELECT 1' }];
    await expect(migrate(db, gap)).rejects.toThrow(/versions must be 1, 2, 3/);
  });
});
