/**
 * Who wrote the words (issue "Close the holes", point 4). Nothing leaves that two people have not
 * seen in its final words. An approver who edits and approves a reply becomes the author of the
 * new version (reply.ts `editAndApprove`); the moderator whose words were replaced then sees their
 * text against the approver's and either confirms it — the second pair of eyes, and dispatch may
 * go on (approval.ts `dispatchReadiness`) — or declines it.
 *
 * Declining puts the moderator's own words back as a draft of theirs: they disagree with the
 * rewrite, so what they stand behind is their version; they may rework it and submit it again
 * (every step signs again). The approver's version stays in the audit trail.
 */
import type { Actor, ApproverEdit, Reply } from './entities';
import { fail, ok } from './errors';
import type { Result } from './errors';
import { currentApproverEdit, currentTextHash } from './approval';
import { can } from './permissions';

export const editReviewDecisions = ['confirm', 'decline'] as const;
export type EditReviewDecision = (typeof editReviewDecisions)[number];

export interface EditReviewInput {
  readonly decision: EditReviewDecision;
  /** The hash of the approver's version the moderator was shown; a mismatch means it changed. */
  readonly expectedTextHash: string;
}

/** Replies whose approver's edit may still be confirmed or declined: not yet handed to the sender. */
const REVIEWABLE: readonly Reply['status'][] = ['awaiting_approval', 'approved'];

/** Whether this actor may confirm or decline the approver's edit now (button state, and the rule). */
export function checkEditReviewer(reply: Reply, actor: Actor): Result<ApproverEdit> {
  const allowed = can(actor, 'reply.draft', { clientId: reply.clientId });
  if (!allowed.ok) return allowed;
  const edit = currentApproverEdit(reply);
  if (edit === null) return fail('illegal_transition', 'no approver’s edit of this version waits for a review');
  if (edit.previousAuthorId !== actor.id) {
    return fail('not_permitted', 'only the author of the replaced words confirms or declines the edit');
  }
  if (!REVIEWABLE.includes(reply.status)) {
    return fail('illegal_transition', `the edit of a ${reply.status} reply can no longer be reviewed`);
  }
  if (edit.confirmedAt !== null) return fail('no_change', 'the edit is already confirmed');
  return ok(edit);
}

/**
 * The moderator's answer to an approver's rewrite. Confirm: the version keeps its status and
 * signatures and records when it was confirmed. Decline: the moderator's own text and visibility
 * come back as their draft (a new version; the approver's signature does not bind to it).
 */
export function reviewApproverEdit(reply: Reply, input: EditReviewInput, actor: Actor, now: number): Result<Reply> {
  const checked = checkEditReviewer(reply, actor);
  if (!checked.ok) return checked;
  if (input.expectedTextHash !== currentTextHash(reply)) {
    return fail('approval_stale', 'the reply changed since the edit was shown');
  }
  const edit = checked.value;
  if (input.decision === 'confirm') {
    return ok({ ...reply, approverEdit: { ...edit, confirmedAt: now }, updatedAt: now });
  }
  const restored = { text: edit.previousText, visibility: edit.previousVisibility };
  const hash = currentTextHash(restored);
  return ok({
    ...reply,
    ...restored,
    authorId: edit.previousAuthorId,
    version: reply.version + 1,
    approvals: reply.approvals.filter((approval) => approval.textHash === hash),
    status: 'draft',
    approverEdit: null,
    updatedAt: now,
  });
}
