/**
 * Login rate limit per account and address: after `maxFailures` failed logins within `windowMs`,
 * further attempts are refused (429, Retry-After) until the oldest failure leaves the window.
 * Kept in the database so every instance behind a load balancer counts the same failures.
 */
import type { Queryable } from '../db/db';
import { toInt } from '../db/db';
import { sql } from '../db/sql';

export interface LoginLimit {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_LIMIT: LoginLimit = { maxFailures: 5, windowMs: 15 * 60_000 };

export function accountKey(email: string, ip: string): string {
  return `${email.toLowerCase()}|${ip}`;
}

export type LimitCheck = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

export async function checkLoginLimit(db: Queryable, key: string, now: number, limit: LoginLimit): Promise<LimitCheck> {
  const since = now - limit.windowMs;
  const recent = await db.query(sql`
    SELECT at FROM login_failures WHERE account_key = ${key} AND at > ${since}
    ORDER BY at DESC LIMIT ${limit.maxFailures}`);
  if (recent.length < limit.maxFailures) return { allowed: true };
  // When the oldest of the last maxFailures failures leaves the window, one more try is allowed.
  const oldest = toInt(recent[recent.length - 1]?.at ?? now);
  return { allowed: false, retryAfterMs: Math.max(1000, oldest + limit.windowMs - now) };
}

export async function recordLoginFailure(db: Queryable, key: string, now: number, limit: LoginLimit): Promise<void> {
  await db.query(sql`DELETE FROM login_failures WHERE account_key = ${key} AND at <= ${now - limit.windowMs}`);
  await db.query(sql`INSERT INTO login_failures (account_key, at) VALUES (${key}, ${now})`);
}

export async function clearLoginFailures(db: Queryable, key: string): Promise<void> {
  await db.query(sql`DELETE FROM login_failures WHERE account_key = ${key}`);
}
