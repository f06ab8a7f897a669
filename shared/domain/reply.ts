/**
 * The reply side of the lifecycle: drafting, editing, escalating, submitting, handing to the
 * sender and recording what the platform answered. Each function checks the actor's rights and the
 * reply's status and answers with a new reply (never mutates). Keeping the item in step is the job
 * of lifecycle.ts / workflow.ts.
 *
 * Reply statuses: draft → awaiting_approval → approved → queued → sent | failed; a rejection
 * leads to `rejected`, a draft carrying the rejection's reason. Any edit of text or visibility
 * bumps the version, drops the decisions that no longer match the new hash and returns to draft.
 */
import type { Actor, Client, Id, Interaction, Item, Reply, ReplyStatus, Visibility } from './entities';
import { fail, ok } from './errors';
import type { Result } from './errors';
import { canonicalReplyText, replyTextHash } from './hash';
import { can } from './permissions';
import { checkApprover, checkDispatch, checkSignature, currentTextHash, recordDecision } from './approval';
import type { SignatureInput } from './approval';
import type { DispatchOptions } from './approval';
import { assertSendable } from './templates';

export interface DraftReplyInput {
  /** Made by the caller (ids are never generated inside pure rules). */
  readonly id: Id;
  readonly item: Item;
  readonly text: string;
  readonly visibility: Visibility;
  readonly savedReplyId: Id | null;
}

/** Items a reply may be started on: the ones someone is working. */
const DRAFTABLE_ITEM_STATUSES: readonly Item['status'][] = ['new', 'open'];

export function draftReply(input: DraftReplyInput, actor: Actor, now: number): Result<Reply> {
  const { item } = input;
  const allowed = can(actor, 'reply.draft', { clientId: item.clientId });
  if (!allowed.ok) return allowed;
  if (!DRAFTABLE_ITEM_STATUSES.includes(item.status)) {
    return fail('illegal_transition', `no reply can be started on a ${item.status} item`);
  }
  return ok({
    id: input.id,
    itemId: item.id,
    clientId: item.clientId,
    authorId: actor.id,
    // Stored in NFC so that what is shown, hashed, approved and sent is the same string.
    text: canonicalReplyText(input.text),
    visibility: input.visibility,
    status: 'draft',
    version: 1,
    escalated: false,
    escalationNote: null,
    savedReplyId: input.savedReplyId,
    approvals: [],
    createdAt: now,
    updatedAt: now,
    sentAt: null,
  });
}

export interface ReplyEdit {
  readonly text?: string;
  readonly visibility?: Visibility;
}

/** Queued and sent replies are out of our hands: editing them would rewrite history. */
const EDITABLE_STATUSES: readonly ReplyStatus[] = ['draft', 'rejected', 'awaiting_approval', 'approved', 'failed'];

/** The edit itself, without the rights check (shared by editReply and editAndApprove). */
function applyEdit(reply: Reply, edit: ReplyEdit, now: number): Result<Reply> {
  if (!EDITABLE_STATUSES.includes(reply.status)) {
    return fail('illegal_transition', `a ${reply.status} reply cannot be edited`);
  }
  const text = canonicalReplyText(edit.text ?? reply.text);
  const visibility = edit.visibility ?? reply.visibility;
  // Compared as stored, not by hash: replacing look-alike letters (hash.ts: same skeleton, same
  // hash) is a real edit, and the only way to fix a reply that mixes alphabets.
  if (text === canonicalReplyText(reply.text) && visibility === reply.visibility) {
    return fail('no_change', 'the text and visibility are unchanged');
  }
  const hash = replyTextHash(text, visibility);
  return ok({
    ...reply,
    text,
    visibility,
    version: reply.version + 1,
    approvals: reply.approvals.filter((approval) => approval.textHash === hash),
    status: 'draft',
    // New words: an approver's earlier rewrite no longer describes them.
    approverEdit: null,
    updatedAt: now,
  });
}

/**
 * Whoever changes the words becomes the reply's author: the author is who wrote the text being
 * approved, so an admin who is also an approver cannot rewrite a moderator's reply and then sign
 * it as someone else's (nobody approves their own words).
 */
export function editReply(reply: Reply, edit: ReplyEdit, actor: Actor, now: number): Result<Reply> {
  const allowed = can(actor, 'reply.draft', { clientId: reply.clientId });
  if (!allowed.ok) return allowed;
  return applyEdit({ ...reply, authorId: actor.id }, edit, now);
}

/** A moderator's "this needs review" (`e`): the reply is sensitive from now on, whatever it says. */
export function escalateReply(reply: Reply, note: string | null, actor: Actor, now: number): Result<Reply> {
  const allowed = can(actor, 'reply.escalate', { clientId: reply.clientId });
  if (!allowed.ok) return allowed;
  if (!(['draft', 'rejected', 'failed'] as const).some((status) => status === reply.status)) {
    return fail('illegal_transition', `a ${reply.status} reply cannot be escalated`);
  }
  if (reply.escalated) return fail('no_change', 'the reply is already escalated');
  const trimmed = note?.trim() ?? '';
  return ok({ ...reply, escalated: true, escalationNote: trimmed === '' ? null : trimmed, updatedAt: now });
}

/**
 * Starts a new approval round. Earlier decisions are cleared even when the text is unchanged (a
 * resubmission after a rejection): every step signs again, so no round mixes old and new verdicts.
 */
export function submitReply(reply: Reply, actor: Actor, now: number): Result<Reply> {
  const allowed = can(actor, 'reply.submit', { clientId: reply.clientId });
  if (!allowed.ok) return allowed;
  if (reply.status !== 'draft' && reply.status !== 'rejected') {
    return fail('illegal_transition', `a ${reply.status} reply cannot be submitted`);
  }
  const sendable = assertSendable(reply.text);
  if (!sendable.ok) return sendable;
  return ok({ ...reply, status: 'awaiting_approval', approvals: [], updatedAt: now });
}

/** Hands the reply to the sender; the last gate before a platform sees the words. */
export function queueReply(
  reply: Reply,
  client: Client,
  interaction: Interaction,
  options: DispatchOptions,
  actor: Actor,
  now: number,
): Result<Reply> {
  const allowed = can(actor, 'reply.send', { clientId: reply.clientId });
  if (!allowed.ok) return allowed;
  const ready = checkDispatch(reply, client, interaction, options);
  if (!ready.ok) return ready;
  return ok({ ...reply, status: 'queued', updatedAt: now });
}

function settleQueued(reply: Reply, status: 'sent' | 'failed', actor: Actor, now: number): Result<Reply> {
  const allowed = can(actor, 'reply.send', { clientId: reply.clientId });
  if (!allowed.ok) return allowed;
  if (reply.status !== 'queued') return fail('illegal_transition', `a ${reply.status} reply was not queued`);
  return ok({ ...reply, status, sentAt: status === 'sent' ? now : reply.sentAt, updatedAt: now });
}

export function markReplySent(reply: Reply, actor: Actor, now: number): Result<Reply> {
  return settleQueued(reply, 'sent', actor, now);
}

export function markReplyFailed(reply: Reply, actor: Actor, now: number): Result<Reply> {
  return settleQueued(reply, 'failed', actor, now);
}

export interface EditAndApproveInput {
  readonly approvalId: Id;
  readonly edit: ReplyEdit;
  readonly comment: string | null;
  /** The hash of the text the approver started editing from. */
  readonly expectedTextHash: string;
  /** Required, as for every decision (approval.ts). */
  readonly signature?: SignatureInput | null;
}

/**
 * An approver corrects the wording and signs their step on the corrected text. The edit voids
 * every earlier signature, so the chain then continues from the first step without a signature
 * on the new text: earlier steps sign again what they are now shown.
 *
 * Like any edit, it makes the approver the author of the new words. Their own signature counts
 * for their step (approval.ts `signsOwnWords`), but the version leaves only once the moderator
 * whose words it replaced confirmed it (authorship.ts): two people see the final words. After a
 * chain of rewrites that is still the original moderator, shown their own text against the last.
 */
export function editAndApprove(
  reply: Reply,
  client: Client,
  input: EditAndApproveInput,
  actor: Actor,
  now: number,
): Result<Reply> {
  const approver = checkApprover(reply, client, actor);
  if (!approver.ok) return approver;
  if (input.expectedTextHash !== currentTextHash(reply)) {
    return fail('approval_stale', 'the reply changed since it was shown');
  }
  const applied = applyEdit(reply, input.edit, now);
  if (!applied.ok) return applied;
  const edited = ok(withApproverEdit(reply, applied.value, input.approvalId, actor));
  const sendable = assertSendable(edited.value.text);
  if (!sendable.ok) return sendable;
  const signature = checkSignature(input.signature);
  if (!signature.ok) return signature;
  const record = {
    stepIndex: approver.value,
    approvalId: input.approvalId,
    decision: 'approved' as const,
    comment: input.comment?.trim() ?? '',
    verb: 'Edited and approved',
    signature: signature.value,
  };
  return ok(recordDecision(edited.value, client, record, actor, now));
}

/** The rewritten version, authored by the approver, remembering whose words it replaced. */
function withApproverEdit(before: Reply, after: Reply, approvalId: Id, actor: Actor): Reply {
  const earlier = before.approverEdit ?? null;
  const original = {
    authorId: earlier?.previousAuthorId ?? before.authorId,
    text: earlier?.previousText ?? before.text,
    visibility: earlier?.previousVisibility ?? before.visibility,
  };
  // Rewriting words that were first their own leaves nobody to confirm: the chain needs another signer.
  const approverEdit =
    original.authorId === actor.id
      ? null
      : {
          approvalId,
          previousAuthorId: original.authorId,
          previousText: original.text,
          previousVisibility: original.visibility,
          textHash: currentTextHash(after),
          confirmedAt: null,
        };
  return { ...after, authorId: actor.id, approverEdit };
}
