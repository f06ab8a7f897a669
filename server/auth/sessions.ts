/**
 * Session tokens: 32 random bytes handed to the user once; the database keeps only their SHA-256,
 * so a leaked database opens no session. Sessions expire and can be revoked (logout); every
 * request checks both, so a revocation holds at once on every instance.
 *
 * Two kinds, never interchangeable (migration 004): `api` sessions are the bearer tokens of the
 * JSON API and the socket; `page` sessions are the approver page's cookie (server/approvals/page/
 * session.ts). A token is looked up only among the sessions of the kind its route accepts, so a
 * page cookie copied into an Authorization header — or a bearer token set as the cookie — is
 * an unknown session.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { User } from '../../shared/domain/entities';
import type { Queryable } from '../db/db';
import { toInt, toText, toTextArrayOrNull } from '../db/db';
import { sql } from '../db/sql';

export type SessionKind = 'api' | 'page';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewSession {
  readonly token: string;
  readonly expiresAt: number;
}

/** A new session of `kind`: a bearer token (`api`) unless the caller is the approver page. */
export async function createSession(
  db: Queryable,
  userId: string,
  now: number,
  ttlMs: number,
  kind: SessionKind = 'api',
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + ttlMs;
  await db.query(sql`INSERT INTO sessions (token_hash, kind, user_id, created_at, expires_at)
    VALUES (${hashToken(token)}, ${kind}, ${userId}, ${now}, ${expiresAt})`);
  return { token, expiresAt };
}

export type SessionCheck =
  | { readonly ok: true; readonly user: User; readonly tokenHash: string; readonly expiresAt: number }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'revoked' };

/** The session of `token` among those of `kind`: bearer (`api`) unless the caller is the page. */
export async function findSession(
  db: Queryable,
  token: string,
  now: number,
  kind: SessionKind = 'api',
): Promise<SessionCheck> {
  const tokenHash = hashToken(token);
  const [found] = await db.query(sql`
    SELECT s.expires_at, s.revoked_at, u.disabled, u.id, u.name, u.email, u.role, u.client_ids, u.also_approver
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${tokenHash} AND s.kind = ${kind}`);
  if (found === undefined || found.disabled === true) return { ok: false, reason: 'unknown' };
  if (found.revoked_at !== null) return { ok: false, reason: 'revoked' };
  const expiresAt = toInt(found.expires_at);
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, user: userFromRow(found), tokenHash, expiresAt };
}

export async function revokeSession(db: Queryable, tokenHash: string, now: number): Promise<void> {
  await db.query(sql`UPDATE sessions SET revoked_at = ${now} WHERE token_hash = ${tokenHash} AND revoked_at IS NULL`);
}

export function userFromRow(found: Record<string, unknown>): User {
  return {
    id: toText(found.id),
    name: toText(found.name),
    email: toText(found.email),
    role: toText(found.role) as User['role'],
    clientIds: toTextArrayOrNull(found.client_ids),
    alsoApprover: found.also_approver === true,
  };
}
