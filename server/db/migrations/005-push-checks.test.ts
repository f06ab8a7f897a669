import { describe, expect, it } from 'vitest';
import { sql } from '../sql';
import { bareDatabase, migrateTo, sqlState } from './testing';

const database = bareDatabase();

describe('migration 005 (push checks)', () => {
  it("adds one kept hash per replica and mutation id to a version-4 database, and finds an item's replies by index", async () => {
    await migrateTo(database(), 4);
    await database().query(sql`INSERT INTO users (id, email, name, role, password_hash, created_at)
      VALUES ('us-1', 'g@x.it', 'Giulia', 'moderator', 'h', 1)`);
    await database().query(sql`INSERT INTO sync_clients (client_id, user_id, last_mutation_id, created_at)
      VALUES ('replica-1', 'us-1', 7, 1)`);
    await database().query(sql`INSERT INTO entities (entity, id, rank, sort_key, scopes, data)
      VALUES ('reply', 'rp-1', 6, 0, ARRAY['cl-1'], '{"id":"rp-1","itemId":"it-1"}'::jsonb)`);

    expect(await migrateTo(database(), 5)).toEqual([5]);

    const keep = (clientId: string, id: number) =>
      database().query(
        sql`INSERT INTO sync_mutation_hashes (client_id, mutation_id, hash) VALUES (${clientId}, ${id}, 'h')`,
      );
    await keep('replica-1', 7);
    expect(await sqlState(keep('replica-1', 7))).toBe('23505');
    expect(await sqlState(keep('replica-unknown', 1))).toBe('23503');

    const [index] = await database().query(
      sql`SELECT indexdef FROM pg_indexes WHERE tablename = 'entities' AND indexname = 'entities_reply_item'`,
    );
    expect(String(index?.indexdef)).toMatch(/itemId/);
    const found = await database().query(
      sql`SELECT id FROM entities WHERE entity = 'reply' AND data->>'itemId' = 'it-1'`,
    );
    expect(found.map((row) => row.id)).toEqual(['rp-1']);
  });
});
