/**
 * Login rate limit per account and address: after `maxFailures` failed logins within `windowMs`,
 * further attempts are refused (429, Retry-After) until the oldest failure leaves the window.
 * Kept in the database so every instance behind a load balancer counts the same failures.
 *
 * An attempt is RESERVED before its password is checked: under a lock on the account key, the
 * failures in the window are counted and, if the limit allows one more, a failure is written —
 * then the lock is released and the slow password check runs. Concurrent guesses (from one
 * instance or several sharing the database) therefore take turns for the count, and at most
 * `maxFailures` of them ever reach the password check. A right password clears the failures.
 */
import type { Db, Queryable } from '../db/db';
import { toInt } from '../db/db';
import { sql } from '../db/sql';

export interface LoginLimit {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_LIMIT: LoginLimit = { maxFailures: 5, windowMs: 15 * 60_000 };

/**
 * The first key of the two-key advisory locks taken per account (the second is the key's hash).
 * PostgreSQL keeps two-key locks apart from one-key ones (the migration lock of
 * server/db/migrations/index.ts), so only another two-key lock with this number could collide.
 */
const LOGIN_LOCK_SPACE = 7_301_002;

export function accountKey(email: string, ip: string): string {
  return `${email.toLowerCase()}|${ip}`;
}

export type LimitCheck = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Counts the failures of `key` in the window and, if one more is allowed, writes it now (the
 * attempt counts as failed until `clearLoginFailures` says otherwise). One transaction under an
 * advisory lock of the key, so two attempts never both see room for the last try.
 */
export async function reserveLoginAttempt(db: Db, key: string, now: number, limit: LoginLimit): Promise<LimitCheck> {
  return db.transaction(async (tx) => {
    await tx.query(sql`SELECT pg_advisory_xact_lock(${LOGIN_LOCK_SPACE}::int, hashtext(${key}))`);
    const since = now - limit.windowMs;
    const recent = await tx.query(sql`
      SELECT at FROM login_failures WHERE account_key = ${key} AND at > ${since}
      ORDER BY at DESC LIMIT ${limit.maxFailures}`);
    if (recent.length >= limit.maxFailures) {
      // When the oldest of the last maxFailures failures leaves the window, one more try is allowed.
      const oldest = toInt(recent[recent.length - 1]?.at ?? now);
      return { allowed: false, retryAfterMs: Math.max(1000, oldest + limit.windowMs - now) };
    }
    await tx.query(sql`DELETE FROM login_failures WHERE account_key = ${key} AND at <= ${since}`);
    await tx.query(sql`INSERT INTO login_failures (account_key, at) VALUES (${key}, ${now})`);
    return { allowed: true };
  });
}

export async function clearLoginFailures(db: Queryable, key: string): Promise<void> {
  await db.query(sql`DELETE FROM login_failures WHERE account_key = ${key}`);
}

export type GuardedCheck =
  { readonly allowed: false; readonly retryAfterMs: number } | { readonly allowed: true; readonly valid: boolean };

/**
 * The one way a password is checked (login, the approver page's login, e-signatures): reserve an
 * attempt, run `check` only if the limit allowed it, clear the failures when it succeeded.
 */
export async function checkWithinLimit(
  db: Db,
  key: string,
  now: number,
  limit: LoginLimit,
  check: () => Promise<boolean>,
): Promise<GuardedCheck> {
  const reserved = await reserveLoginAttempt(db, key, now, limit);
  if (!reserved.allowed) return reserved;
  const valid = await check();
  if (valid) await clearLoginFailures(db, key);
  return { allowed: true, valid };
}
