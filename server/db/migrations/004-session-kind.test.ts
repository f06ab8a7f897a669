import { describe, expect, it } from 'vitest';
import { toInt } from '../db';
import { sql } from '../sql';
import { bareDatabase, migrateTo, sqlState } from './testing';

const database = bareDatabase();

describe('migration 004 (session kind)', () => {
  it('ends the sessions of a version-3 database, which cannot say whether they were a cookie or a token', async () => {
    await migrateTo(database(), 3);
    await database().query(sql`INSERT INTO users (id, email, name, role, password_hash, created_at)
      VALUES ('us-1', 'g@x.it', 'Giulia', 'moderator', 'h', 1)`);
    await database().query(sql`INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked_at)
      VALUES ('live', 'us-1', 1, 9999999999999, NULL), ('ended', 'us-1', 1, 9999999999999, 5)`);

    expect(await migrateTo(database(), 4)).toEqual([4]);
    const rows = await database().query(sql`SELECT token_hash, kind, revoked_at FROM sessions ORDER BY token_hash`);
    expect(rows.map((row) => [row.token_hash, row.kind])).toEqual([
      ['ended', 'api'],
      ['live', 'api'],
    ]);
    expect(toInt(rows[0]?.revoked_at)).toBe(5);
    expect(toInt(rows[1]?.revoked_at)).toBeGreaterThan(5);
  });

  it('makes every new session say its kind, one of api or page', async () => {
    expect(
      await sqlState(
        database().query(
          sql`INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ('a', 'us-1', 1, 2)`,
        ),
      ),
    ).toBe('23502');
    expect(
      await sqlState(
        database().query(sql`INSERT INTO sessions (token_hash, user_id, created_at, expires_at, kind)
          VALUES ('b', 'us-1', 1, 2, 'cookie')`),
      ),
    ).toBe('23514');
    await database().query(sql`INSERT INTO sessions (token_hash, user_id, created_at, expires_at, kind)
      VALUES ('c', 'us-1', 1, 2, 'page')`);
  });
});
