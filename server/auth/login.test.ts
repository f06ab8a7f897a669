/**
 * The one sign-in (login.ts) behind `POST /auth/login` and `POST /approve/login`: what each
 * outcome leaves behind — the session of the asked kind, the audit trail, the rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { toText } from '../db/db';
import { sql } from '../db/sql';
import { Clock, openWorldDb } from '../testing/harness';
import { PASSWORD, people } from '../testing/world';
import type { SignInContext, SignInRequest } from './login';
import { signIn } from './login';
import { findSession } from './sessions';

let db: Db;
let context: SignInContext;
const clock = new Clock();
const TTL = 3_600_000;

beforeAll(async () => {
  db = await openWorldDb();
  context = { db, now: clock.now, loginLimit: { maxFailures: 3, windowMs: 15 * 60_000 }, sessionTtlMs: TTL };
}, 60_000);

afterAll(async () => {
  await db.close();
});

const attempt = (request: Partial<SignInRequest> & Pick<SignInRequest, 'email'>) =>
  signIn(context, { password: PASSWORD, ip: '10.1.0.1', kind: 'api', ...request });

async function auditOf(ip: string): Promise<string[]> {
  const found = await db.query(sql`
    SELECT action, actor_id, after->>'reason' AS reason FROM audit_events
    WHERE after->>'ip' = ${ip} ORDER BY at, seq`);
  return found.map((row) =>
    [toText(row.action), row.actor_id === null ? '-' : toText(row.actor_id), row.reason ?? ''].join(' ').trim(),
  );
}

describe('signIn', () => {
  it('opens a session of the asked kind only, expiring after the time to live, and audits the login', async () => {
    const signed = await attempt({ email: people.medical.email, ip: '10.1.0.2', kind: 'page' });
    if (!signed.ok) throw new Error(`refused: ${signed.code}`);
    expect(signed.user).toMatchObject({ id: people.medical.id, role: 'approver' });
    expect(signed.session.expiresAt).toBe(clock.now() + TTL);
    expect(await findSession(db, signed.session.token, clock.now(), 'page')).toMatchObject({ ok: true });
    expect(await findSession(db, signed.session.token, clock.now(), 'api')).toEqual({ ok: false, reason: 'unknown' });
    expect(await auditOf('10.1.0.2')).toEqual([`login ${people.medical.id}`]);
  });

  it('refuses a wrong password and an unknown account with the same code, auditing each attempt', async () => {
    expect(await attempt({ email: people.lead.email, password: 'nope', ip: '10.1.0.3' })).toEqual({
      ok: false,
      code: 'invalid_credentials',
      userId: people.lead.id,
    });
    expect(await attempt({ email: 'nobody@test.example', ip: '10.1.0.3' })).toEqual({
      ok: false,
      code: 'invalid_credentials',
      userId: null,
    });
    expect(await auditOf('10.1.0.3')).toEqual([
      `login_failed ${people.lead.id} invalid_credentials`,
      'login_failed - invalid_credentials',
    ]);
  });

  it('refuses past the limit, even the right password, with the wait until the oldest failure leaves the window', async () => {
    const email = people.legal.email;
    for (let i = 0; i < 3; i += 1) {
      expect(await attempt({ email, password: `guess-${i}`, ip: '10.1.0.4' })).toMatchObject({ ok: false });
      clock.advance(60_000);
    }
    expect(await attempt({ email, ip: '10.1.0.4' })).toEqual({
      ok: false,
      code: 'rate_limited',
      retryAfterMs: 12 * 60_000,
    });
    expect((await auditOf('10.1.0.4')).at(-1)).toBe('login_failed - rate_limited');
    expect(await attempt({ email, ip: '10.1.0.5' })).toMatchObject({ ok: true });
  });

  it('opens no session for a right password of an account the route does not admit, and audits no login', async () => {
    const before = await db.query(sql`SELECT count(*)::int AS n FROM sessions WHERE user_id = ${people.moderator.id}`);
    const refused = await attempt({
      email: people.moderator.email,
      ip: '10.1.0.6',
      kind: 'page',
      mayUse: (user) => user.role === 'approver',
    });
    expect(refused).toMatchObject({ ok: false, code: 'not_allowed', user: { id: people.moderator.id } });
    const after = await db.query(sql`SELECT count(*)::int AS n FROM sessions WHERE user_id = ${people.moderator.id}`);
    expect(after).toEqual(before);
    expect(await auditOf('10.1.0.6')).toEqual([]);
  });
});
