/**
 * Signing a decision online (issue 6, e-signature): the approver's password is checked again,
 * rate-limited like login (the same failures count for both), then the decision is applied in ONE
 * transaction exactly as a pushed `approval.decide` is — rows read and locked by the same query,
 * one commit with its change-log rows — and the sequencer's round numbers it and pokes the
 * replicas that see the reply. Nothing is written when the password is wrong.
 */
import { randomUUID } from 'node:crypto';
import type { Language, Reply, User } from '../../shared/domain/entities';
import { toText } from '../db/db';
import { sql } from '../db/sql';
import { verifyPassword } from '../auth/passwords';
import { accountKey, checkWithinLimit } from '../auth/rate-limit';
import type { ServerContext } from '../http/context';
import { actorOf } from '../sync/apply';
import { recordAuthEvent } from '../audit/auth-events';
import { appendAudit } from '../audit/store';
import { auditEventsForMutation, rowsByEntity } from '../audit/mutations';
import { writeCommit } from '../sync/commits';
import { loadRows } from '../sync/context';
import type { DecideRequest } from './decision';
import { applySignedDecision, decisionRefusals } from './decision';
import { approverTexts } from './i18n';

/** Why a signed decision was not recorded; `status` is the HTTP status to answer with. */
export class DecisionError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'DecisionError';
  }
}

export type DecisionContext = Pick<ServerContext, 'db' | 'now' | 'loginLimit' | 'sequencer' | 'lifecycle'>;

/** Re-checks the password; counts a failure against the login limit of (account, address). */
export async function confirmPassword(
  context: DecisionContext,
  user: Pick<User, 'id' | 'email' | 'name' | 'role'>,
  password: string,
  ip: string,
): Promise<void> {
  const { db, now } = context;
  const at = now();
  const key = accountKey(user.email, ip);
  const checked = await checkWithinLimit(db, key, at, context.loginLimit, async () => {
    const [found] = await db.query(sql`SELECT password_hash FROM users WHERE id = ${user.id} AND NOT disabled`);
    return verifyPassword(password, found === undefined ? null : toText(found.password_hash));
  });
  if (!checked.allowed) {
    const seconds = Math.ceil(checked.retryAfterMs / 1000);
    await recordAuthEvent(db, { kind: 'login_failed', user, email: user.email, reason: 'rate_limited', at, ip });
    throw new DecisionError(429, 'rate_limited', `too many wrong passwords: try again in ${seconds} s`, {
      'retry-after': String(seconds),
    });
  }
  if (!checked.valid) {
    // A wrong password when signing is a failed authentication, audited as such.
    await recordAuthEvent(db, { kind: 'login_failed', user, email: user.email, reason: 'invalid_credentials', at, ip });
    throw new DecisionError(401, 'invalid_credentials', 'wrong password: the decision was not recorded');
  }
}

export interface Decided {
  readonly reply: Reply;
  readonly approvalId: string;
}

/** The meaning in the signer's language, e.g. "Approvato — Medical review". */
async function meaningFor(
  request: DecideRequest,
  lang: Language,
  stepName: (stepIndex: number) => string,
): Promise<string> {
  const t = await approverTexts(lang);
  const verb =
    request.decision === 'rejected' ? 'rejected' : (request.editedText ?? null) === null ? 'approved' : 'edited';
  return t(`meaning.${verb}`, { step: stepName(request.stepIndex) });
}

/**
 * Password, then one transaction: the decision with its signature, its commit and change-log rows.
 * Answers once the sequencer numbered the commit, so the decider's next pull already sees it.
 */
export async function decideSigned(
  context: DecisionContext,
  user: User,
  request: DecideRequest,
  lang: Language,
  ip: string,
): Promise<Decided> {
  if (context.lifecycle.closing) throw new DecisionError(503, 'not_ready', 'the server is shutting down; try again');
  await confirmPassword(context, user, request.password, ip);
  const approvalId = `ap-${randomUUID()}`;
  const work = (async () => {
    try {
      return await context.db.transaction(async (tx) => {
        const rows = await loadRows(tx, { kind: 'reply', replyId: request.replyId, itemId: null, savedReplyId: null });
        const now = context.now();
        const steps = rows.client?.approvalChain ?? [];
        const meaning = await meaningFor(request, lang, (index) => steps[index]?.name ?? `${index + 1}`);
        const { password: _password, lang: _lang, ...decision } = request;
        const outcome = applySignedDecision(
          { request: decision, approvalId, meaning, lang },
          actorOf(user),
          user,
          rows,
          now,
        );
        if (!outcome.ok) return outcome;
        await writeCommit(tx, { mutation: null, userId: user.id, refusal: null, rows: outcome.rows, outbox: [], now });
        // The audit trail records the decision with its signature, in the same transaction.
        const after = rowsByEntity(outcome.rows);
        const args = { approvalId, replyId: decision.replyId, decision: decision.decision };
        appendAudit(
          tx,
          auditEventsForMutation({ name: 'approval.decide', args, actor: user, at: now, before: rows, after }),
        );
        return outcome;
      });
    } finally {
      await context.sequencer.sequence();
    }
  })();
  const outcome = await context.lifecycle.track(work);
  if (!outcome.ok) {
    const { code, message } = outcome.refusal;
    throw new DecisionError(decisionRefusals[code], code, message);
  }
  return { reply: outcome.reply, approvalId };
}
