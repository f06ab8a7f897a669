/**
 * Approval chain rules (docs/domain.md). A client's chain has 1–3 steps decided in order; a step passes
 * when one member of its group approves. A signature binds to the hash of the exact text and
 * visibility, so it counts only while the reply still hashes the same. `reply.approvals` holds the
 * decisions of the current version; history lives in the audit log.
 *
 * Rules beyond the table, made here:
 * - One person signs at most one step of a version, even if they sit in several groups: a
 *   two-step chain must mean two people.
 * - An empty chain (bad data) is never complete: fail closed.
 * - A rejection must say why (the moderator sees the reason on the returned draft).
 * - A decision is e-signed (issue 6): the signer entered their password again, and the decision
 *   records their printed name, the time, the meaning in the words they were shown, and the hash
 *   signed. `decideApproval` refuses a decision without a signature, so an `approval.decide`
 *   pushed from an outbox (which never holds a password) is refused; the team server signs
 *   decisions online (`POST /approvals/decide`). Decisions stored before signatures existed keep
 *   counting: the chain reads decisions, not how they were made.
 */
import type {
  Actor,
  Approval,
  ApprovalDecision,
  ApproverEdit,
  ApprovalSignature,
  Language,
  ApprovalStep,
  Client,
  Id,
  Interaction,
  Reply,
  ReplyStatus,
  SavedReply,
  Visibility,
} from './entities';
import { fail, ok, passed } from './errors';
import type { Result } from './errors';
import { canonicalReplyText, replyTextHash } from './hash';
import { can } from './permissions';
import { preApprovedVisibility } from './preApproval';
import { isReplySensitive } from './sensitivity';
import type { SensitivityMatcher } from './sensitivity';
import { assertSendable, renderSavedReply } from './templates';
import type { TemplateValues } from './templates';

export type ApprovalChain = readonly ApprovalStep[];

export function currentTextHash(reply: Pick<Reply, 'text' | 'visibility'>): string {
  return replyTextHash(reply.text, reply.visibility);
}

/**
 * The approver's edit of this exact version (text and visibility), if an approver rewrote it. An
 * edit of an older version no longer describes the words (the next edit clears it anyway).
 */
export function currentApproverEdit(reply: Reply): ApproverEdit | null {
  const edit = reply.approverEdit ?? null;
  return edit !== null && edit.textHash === currentTextHash(reply) ? edit : null;
}

/**
 * Nobody approves their own words, with one exception: the approver who rewrote the reply signs
 * their step on their own version — the moderator's confirmation of that version is then the
 * second pair of eyes, and dispatch waits for it (authorship.ts).
 */
function signsOwnWords(approval: Approval, reply: Reply): boolean {
  return approval.approverId === reply.authorId && currentApproverEdit(reply)?.approvalId !== approval.id;
}

function signsStep(approval: Approval, reply: Reply, chain: ApprovalChain, hash: string, stepIndex: number): boolean {
  return (
    approval.decision === 'approved' &&
    approval.stepIndex === stepIndex &&
    approval.textHash === hash &&
    !signsOwnWords(approval, reply) &&
    (chain[stepIndex]?.approverIds.includes(approval.approverId) ?? false)
  );
}

export interface ApprovalProgress {
  /** Leading steps signed for the current text. */
  readonly completedSteps: number;
  /** The step waiting for a decision; null when the chain is complete. */
  readonly currentStep: number | null;
  readonly complete: boolean;
  /** Who signed the completed steps, in step order. */
  readonly signers: readonly Id[];
}

/** Recomputed from the signatures every time, so nothing stored can claim a chain is complete. */
export function approvalProgress(reply: Reply, chain: ApprovalChain): ApprovalProgress {
  const hash = currentTextHash(reply);
  const signers: Id[] = [];
  for (let stepIndex = 0; stepIndex < chain.length; stepIndex += 1) {
    const signature = reply.approvals.find(
      (approval) => signsStep(approval, reply, chain, hash, stepIndex) && !signers.includes(approval.approverId),
    );
    if (signature === undefined) {
      return { completedSteps: stepIndex, currentStep: stepIndex, complete: false, signers };
    }
    signers.push(signature.approverId);
  }
  const complete = chain.length > 0;
  return { completedSteps: chain.length, currentStep: complete ? null : 0, complete, signers };
}

export function isChainComplete(reply: Reply, chain: ApprovalChain): boolean {
  return approvalProgress(reply, chain).complete;
}

/**
 * The distinct people who saw the reply's final words: its author (who wrote them), the signers of
 * its chain on this exact text, and the moderator who confirmed an approver's rewrite of it.
 */
export function finalWordsSeenBy(reply: Reply, chain: ApprovalChain): readonly Id[] {
  const seen = new Set<Id>([reply.authorId, ...approvalProgress(reply, chain).signers]);
  const edit = currentApproverEdit(reply);
  if (edit !== null && edit.confirmedAt !== null) seen.add(edit.previousAuthorId);
  return [...seen];
}

/** An approver rewrote this version and the moderator whose words it replaced has not confirmed it. */
export function awaitsEditConfirmation(reply: Reply): boolean {
  const edit = currentApproverEdit(reply);
  return edit !== null && edit.confirmedAt === null;
}

/** A saved reply, as the caller loaded it, plus the values it was rendered with. */
export interface PreApprovedUse {
  readonly savedReply: SavedReply;
  readonly values: TemplateValues;
}

/**
 * True only when the reply's text is exactly the client's pre-approved saved reply, rendered, and
 * sent with the visibility the client's chain signed it for (preApproval.ts): the stored
 * `preApproved` flag alone proves nothing.
 */
export function usesPreApprovedUnchanged(
  reply: Reply,
  use: PreApprovedUse | null | undefined,
  chain: ApprovalChain,
): boolean {
  if (use === null || use === undefined) return false;
  const { savedReply } = use;
  if (savedReply.id !== reply.savedReplyId || savedReply.clientId !== reply.clientId) return false;
  return isPreApprovedText(reply.text, reply.visibility, use, chain);
}

/**
 * The text, with this visibility, is exactly the saved reply rendered with these values and
 * fully filled, and the client's chain signed the saved reply for that visibility. The
 * composer's hint and the send rule above both ask this.
 */
export function isPreApprovedText(
  text: string,
  visibility: Visibility,
  use: PreApprovedUse,
  chain: ApprovalChain,
): boolean {
  if (preApprovedVisibility(use.savedReply, chain) !== visibility) return false;
  const rendered = renderSavedReply(use.savedReply.text, use.values);
  return rendered.unfilled.length === 0 && canonicalReplyText(rendered.text) === canonicalReplyText(text);
}

export interface DispatchOptions {
  readonly preApproved?: PreApprovedUse | null;
  /** The client's compiled policy, when checking many replies. */
  readonly matcher?: SensitivityMatcher;
}

export function isSensitiveReply(
  reply: Reply,
  client: Client,
  interaction: Interaction,
  options: DispatchOptions = {},
): boolean {
  return isReplySensitive({
    policy: options.matcher ?? client.sensitivity,
    interactionText: interaction.text,
    replyText: reply.text,
    escalated: reply.escalated,
    usedPreApprovedUnchanged: usesPreApprovedUnchanged(reply, options.preApproved, client.approvalChain),
    interactionFlagged: interaction.flags.sensitive || interaction.flags.adverseEvent,
  });
}

/** Content and approvals only, whatever the reply's status (the item machine checks queued replies). */
export function dispatchReadiness(
  reply: Reply,
  client: Client,
  interaction: Interaction,
  options: DispatchOptions = {},
): Result<true> {
  if (reply.clientId !== client.id || interaction.clientId !== client.id) {
    return fail('invalid_argument', 'reply, interaction and client belong to different clients');
  }
  const sendable = assertSendable(reply.text);
  if (!sendable.ok) return sendable;
  // Whatever the reply says, an approver's rewrite leaves only once a second person saw it: the
  // moderator who confirms it, or another signer of the chain.
  if (currentApproverEdit(reply) !== null && finalWordsSeenBy(reply, client.approvalChain).length < 2) {
    return fail('needs_confirmation', 'the moderator has not confirmed the approver’s edit');
  }
  if (!isSensitiveReply(reply, client, interaction, options)) return passed;
  if (isChainComplete(reply, client.approvalChain)) {
    if (finalWordsSeenBy(reply, client.approvalChain).length >= 2) return passed;
    return fail('needs_confirmation', 'fewer than two people saw the final words');
  }
  const hash = currentTextHash(reply);
  if (reply.approvals.some((approval) => approval.decision === 'approved' && approval.textHash !== hash)) {
    return fail('approval_stale', 'the reply changed after it was approved');
  }
  return fail('needs_approval', 'the reply is sensitive and its approval chain is not complete');
}

/** Statuses a reply can be handed to the sender from. */
export const dispatchableStatuses: readonly ReplyStatus[] = ['draft', 'approved', 'failed'];

export function checkDispatch(
  reply: Reply,
  client: Client,
  interaction: Interaction,
  options: DispatchOptions = {},
): Result<true> {
  if (!dispatchableStatuses.includes(reply.status)) {
    return fail('illegal_transition', `a ${reply.status} reply cannot be sent`);
  }
  return dispatchReadiness(reply, client, interaction, options);
}

/**
 * True only for a non-sensitive reply, or one whose chain is complete for its exact current text
 * hash — and which is in a status that may still be sent, with text and no unfilled variable.
 */
export function canDispatch(
  reply: Reply,
  client: Client,
  interaction: Interaction,
  options: DispatchOptions = {},
): boolean {
  return checkDispatch(reply, client, interaction, options).ok;
}

/** Whether this actor may sign the current step of this reply now (button state, and the rule). */
export function checkApprover(reply: Reply, client: Client, actor: Actor): Result<number> {
  if (reply.clientId !== client.id) return fail('invalid_argument', 'the reply belongs to another client');
  const allowed = can(actor, 'approval.decide', { clientId: reply.clientId });
  if (!allowed.ok) return allowed;
  if (reply.status !== 'awaiting_approval') {
    return fail('illegal_transition', `a ${reply.status} reply is not awaiting approval`);
  }
  if (actor.id === reply.authorId) return fail('self_approval', 'nobody approves their own reply');
  const progress = approvalProgress(reply, client.approvalChain);
  const stepIndex = progress.currentStep;
  const step = stepIndex === null ? undefined : client.approvalChain[stepIndex];
  if (stepIndex === null || step === undefined) return fail('illegal_transition', 'no approval step is waiting');
  if (!step.approverIds.includes(actor.id)) {
    return fail('not_in_step_group', `the actor is not in the group of step ${stepIndex + 1}`);
  }
  const hash = currentTextHash(reply);
  const signedAlready = reply.approvals.some(
    (approval) => approval.approverId === actor.id && approval.decision === 'approved' && approval.textHash === hash,
  );
  if (signedAlready) {
    return fail('already_signed', 'the actor already signed another step of this version');
  }
  return ok(stepIndex);
}

/**
 * What the signer adds to a decision; the rule adds the time and the hash signed. The caller
 * (the team server) checked the password again just before, and passes the name printed on the
 * account and the meaning in the words the signer saw.
 */
export interface SignatureInput {
  readonly printedName: string;
  /** E.g. "Approvato — Revisione medica"; null: the rule's English wording ("Approved — …"). */
  readonly meaning: string | null;
  readonly lang: Language;
  readonly method: ApprovalSignature['method'];
}

export interface ApprovalDecisionInput {
  /** Made by the caller (ids are never generated inside pure rules). */
  readonly approvalId: Id;
  readonly decision: ApprovalDecision;
  readonly comment: string | null;
  /** The hash of the text the approver was shown; a mismatch means someone edited meanwhile. */
  readonly expectedTextHash: string;
  /** Required: a decision without one is refused (`not_permitted`). */
  readonly signature?: SignatureInput | null;
}

/** The English meaning of a decision on a step, e.g. "Approved — Medical review". */
export function defaultMeaning(client: Client, stepIndex: number, verb: string): string {
  const stepName = client.approvalChain[stepIndex]?.name ?? `Step ${stepIndex + 1}`;
  return `${verb} — ${stepName}`;
}

/** A signature input fit to record: a printed name and, when given, a meaning. */
export function checkSignature(signature: SignatureInput | null | undefined): Result<SignatureInput> {
  if (signature === null || signature === undefined) {
    return fail('not_permitted', 'a decision must be e-signed: decide online with your password');
  }
  const printedName = signature.printedName.trim();
  if (printedName === '') return fail('invalid_argument', 'the signature needs the signer’s printed name');
  const meaning = signature.meaning?.trim() ?? null;
  if (meaning === '') return fail('invalid_argument', 'the signature’s meaning is empty');
  return ok({ ...signature, printedName, meaning });
}

export function decideApproval(
  reply: Reply,
  client: Client,
  input: ApprovalDecisionInput,
  actor: Actor,
  now: number,
): Result<Reply> {
  const approver = checkApprover(reply, client, actor);
  if (!approver.ok) return approver;
  const stepIndex = approver.value;
  const hash = currentTextHash(reply);
  if (input.expectedTextHash !== hash) return fail('approval_stale', 'the reply changed since it was shown');
  const comment = input.comment?.trim() ?? '';
  if (input.decision === 'rejected' && comment === '') return fail('reason_required', 'a rejection needs a reason');
  const signature = checkSignature(input.signature);
  if (!signature.ok) return signature;
  return ok(
    recordDecision(
      reply,
      client,
      { stepIndex, approvalId: input.approvalId, decision: input.decision, comment, signature: signature.value },
      actor,
      now,
    ),
  );
}

export interface DecisionRecord {
  readonly stepIndex: number;
  readonly approvalId: Id;
  readonly decision: ApprovalDecision;
  readonly comment: string;
  /** Shown before the step name in the default (English) meaning. */
  readonly verb?: string;
  /** The e-signature; its meaning, when given, is recorded as the decision's meaning. */
  readonly signature?: SignatureInput | null;
}

/** Appends a checked decision on the reply's current text and sets the status it leads to. */
export function recordDecision(reply: Reply, client: Client, record: DecisionRecord, actor: Actor, now: number): Reply {
  const verb = record.verb ?? (record.decision === 'approved' ? 'Approved' : 'Rejected');
  const given = record.signature?.meaning?.trim() ?? '';
  const meaning = given === '' ? defaultMeaning(client, record.stepIndex, verb) : given;
  const textHash = currentTextHash(reply);
  const approval: Approval = {
    id: record.approvalId,
    replyId: reply.id,
    stepIndex: record.stepIndex,
    approverId: actor.id,
    decision: record.decision,
    meaning,
    comment: record.comment === '' ? null : record.comment,
    textHash,
    at: now,
    ...(record.signature === null || record.signature === undefined
      ? {}
      : {
          signature: {
            printedName: record.signature.printedName,
            signedAt: now,
            meaning,
            lang: record.signature.lang,
            textHash,
            method: record.signature.method,
          },
        }),
  };
  const signed: Reply = { ...reply, approvals: [...reply.approvals, approval], updatedAt: now };
  if (record.decision === 'rejected') return { ...signed, status: 'rejected' };
  return { ...signed, status: isChainComplete(signed, client.approvalChain) ? 'approved' : 'awaiting_approval' };
}
