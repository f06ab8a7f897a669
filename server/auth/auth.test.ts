import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { sql } from '../db/sql';
import { anonymous, as, Clock, login, openWorldDb, startTestServer } from '../testing/harness';
import { PASSWORD, people } from '../testing/world';
import { hashPassword, verifyPassword } from './passwords';

let db: Db;
let server: ModeratorServer;
const clock = new Clock();
const MINUTE = 60_000;

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, clock, { loginLimit: { maxFailures: 5, windowMs: 15 * MINUTE } });
});

afterAll(async () => {
  await server.close();
  await db.close();
});

const attempt = (email: string, password: string, ip = '127.0.0.1') =>
  server.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password }, remoteAddress: ip });

describe('passwords', () => {
  it('hashes with a salt of its own and verifies only the right password', async () => {
    const [a, b] = await Promise.all([hashPassword('segreto'), hashPassword('segreto')]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('segreto', a)).toBe(true);
    expect(await verifyPassword('Segreto', a)).toBe(false);
    expect(await verifyPassword('segreto', null)).toBe(false);
    expect(await verifyPassword('segreto', 'not-a-hash')).toBe(false);
  });
});

describe('login', () => {
  it('answers a token, its expiry and the user, without the password hash', async () => {
    const response = await attempt(people.lead.email.toUpperCase(), PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      expiresAt: clock.now() + 3_600_000,
      user: { id: people.lead.id, role: 'lead', clientIds: null },
    });
    expect(JSON.stringify(body)).not.toContain('scrypt');
    const stored = await db.query(sql`SELECT token_hash FROM sessions`);
    expect(stored.map((found) => found.token_hash)).not.toContain(body.token);
  });

  it('says only "wrong email or password", for a wrong password and an unknown account alike', async () => {
    const wrong = await attempt(people.admin.email, 'nope', '10.0.0.9');
    const unknown = await attempt('nobody@test.example', 'nope', '10.0.0.9');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json()).toEqual({ error: { code: 'invalid_credentials', message: 'wrong email or password' } });
  });

  it('refuses after 5 failures in 15 minutes per account and address, with Retry-After, and again after the window', async () => {
    const email = people.otherApprover.email;
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt(email, `guess-${i}`, '10.0.0.1')).statusCode).toBe(401);
      clock.advance(MINUTE);
    }
    const limited = await attempt(email, PASSWORD, '10.0.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // The first failure leaves the window 15 minutes after it happened: 10 minutes from now.
    expect(Number(limited.headers['retry-after'])).toBe(10 * 60);
    // Another address is not blocked by these failures.
    expect((await attempt(email, PASSWORD, '10.0.0.2')).statusCode).toBe(200);
    clock.advance(10 * MINUTE);
    expect((await attempt(email, PASSWORD, '10.0.0.1')).statusCode).toBe(200);
    // A success clears the count.
    expect((await attempt(email, 'wrong', '10.0.0.1')).statusCode).toBe(401);
    expect((await attempt(email, PASSWORD, '10.0.0.1')).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('expire after their time to live', async () => {
    const token = await login(server.app, people.moderator.email);
    const me = () => anonymous(server.app)('GET', '/auth/me', undefined, token);
    expect((await me()).status).toBe(200);
    clock.advance(3_600_000);
    const expired = await me();
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: { code: 'session_expired' } });
    expect(expired.headers['www-authenticate']).toBe('Bearer');
  });

  it('are revoked by logout, on every endpoint, while other sessions of the user live on', async () => {
    const token = await login(server.app, people.moderator.email);
    const other = await login(server.app, people.moderator.email);
    const logout = await anonymous(server.app)('POST', '/auth/logout', undefined, token);
    expect(logout.status).toBe(204);
    const pull = await as(server.app, token).pull('replica-revoked-1', 0);
    expect(pull.status).toBe(401);
    expect(pull.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await anonymous(server.app)('POST', '/auth/logout', undefined, token)).status).toBe(401);
    expect((await as(server.app, other).pull('replica-revoked-2', 0)).status).toBe(200);
  });

  it('end when the account is disabled', async () => {
    const token = await login(server.app, people.legal.email);
    await db.query(sql`UPDATE users SET disabled = true WHERE id = ${people.legal.id}`);
    expect((await anonymous(server.app)('GET', '/auth/me', undefined, token)).status).toBe(401);
    expect((await attempt(people.legal.email, PASSWORD)).statusCode).toBe(401);
    await db.query(sql`UPDATE users SET disabled = false WHERE id = ${people.legal.id}`);
  });
});
