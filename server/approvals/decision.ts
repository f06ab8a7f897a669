/**
 * A signed approval decision, as the team server applies it: the same rows, visibility rule and
 * domain commands as the `approval.decide` mutation (server/sync/apply.ts), plus the e-signature
 * that only an online request with the password can carry. Pure: rows in, rows or a refusal out;
 * decide.ts reads, locks and writes them in one transaction.
 */
import { z } from 'zod';
import type { Actor, Language, Reply, User } from '../../shared/domain/entities';
import { approvalDecision, id, language } from '../../shared/domain/entities';
import type { DomainError, Result } from '../../shared/domain/errors';
import type { ItemAndReply, SignatureInput } from '../../shared/domain';
import { approvalProgress, decide, editAndApproveCommand } from '../../shared/domain';
import type { LoadedRows } from '../sync/context';
import type { EntityRow } from '../sync/rows';
import { row } from '../sync/rows';
import { canSeeClient, visibilityOf } from '../sync/scope';

/** `POST /approvals/decide` (JSON). The password is checked again before anything is read. */
export const decideRequest = z
  .object({
    replyId: id,
    stepIndex: z.number().int().min(0).max(2),
    decision: approvalDecision,
    /** The hash of the exact text and visibility the approver was shown. */
    textHash: z.string().min(1).max(128),
    /** The reason of a rejection (required then), or a note with an approval. */
    comment: z.string().max(2000).nullable().optional(),
    password: z.string().min(1).max(1024),
    /** Edit-and-approve: the corrected text, signed as it will be published. */
    editedText: z.string().min(1).max(10_000).nullable().optional(),
    /** The language the signer was shown the meaning in; default: the request's Accept-Language. */
    lang: language.optional(),
  })
  .strict()
  .refine((body) => body.decision === 'approved' || (body.editedText ?? null) === null, {
    message: 'only an approval may carry an edited text',
    path: ['editedText'],
  });
export type DecideRequest = z.infer<typeof decideRequest>;

/** Codes of a refused decision (beyond the shared server codes), with the HTTP status each gets. */
export const decisionRefusals = {
  not_found: 404,
  not_permitted: 403,
  out_of_scope: 404,
  self_approval: 403,
  not_in_step_group: 403,
  already_signed: 409,
  already_decided: 409,
  approval_stale: 409,
  reason_required: 400,
  no_change: 400,
  empty_reply: 400,
  unfilled_variables: 400,
  invalid_argument: 400,
} as const;
export type DecisionRefusalCode = keyof typeof decisionRefusals;

export interface DecisionRefusal {
  readonly code: DecisionRefusalCode;
  readonly message: string;
}

export type SignedOutcome =
  | { readonly ok: true; readonly rows: readonly EntityRow[]; readonly reply: Reply }
  | { readonly ok: false; readonly refusal: DecisionRefusal };

const refuse = (code: DecisionRefusalCode, message: string): SignedOutcome => ({
  ok: false,
  refusal: { code, message },
});

function isRefusalCode(code: string): code is DecisionRefusalCode {
  return Object.hasOwn(decisionRefusals, code);
}

function fromDomain(error: DomainError): SignedOutcome {
  const code = isRefusalCode(error.code) ? error.code : 'invalid_argument';
  // A step that moved on, or a reply no longer waiting, was decided by someone else meanwhile.
  if (error.code === 'illegal_transition') return refuse('already_decided', 'this step was already decided');
  return refuse(code, error.message);
}

export interface SignedDecision {
  readonly request: Omit<DecideRequest, 'password' | 'lang'>;
  readonly approvalId: string;
  /** Its meaning is the one the signer was shown, in `lang` (stored as given). */
  readonly meaning: string;
  readonly lang: Language;
}

/** The signer's name as printed under the signature: the account's name at signing time. */
export function signatureOf(user: Pick<User, 'name'>, meaning: string, lang: Language): SignatureInput {
  return { printedName: user.name, meaning, lang, method: 'password' };
}

/**
 * The decision on the rows of the reply (loaded and locked as for `approval.decide`). A reply the
 * actor may not see is answered like a missing one.
 */
export function applySignedDecision(
  signed: SignedDecision,
  actor: Actor,
  user: Pick<User, 'name'>,
  rows: LoadedRows,
  now: number,
): SignedOutcome {
  const visibility = visibilityOf(actor);
  const { reply, item, client } = rows;
  if (reply === undefined || !canSeeClient(visibility, reply.clientId)) return refuse('not_found', 'no such reply');
  if (item === undefined || client === undefined) return refuse('not_found', 'the reply’s item is missing');
  if (reply.approvals.some((approval) => approval.id === signed.approvalId)) {
    return refuse('invalid_argument', 'the approval id is already used');
  }
  const { request } = signed;
  if (reply.status !== 'awaiting_approval') {
    return refuse('already_decided', `this reply is no longer awaiting approval (it is ${reply.status})`);
  }
  if (approvalProgress(reply, client.approvalChain).currentStep !== request.stepIndex) {
    return refuse('already_decided', `step ${request.stepIndex + 1} was already decided`);
  }
  const signature = signatureOf(user, signed.meaning, signed.lang);
  const context = { item, reply, client };
  const comment = request.comment ?? null;
  const editedText = request.editedText ?? null;
  const result: Result<ItemAndReply> =
    editedText === null
      ? decide(
          context,
          {
            approvalId: signed.approvalId,
            decision: request.decision,
            comment,
            expectedTextHash: request.textHash,
            signature,
          },
          actor,
          now,
        )
      : editAndApproveCommand(
          context,
          {
            approvalId: signed.approvalId,
            edit: { text: editedText },
            comment,
            expectedTextHash: request.textHash,
            signature,
          },
          actor,
          now,
        );
  if (!result.ok) return fromDomain(result.error);
  const next = result.value;
  const changed: EntityRow[] = [];
  if (next.item !== item) changed.push(row('item', next.item));
  changed.push(row('reply', next.reply));
  return { ok: true, rows: changed, reply: next.reply };
}
