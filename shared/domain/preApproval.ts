/**
 * Pre-approval is the client's decision (issue "Close the holes", point 5). A saved reply becomes
 * pre-approved only when the client's approval chain signs its exact text AND one visibility, with
 * the same e-signature as a reply (password checked by the team server, printed name, meaning,
 * hash). An admin only submits it; editing the text voids the submission and its signatures.
 * Used unchanged, a pre-approved saved reply skips the approval chain only for the visibility it
 * was signed for (approval.ts `usesPreApprovedUnchanged`).
 */
import type { Actor, ApprovalStep, Client, Id, PreApprovalSignature, SavedReply, Visibility } from './entities';
import { fail, ok } from './errors';
import type { Result } from './errors';
import { replyTextHash } from './hash';
import { can } from './permissions';
import type { SignatureInput } from './approval';

type Chain = readonly ApprovalStep[];

/** The hash a pre-approval binds to: the saved reply's exact text (template) and the visibility. */
export function savedReplyHash(savedReply: Pick<SavedReply, 'text'>, visibility: Visibility): string {
  return replyTextHash(savedReply.text, visibility);
}

export interface PreApprovalProgress {
  readonly currentStep: number | null;
  readonly complete: boolean;
  readonly signers: readonly Id[];
}

/**
 * Recomputed from the signatures: a step counts when a member of its group signed it for the
 * current text, each person once, never the submitter. An empty chain is never complete.
 */
export function preApprovalProgress(savedReply: SavedReply, chain: Chain): PreApprovalProgress | null {
  const submission = savedReply.preApproval ?? null;
  if (submission === null || submission.textHash !== savedReplyHash(savedReply, submission.visibility)) return null;
  const signers: Id[] = [];
  for (let stepIndex = 0; stepIndex < chain.length; stepIndex += 1) {
    const found = submission.signatures.find(
      (entry) =>
        entry.stepIndex === stepIndex &&
        entry.approverId !== submission.submittedBy &&
        entry.signature.textHash === submission.textHash &&
        !signers.includes(entry.approverId) &&
        (chain[stepIndex]?.approverIds.includes(entry.approverId) ?? false),
    );
    if (found === undefined) return { currentStep: stepIndex, complete: false, signers };
    signers.push(found.approverId);
  }
  return { currentStep: null, complete: chain.length > 0, signers };
}

/** The visibility the client's chain pre-approved this exact text for; null when it did not. */
export function preApprovedVisibility(savedReply: SavedReply, chain: Chain): Visibility | null {
  const progress = preApprovalProgress(savedReply, chain);
  return progress?.complete === true ? (savedReply.preApproval?.visibility ?? null) : null;
}

/**
 * An admin submits the saved reply to the client's chain for one visibility; every earlier
 * submission and its signatures are dropped (the caller checked the admin's right to do it).
 */
export function submitSavedReplyForPreApproval(
  savedReply: SavedReply,
  visibility: Visibility,
  actor: Actor,
  now: number,
): SavedReply {
  return {
    ...savedReply,
    preApproved: false,
    preApproval: {
      visibility,
      textHash: savedReplyHash(savedReply, visibility),
      submittedBy: actor.id,
      submittedAt: now,
      signatures: [],
    },
  };
}

/** The saved reply with a new text: an earlier pre-approval no longer describes it. */
export function withSavedReplyText(savedReply: SavedReply, text: string): SavedReply {
  if (text === savedReply.text) return savedReply;
  return { ...savedReply, text, preApproved: false, preApproval: null };
}

export interface PreApprovalSignInput {
  readonly stepIndex: number;
  /** The hash of the text and visibility the signer was shown. */
  readonly expectedTextHash: string;
  /** Required; the team server checked the password just before. */
  readonly signature: SignatureInput | null;
  /** The meaning in the words the signer was shown, e.g. "Pre-approved — Medical review". */
  readonly meaning: string;
}

/** Whether this actor may sign the current step of this saved reply's pre-approval now. */
export function checkPreApprovalSigner(savedReply: SavedReply, client: Client, actor: Actor): Result<number> {
  if (savedReply.clientId !== client.id) return fail('invalid_argument', 'the saved reply belongs to another client');
  const allowed = can(actor, 'approval.decide', { clientId: client.id });
  if (!allowed.ok) return allowed;
  const progress = preApprovalProgress(savedReply, client.approvalChain);
  if (progress === null) return fail('illegal_transition', 'the saved reply is not submitted for pre-approval');
  if (progress.currentStep === null) return fail('illegal_transition', 'the saved reply is already pre-approved');
  if (savedReply.preApproval?.submittedBy === actor.id) {
    return fail('self_approval', 'who submitted a saved reply does not sign it');
  }
  if (!(client.approvalChain[progress.currentStep]?.approverIds.includes(actor.id) ?? false)) {
    return fail('not_in_step_group', `the actor is not in the group of step ${progress.currentStep + 1}`);
  }
  if (progress.signers.includes(actor.id)) return fail('already_signed', 'the actor already signed another step');
  return ok(progress.currentStep);
}

/** Appends the signer's e-signature to the current step; `preApproved` follows the chain. */
export function signSavedReply(
  savedReply: SavedReply,
  client: Client,
  input: PreApprovalSignInput,
  actor: Actor,
  now: number,
): Result<SavedReply> {
  const step = checkPreApprovalSigner(savedReply, client, actor);
  if (!step.ok) return step;
  if (step.value !== input.stepIndex) return fail('approval_stale', `step ${input.stepIndex + 1} was already signed`);
  const submission = savedReply.preApproval;
  if (submission === null || submission === undefined || input.expectedTextHash !== submission.textHash) {
    return fail('approval_stale', 'the saved reply changed since it was shown');
  }
  if (input.signature === null) return fail('not_permitted', 'a pre-approval must be e-signed with the password');
  const meaning = input.meaning.trim();
  if (meaning === '' || input.signature.printedName.trim() === '') {
    return fail('invalid_argument', 'the signature needs a printed name and a meaning');
  }
  const signed: PreApprovalSignature = {
    stepIndex: step.value,
    approverId: actor.id,
    meaning,
    at: now,
    signature: {
      printedName: input.signature.printedName.trim(),
      signedAt: now,
      meaning,
      lang: input.signature.lang,
      textHash: submission.textHash,
      method: input.signature.method,
    },
  };
  const next: SavedReply = {
    ...savedReply,
    preApproval: { ...submission, signatures: [...submission.signatures, signed] },
  };
  return ok({ ...next, preApproved: preApprovedVisibility(next, client.approvalChain) !== null });
}
