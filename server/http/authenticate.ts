/**
 * Bearer tokens on every endpoint but login, health and readiness: `api` sessions only, never the
 * approver page's cookie sessions (server/auth/sessions.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { User } from '../../shared/domain/entities';
import type { Queryable } from '../db/db';
import { findSession } from '../auth/sessions';
import { HttpError } from './errors';

export interface Authenticated {
  readonly user: User;
  readonly tokenHash: string;
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/]+=*)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

const CHALLENGE = { 'www-authenticate': 'Bearer' };

export async function authenticateToken(db: Queryable, token: string | null, now: number): Promise<Authenticated> {
  if (token === null)
    throw new HttpError(401, 'unauthorized', 'log in first (Authorization: Bearer <token>)', CHALLENGE);
  const session = await findSession(db, token, now, 'api');
  if (session.ok) return { user: session.user, tokenHash: session.tokenHash };
  if (session.reason === 'expired')
    throw new HttpError(401, 'session_expired', 'the session expired: log in again', CHALLENGE);
  throw new HttpError(401, 'unauthorized', 'the session is not valid: log in again', CHALLENGE);
}

export function authenticate(db: Queryable, request: FastifyRequest, now: number): Promise<Authenticated> {
  return authenticateToken(db, bearerToken(request), now);
}
