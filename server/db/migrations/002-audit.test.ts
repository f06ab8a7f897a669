import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { toInt } from '../db';
import { openPglite } from '../pglite';
import { sql } from '../sql';
import { bareCluster } from '../../testing/harness';
import { migrate, migrations } from './index';

let db: Db;

beforeAll(async () => {
  db = await openPglite({ loadDataDir: await bareCluster() });
});

afterAll(async () => {
  await db.close();
});

const sqlState = async (attempt: Promise<unknown>): Promise<string | undefined> =>
  attempt.then(
    () => undefined,
    (error: unknown) => (error as { code?: string }).code,
  );

const event = (clientId: string | null, n: number) => ({
  clientId,
  at: 1000 + n,
  actorId: 'us-1',
  actorName: 'Giulia',
  actorRole: 'moderator',
  action: 'item.claim',
  entity: 'item',
  entityId: `it-${n}`,
  before: null,
  after: { status: 'open' },
  signature: null,
  contentHash: `content-${n}`,
});

describe('migration 002 (audit)', () => {
  it('adds an append-only, hash-chained trail to a version-1 database and keeps its rows', async () => {
    await migrate(
      db,
      migrations.filter((migration) => migration.version === 1),
    );
    await db.query(sql`INSERT INTO users (id, email, name, role, password_hash, created_at)
      VALUES ('us-1', 'g@x.it', 'Giulia', 'moderator', 'h', 1)`);

    expect(
      (
        await migrate(
          db,
          migrations.filter((migration) => migration.version <= 2),
        )
      ).applied,
    ).toEqual([2]);
    const [user] = await db.query(sql`SELECT name FROM users WHERE id = 'us-1'`);
    expect(user?.name).toBe('Giulia');

    // One chain per client, one for the workspace; each link covers the one before it.
    await db.query(
      sql`SELECT * FROM audit_append(${JSON.stringify([event('cl-1', 1), event(null, 2), event('cl-1', 3)])}::jsonb)`,
    );
    const rows = await db.query(sql`SELECT chain, seq, prev_hash, hash FROM audit_events ORDER BY chain, seq`);
    expect(rows.map((row) => [row.chain, toInt(row.seq)])).toEqual([
      ['', 1],
      ['cl-1', 1],
      ['cl-1', 2],
    ]);
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
    expect(rows[1]?.prev_hash).toBe('0'.repeat(64));
    const heads = await db.query(sql`SELECT chain, seq, hash FROM audit_heads ORDER BY chain`);
    expect(heads.map((head) => [head.chain, toInt(head.seq), head.hash])).toEqual([
      ['', 1, rows[0]?.hash],
      ['cl-1', 2, rows[2]?.hash],
    ]);
  });

  it('refuses to change or remove an event, and to set a head back', async () => {
    expect(await sqlState(db.query(sql`UPDATE audit_events SET actor_name = 'Someone else'`))).toBe('42501');
    expect(await sqlState(db.query(sql`DELETE FROM audit_events WHERE chain = 'cl-1'`))).toBe('42501');
    expect(await sqlState(db.transaction((tx) => tx.exec('TRUNCATE audit_events')))).toBe('42501');
    expect(await sqlState(db.query(sql`UPDATE audit_heads SET seq = 0 WHERE chain = 'cl-1'`))).toBe('42501');
    expect(await sqlState(db.query(sql`DELETE FROM audit_heads WHERE chain = 'cl-1'`))).toBe('42501');
    const [count] = await db.query(sql`SELECT count(*) AS n FROM audit_events`);
    expect(toInt(count?.n)).toBe(3);
  });
});
