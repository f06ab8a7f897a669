import { describe, expect, it } from 'vitest';
import { toInt } from '../db';
import { sql } from '../sql';
import { bareDatabase, migrateTo, sqlState } from './testing';

const database = bareDatabase();

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
    await migrateTo(database(), 1);
    await database().query(sql`INSERT INTO users (id, email, name, role, password_hash, created_at)
      VALUES ('us-1', 'g@x.it', 'Giulia', 'moderator', 'h', 1)`);

    expect(await migrateTo(database(), 2)).toEqual([2]);
    const [user] = await database().query(sql`SELECT name FROM users WHERE id = 'us-1'`);
    expect(user?.name).toBe('Giulia');

    // One chain per client, one for the workspace; each link covers the one before it.
    await database().query(
      sql`SELECT * FROM audit_append(${JSON.stringify([event('cl-1', 1), event(null, 2), event('cl-1', 3)])}::jsonb)`,
    );
    const rows = await database().query(sql`SELECT chain, seq, prev_hash, hash FROM audit_events ORDER BY chain, seq`);
    expect(rows.map((row) => [row.chain, toInt(row.seq)])).toEqual([
      ['', 1],
      ['cl-1', 1],
      ['cl-1', 2],
    ]);
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
    expect(rows[1]?.prev_hash).toBe('0'.repeat(64));
    const heads = await database().query(sql`SELECT chain, seq, hash FROM audit_heads ORDER BY chain`);
    expect(heads.map((head) => [head.chain, toInt(head.seq), head.hash])).toEqual([
      ['', 1, rows[0]?.hash],
      ['cl-1', 2, rows[2]?.hash],
    ]);
  });

  it('refuses to change or remove an event, and to set a head back', async () => {
    expect(await sqlState(database().query(sql`UPDATE audit_events SET actor_name = 'Someone else'`))).toBe('42501');
    expect(await sqlState(database().query(sql`DELETE FROM audit_events WHERE chain = 'cl-1'`))).toBe('42501');
    expect(await sqlState(database().transaction((tx) => tx.exec('TRUNCATE audit_events')))).toBe('42501');
    expect(await sqlState(database().query(sql`UPDATE audit_heads SET seq = 0 WHERE chain = 'cl-1'`))).toBe('42501');
    expect(await sqlState(database().query(sql`DELETE FROM audit_heads WHERE chain = 'cl-1'`))).toBe('42501');
    const [count] = await database().query(sql`SELECT count(*) AS n FROM audit_events`);
    expect(toInt(count?.n)).toBe(3);
  });
});
