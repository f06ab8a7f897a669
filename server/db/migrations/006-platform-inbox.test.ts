import { describe, expect, it } from 'vitest';
import { sql } from '../sql';
import { bareDatabase, migrateTo, sqlState } from './testing';

const database = bareDatabase();
const HASH = 'a'.repeat(64);

describe('migration 006 (platform inbox and channel credentials)', () => {
  it('keeps raw webhook deliveries once per body hash, with their status, on a version-5 database', async () => {
    await migrateTo(database(), 5);
    expect(await migrateTo(database(), 6)).toEqual([6]);

    const store = (platform: string, hash: string) =>
      database().query(sql`INSERT INTO webhook_inbox (platform, received_at, headers, body, body_sha256)
        VALUES (${platform}, 1, '{}'::jsonb, decode('7b7d', 'hex'), ${hash}) RETURNING id, status, attempts, body`);
    const [row] = await store('meta', HASH);
    expect(row?.status).toBe('received');
    expect(row?.attempts).toBe(0);
    expect(Buffer.from(row?.body as Uint8Array).toString('utf8')).toBe('{}');
    expect(await sqlState(store('meta', HASH))).toBe('23505');
    expect(await sqlState(store('x', HASH))).toBeUndefined();
    expect(await sqlState(store('myspace', 'b'.repeat(64)))).toBe('23514');
    expect(await sqlState(store('meta', 'not-a-hash'))).toBe('23514');
    expect(
      await sqlState(database().query(sql`UPDATE webhook_inbox SET status = 'maybe' WHERE platform = 'meta'`)),
    ).toBe('23514');
  });

  it('keeps one credential row per channel and per platform account, in one of three states', async () => {
    const add = (channelId: string, account: string, state = 'connected') =>
      database().query(sql`INSERT INTO channel_credentials (channel_id, client_id, platform, external_account_id,
          sealed_token, key_id, state, created_at, updated_at)
        VALUES (${channelId}, 'c-1', 'facebook', ${account}, 'v1.k.a.b.c', 'k', ${state}, 1, 1)`);
    await add('ch-1', '111');
    expect(await sqlState(add('ch-1', '222'))).toBe('23505');
    expect(await sqlState(add('ch-2', '111'))).toBe('23505');
    expect(await sqlState(add('ch-3', '333', 'broken'))).toBe('23514');
    await add('ch-4', '444', 'reconnect_needed');
    await add('ch-5', '555', 'paused');
  });
});
