/**
 * The approver page's own sign-in: a session of the same store as the desktop's bearer tokens
 * (server/auth/sessions.ts: hashed, expiring, revocable), carried in an HttpOnly, SameSite=Strict
 * cookie scoped to /approve. The page never reads an Authorization header, and the bearer routes
 * never read this cookie; its sessions are of the `page` kind, which no bearer route accepts (and
 * a bearer token set as this cookie is not a `page` session).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Language, User } from '../../../shared/domain/entities';
import { language } from '../../../shared/domain/entities';
import type { Queryable } from '../../db/db';
import { findSession } from '../../auth/sessions';
import { languageFromHeader } from '../i18n';
import { BASE } from './layout';

export const SESSION_COOKIE = 'md_approver';
export const LANGUAGE_COOKIE = 'md_lang';
const YEAR_S = 365 * 24 * 3600;

/** Who may use the page: approvers, and admins who are also approvers (docs/domain.md). */
export function mayApprove(user: Pick<User, 'role' | 'alsoApprover'>): boolean {
  return user.role === 'approver' || (user.role === 'admin' && user.alsoApprover);
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: number, now: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: BASE,
    httpOnly: true,
    sameSite: 'strict',
    // Secure whenever the page is reached over HTTPS (a proxy terminating TLS sets it up).
    secure: 'auto',
    maxAge: Math.max(1, Math.floor((expiresAt - now) / 1000)),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: BASE, httpOnly: true, sameSite: 'strict', secure: 'auto' });
}

export function sessionToken(request: FastifyRequest): string | null {
  const token = request.cookies[SESSION_COOKIE];
  return token === undefined || token === '' || token.length > 256 ? null : token;
}

export type PageUser =
  | { readonly ok: true; readonly user: User; readonly tokenHash: string }
  | { readonly ok: false; readonly reason: 'none' | 'expired' | 'not_approver' };

export async function pageUser(db: Queryable, request: FastifyRequest, now: number): Promise<PageUser> {
  const token = sessionToken(request);
  if (token === null) return { ok: false, reason: 'none' };
  const session = await findSession(db, token, now, 'page');
  if (!session.ok) return { ok: false, reason: session.reason === 'expired' ? 'expired' : 'none' };
  if (!mayApprove(session.user)) return { ok: false, reason: 'not_approver' };
  return { ok: true, user: session.user, tokenHash: session.tokenHash };
}

/** The user's choice (the switch's cookie), else the browser's Accept-Language. */
export function languageOf(request: FastifyRequest): Language {
  const chosen = language.safeParse(request.cookies[LANGUAGE_COOKIE]);
  return chosen.success ? chosen.data : languageFromHeader(request.headers['accept-language']);
}

export function setLanguageCookie(reply: FastifyReply, lang: Language): void {
  reply.setCookie(LANGUAGE_COOKIE, lang, { path: BASE, sameSite: 'strict', secure: 'auto', maxAge: YEAR_S });
}

/** Only a path of this page is a place to go back to (no open redirect). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith(`${BASE}/`) || next.startsWith(`${BASE}//`)) return `${BASE}/`;
  return /^[\w\-./?=&%]*$/.test(next) ? next : `${BASE}/`;
}
