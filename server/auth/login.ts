/**
 * The one sign-in of the team server, for the JSON API (`POST /auth/login`, server/http/routes.ts,
 * an `api` session) and the approver page (`POST /approve/login`, server/approvals/page/plugin.ts,
 * a `page` session): look the account up, check the password within the rate limit
 * (rate-limit.ts), open a session of the route's kind (sessions.ts) and audit the attempt
 * (server/audit/auth-events.ts). The routes word the outcome (JSON, or the page in the user's
 * language) and log it; nothing here knows HTTP.
 */
import type { User } from '../../shared/domain/entities';
import { recordAuthEvent } from '../audit/auth-events';
import type { Db } from '../db/db';
import { toText } from '../db/db';
import { sql } from '../db/sql';
import { verifyPassword } from './passwords';
import type { LoginLimit } from './rate-limit';
import { accountKey, checkWithinLimit } from './rate-limit';
import type { NewSession, SessionKind } from './sessions';
import { createSession, userFromRow } from './sessions';

export interface SignInContext {
  readonly db: Db;
  readonly now: () => number;
  readonly loginLimit: LoginLimit;
  readonly sessionTtlMs: number;
}

export interface SignInRequest {
  readonly email: string;
  readonly password: string;
  readonly ip: string;
  readonly kind: SessionKind;
  /**
   * Who may hold a session of this kind (the page: approvers only), asked once the password is
   * right. A refused account gets no session and no `login` event.
   */
  readonly mayUse?: (user: User) => boolean;
}

export type SignInResult =
  | { readonly ok: true; readonly user: User; readonly session: NewSession; readonly at: number }
  | { readonly ok: false; readonly code: 'rate_limited'; readonly retryAfterMs: number }
  /** `userId`: the account the address belongs to, for the operator's log; null when none has it. */
  | { readonly ok: false; readonly code: 'invalid_credentials'; readonly userId: string | null }
  | { readonly ok: false; readonly code: 'not_allowed'; readonly user: User };

export async function signIn(context: SignInContext, request: SignInRequest): Promise<SignInResult> {
  const { db } = context;
  const { email, ip } = request;
  const at = context.now();
  const [found] = await db.query(sql`
    SELECT id, name, email, role, client_ids, also_approver, password_hash FROM users
    WHERE email = ${email} AND NOT disabled`);
  const stored = found === undefined ? null : toText(found.password_hash);
  const checked = await checkWithinLimit(db, accountKey(email, ip), at, context.loginLimit, () =>
    verifyPassword(request.password, stored),
  );
  if (!checked.allowed) {
    await recordAuthEvent(db, { kind: 'login_failed', user: null, email, reason: 'rate_limited', at, ip });
    return { ok: false, code: 'rate_limited', retryAfterMs: checked.retryAfterMs };
  }
  if (found === undefined || !checked.valid) {
    const person = found === undefined ? null : userFromRow(found);
    await recordAuthEvent(db, { kind: 'login_failed', user: person, email, reason: 'invalid_credentials', at, ip });
    return { ok: false, code: 'invalid_credentials', userId: person?.id ?? null };
  }
  const user = userFromRow(found);
  if (request.mayUse !== undefined && !request.mayUse(user)) return { ok: false, code: 'not_allowed', user };
  const session = await createSession(db, user.id, at, context.sessionTtlMs, request.kind);
  await recordAuthEvent(db, { kind: 'login', user, at, ip });
  return { ok: true, user, session, at };
}
