import { beforeAll, describe, expect, it } from 'vitest';
import { toInt } from '../db';
import { sql } from '../sql';
import { bareDatabase, migrateTo, sqlState } from './testing';

const database = bareDatabase();

beforeAll(async () => {
  await migrateTo(database(), 1);
});

describe('migration 001 (initial)', () => {
  it('starts the change log at cursor 0 and numbers commits from 1', async () => {
    const [cursor] = await database().query(sql`SELECT value FROM sync_state WHERE name = 'cursor'`);
    expect(toInt(cursor?.value)).toBe(0);
    const [commit] = await database().query(sql`INSERT INTO commits (created_at) VALUES (1) RETURNING seq`);
    expect(toInt(commit?.seq)).toBe(1);
  });

  it('refuses what the server must never store: an unknown role, a second account per e-mail, a session of nobody', async () => {
    await database().query(sql`INSERT INTO users (id, email, name, role, password_hash, created_at)
      VALUES ('us-1', 'a@x.it', 'A', 'moderator', 'h', 1)`);
    expect(
      await sqlState(
        database().query(sql`INSERT INTO users (id, email, name, role, password_hash, created_at)
          VALUES ('us-2', 'b@x.it', 'B', 'owner', 'h', 1)`),
      ),
    ).toBe('23514');
    expect(
      await sqlState(
        database().query(sql`INSERT INTO users (id, email, name, role, password_hash, created_at)
          VALUES ('us-3', 'a@x.it', 'C', 'lead', 'h', 1)`),
      ),
    ).toBe('23505');
    expect(
      await sqlState(
        database().query(
          sql`INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ('t', 'us-404', 1, 2)`,
        ),
      ),
    ).toBe('23503');
  });

  it('keeps one outbox row per reply version, so a reply is never queued twice', async () => {
    const queue = (version: number) =>
      database()
        .query(sql`INSERT INTO outbox (reply_id, reply_version, text_hash, client_id, status, created_at, updated_at)
        VALUES ('rp-1', ${version}, 'h', 'cl-1', 'queued', 1, 1)`);
    await queue(1);
    expect(await sqlState(queue(1))).toBe('23505');
    await queue(2);
    expect(
      await sqlState(
        database().query(sql`UPDATE outbox SET status = 'lost' WHERE reply_id = 'rp-1' AND reply_version = 2`),
      ),
    ).toBe('23514');
  });

  it('keeps one row per entity id, and a change only inside a commit', async () => {
    const put = () =>
      database().query(sql`INSERT INTO entities (entity, id, rank, sort_key, scopes, data)
        VALUES ('item', 'it-1', 5, 0, ARRAY['cl-1'], '{}'::jsonb)`);
    await put();
    expect(await sqlState(put())).toBe('23505');
    expect(
      await sqlState(
        database().query(
          sql`INSERT INTO changes (commit_seq, ord, entity, id, op) VALUES (999, 0, 'item', 'it-1', 'upsert')`,
        ),
      ),
    ).toBe('23503');
  });
});
