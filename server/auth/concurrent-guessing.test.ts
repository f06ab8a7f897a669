/**
 * Guesses sent all at once: each attempt is reserved before its password is checked
 * (rate-limit.ts), so however many arrive together — on one instance or on several sharing the
 * database — at most the limit's number are checked; the others are refused without a check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { Browser, approveBody, decideJson, readReply, submitReply } from '../approvals/testing';
import { Clock, login, openWorldDb, startTestServer } from '../testing/harness';
import { itemId, PASSWORD, people, PHARMA } from '../testing/world';

let db: Db;
let first: ModeratorServer;
let second: ModeratorServer;
const clock = new Clock();
const LIMIT = { maxFailures: 5, windowMs: 15 * 60_000 };

beforeAll(async () => {
  db = await openWorldDb();
  first = await startTestServer(db, clock, { loginLimit: LIMIT });
  second = await startTestServer(db, clock, { loginLimit: LIMIT });
}, 60_000);

afterAll(async () => {
  await first.close();
  await second.close();
  await db.close();
});

/** How many answers had each status, e.g. { 401: 5, 429: 35 }. */
function tally(statuses: readonly number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

const attempt = (server: ModeratorServer, email: string, password: string, ip: string) =>
  server.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password }, remoteAddress: ip });

describe('concurrent guessing', { timeout: 60_000 }, () => {
  it('checks at most 5 of 40 wrong logins sent at once; the others are refused with 429', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) => attempt(first, people.admin.email, `guess-${index}`, '10.9.0.1')),
    );
    expect(tally(answers.map((answer) => answer.statusCode))).toEqual({ 401: 5, 429: 35 });
    // The right password is refused too until the window passes: the guesses were counted.
    expect((await attempt(first, people.admin.email, PASSWORD, '10.9.0.1')).statusCode).toBe(429);
  });

  it('counts the guesses of two instances sharing one database together', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        attempt(index % 2 === 0 ? first : second, people.lead.email, `guess-${index}`, '10.9.0.2'),
      ),
    );
    expect(tally(answers.map((answer) => answer.statusCode))).toEqual({ 401: 5, 429: 35 });
  });

  it('checks at most 5 of 20 wrong sign-ins on the approver page sent at once', async () => {
    const browsers = Array.from({ length: 20 }, () => new Browser(first.app));
    const forms = await Promise.all(browsers.map((browser) => browser.get('/approve/login')));
    const answers = await Promise.all(
      browsers.map((browser, index) =>
        browser.post('/approve/login', {
          _csrf: Browser.csrfOf(forms[index] ?? { status: 0, body: '', headers: {}, location: null }),
          email: people.otherApprover.email,
          password: `guess-${index}`,
        }),
      ),
    );
    expect(tally(answers.map((answer) => answer.status))).toEqual({ 401: 5, 429: 15 });
  });

  it('checks at most 5 of 30 wrong signing passwords sent at once, and records no decision', async () => {
    const moderator = await login(first.app, people.moderator.email);
    const medical = await login(first.app, people.medical.email);
    await submitReply(first.app, moderator, itemId(PHARMA, 3), 'r-guess', 'Ne parli con il suo medico.');
    const body = await approveBody(db, 'r-guess', 0, 'guess');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        decideJson(index % 2 === 0 ? first.app : second.app, medical, { ...body, password: `guess-${index}` }),
      ),
    );
    expect(tally(answers.map((answer) => answer.status))).toEqual({ 401: 5, 429: 25 });
    expect((await readReply(db, 'r-guess')).approvals).toEqual([]);
  });
});
