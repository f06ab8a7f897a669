/**
 * Two kinds of session, never interchangeable: the approver page's cookie opens only the page
 * (`/approve/`), a bearer token from `/auth/login` opens only the JSON API and the socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { migrate, migrations } from '../db/migrations';
import { openPglite } from '../db/pglite';
import { sql } from '../db/sql';
import { Browser } from '../approvals/testing';
import { anonymous, as, bareCluster, Clock, login, openWorldDb, startTestServer } from '../testing/harness';
import { openSocket } from '../testing/socket-client';
import { PASSWORD, people } from '../testing/world';
import { findSession } from './sessions';

let db: Db;
let server: ModeratorServer;
let baseUrl: string;
const clock = new Clock();

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, clock);
  baseUrl = await server.listen();
}, 60_000);

afterAll(async () => {
  await server.close();
  await db.close();
});

async function pageCookie(): Promise<string> {
  const browser = new Browser(server.app);
  const signedIn = await browser.signIn(people.medical.email, PASSWORD);
  expect(signedIn.status).toBe(303);
  const token = browser.cookie('md_approver');
  if (token === undefined) throw new Error('no page session cookie');
  return token;
}

describe('session kinds', { timeout: 30_000 }, () => {
  it('the approver page cookie is not a bearer token for the JSON API or the socket', async () => {
    const token = await pageCookie();
    const me = await anonymous(server.app)('GET', '/auth/me', undefined, token);
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await as(server.app, token).pull('replica-page-token', 0)).status).toBe(401);
    expect((await anonymous(server.app)('POST', '/auth/logout', undefined, token)).status).toBe(401);
    const socket = await openSocket(baseUrl, token);
    await socket.next((message) => message.type === 'error');
    await socket.close();
    // The page itself still opens with it.
    const page = await server.app.inject({
      method: 'GET',
      url: '/approve/',
      headers: { cookie: `md_approver=${token}` },
    });
    expect(page.statusCode).toBe(200);
  });

  it('a bearer token from /auth/login does not open the approver page as a cookie', async () => {
    const token = await login(server.app, people.medical.email);
    expect((await anonymous(server.app)('GET', '/auth/me', undefined, token)).status).toBe(200);
    const page = await server.app.inject({
      method: 'GET',
      url: '/approve/',
      headers: { cookie: `md_approver=${token}` },
    });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/approve\/login\?/);
  });
});

describe('migration 004 (session kinds)', () => {
  it('ends the sessions opened before it, which could be either kind', async () => {
    const old = await openPglite({ loadDataDir: await bareCluster() });
    try {
      await migrate(
        old,
        migrations.filter((migration) => migration.version < 4),
      );
      await old.query(sql`INSERT INTO users (id, email, name, role, password_hash, created_at)
        VALUES ('u-1', 'a@test.example', 'A', 'approver', 'x', 0)`);
      await old.query(sql`INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
        VALUES ('h-1', 'u-1', 0, ${Number.MAX_SAFE_INTEGER})`);
      expect(
        (
          await migrate(
            old,
            migrations.filter((migration) => migration.version <= 4),
          )
        ).applied,
      ).toEqual([4]);
      const [ended] = await old.query(sql`SELECT kind, revoked_at FROM sessions WHERE token_hash = 'h-1'`);
      expect(ended?.revoked_at).not.toBeNull();
      expect(await findSession(old, 'whatever', 1)).toEqual({ ok: false, reason: 'unknown' });
    } finally {
      await old.close();
    }
  });
});
