/**
 * `POST /approvals/saved-replies/decide` (JSON, bearer): a client approver e-signs the current step
 * of a saved reply's pre-approval (shared/domain/preApproval.ts) — password again, rate-limited
 * like login (decide.ts `confirmPassword`), then ONE transaction: the saved reply read and locked,
 * the rule, the new row with its change-log commit and an audit `approve` event with the
 * signature. Only once every step signed is the saved reply pre-approved, and only for the
 * visibility it was submitted for.
 */
import { z } from 'zod';
import type { Language, SavedReply, User } from '../../shared/domain/entities';
import { id, language } from '../../shared/domain/entities';
import { signSavedReply } from '../../shared/domain';
import { appendAudit } from '../audit/store';
import { actorOf } from '../sync/apply';
import { writeCommit } from '../sync/commits';
import { row } from '../sync/rows';
import { canSeeClient, visibilityOf } from '../sync/scope';
import { readClient, readSavedReply } from '../policy/store';
import type { DecisionContext } from './decide';
import { confirmPassword, DecisionError } from './decide';
import { decisionRefusals, signatureOf } from './decision';
import type { DecisionRefusalCode } from './decision';
import { approverTexts } from './i18n';

export const preApprovalRequest = z
  .object({
    savedReplyId: id,
    stepIndex: z.number().int().min(0).max(2),
    /** The hash of the exact text and visibility the approver was shown. */
    textHash: z.string().min(1).max(128),
    password: z.string().min(1).max(1024),
    lang: language.optional(),
  })
  .strict();
export type PreApprovalRequest = z.infer<typeof preApprovalRequest>;

function refused(code: string, message: string): DecisionError {
  const known = Object.hasOwn(decisionRefusals, code) ? (code as DecisionRefusalCode) : 'invalid_argument';
  // A step signed meanwhile, or a submission no longer waiting, was decided by someone else.
  if (code === 'illegal_transition' || code === 'approval_stale') {
    return new DecisionError(409, code === 'approval_stale' ? 'approval_stale' : 'already_decided', message);
  }
  return new DecisionError(decisionRefusals[known], known, message);
}

/** Password, then one transaction; answers the saved reply as it is now. */
export async function signPreApproval(
  context: DecisionContext,
  user: User,
  request: PreApprovalRequest,
  lang: Language,
  ip: string,
): Promise<SavedReply> {
  if (context.lifecycle.closing) throw new DecisionError(503, 'not_ready', 'the server is shutting down; try again');
  await confirmPassword(context, user, request.password, ip);
  const t = await approverTexts(lang);
  const work = (async () => {
    try {
      return await context.db.transaction(async (tx) => {
        const saved = await readSavedReply(tx, request.savedReplyId, true);
        const actor = actorOf(user);
        if (saved === null || !canSeeClient(visibilityOf(actor), saved.clientId)) {
          throw new DecisionError(404, 'not_found', 'no such saved reply');
        }
        const client = await readClient(tx, saved.clientId, false);
        if (client === null) throw new DecisionError(404, 'not_found', 'the saved reply’s client is missing');
        const step = client.approvalChain[request.stepIndex]?.name ?? `${request.stepIndex + 1}`;
        const meaning = t('meaning.preApproved', { step });
        const now = context.now();
        const signed = signSavedReply(
          saved,
          client,
          {
            stepIndex: request.stepIndex,
            expectedTextHash: request.textHash,
            signature: signatureOf(user, meaning, lang),
            meaning,
          },
          actor,
          now,
        );
        if (!signed.ok) throw refused(signed.error.code, signed.error.message);
        const after = signed.value;
        await writeCommit(tx, {
          mutation: null,
          userId: user.id,
          refusal: null,
          rows: [row('saved_reply', after)],
          outbox: [],
          now,
        });
        const signature = after.preApproval?.signatures.at(-1)?.signature;
        appendAudit(tx, [
          {
            at: now,
            actor: { id: user.id, name: user.name, role: user.role },
            action: 'approve',
            entity: 'saved_reply',
            entityId: after.id,
            clientId: after.clientId,
            before: { preApproved: saved.preApproved },
            after: {
              text: after.text,
              visibility: after.preApproval?.visibility ?? null,
              textHash: after.preApproval?.textHash ?? null,
              stepIndex: request.stepIndex,
              preApproved: after.preApproved,
            },
            signature: signature === undefined ? null : { printedName: signature.printedName, meaning, at: now },
          },
        ]);
        return after;
      });
    } finally {
      await context.sequencer.sequence();
    }
  })();
  return context.lifecycle.track(work);
}
