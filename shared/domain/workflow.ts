/**
 * Commands that change a reply and its item together, as one mutation does (docs/sync.md: the same
 * pure rule runs for the optimistic apply and on the server). Each answers with both new values or
 * with the first refusal; nothing is half-applied because nothing is applied at all until the
 * caller stores the result.
 */
import type { Actor, Client, Interaction, Item, Reply } from './entities';
import { fail, ok } from './errors';
import type { Result } from './errors';
import { decideApproval } from './approval';
import type { ApprovalDecisionInput, DispatchOptions } from './approval';
import { reviewApproverEdit } from './authorship';
import type { EditReviewInput } from './authorship';
import { transitionItem } from './lifecycle';
import type { ItemAction } from './lifecycle';
import { editAndApprove, editReply, markReplyFailed, markReplySent, queueReply, submitReply } from './reply';
import type { EditAndApproveInput, ReplyEdit } from './reply';

export interface ItemAndReply {
  readonly item: Item;
  readonly reply: Reply;
}

export interface ReplyCommandContext {
  readonly item: Item;
  readonly reply: Reply;
  readonly client: Client;
}

export interface SendContext extends ReplyCommandContext {
  readonly interaction: Interaction;
  readonly options?: DispatchOptions;
}

function withItem(
  context: ReplyCommandContext,
  reply: Result<Reply>,
  itemAction: ((reply: Reply) => ItemAction) | null,
  actor: Actor,
  now: number,
): Result<ItemAndReply> {
  if (context.reply.itemId !== context.item.id || context.item.clientId !== context.client.id) {
    return fail('invalid_argument', 'the reply, item and client do not belong together');
  }
  if (!reply.ok) return reply;
  if (itemAction === null) return ok({ item: context.item, reply: reply.value });
  const item = transitionItem(context.item, itemAction(reply.value), actor, now, context.client);
  return item.ok ? ok({ item: item.value, reply: reply.value }) : item;
}

/** `reply.submit`: the reply goes to its approval chain, the item waits for it. */
export function submitForApproval(context: ReplyCommandContext, actor: Actor, now: number): Result<ItemAndReply> {
  const reply = submitReply(context.reply, actor, now);
  return withItem(context, reply, (submitted) => ({ type: 'reply.submit', reply: submitted }), actor, now);
}

/** `reply.send`: a non-sensitive or fully approved reply is handed to the sender. */
export function sendReply(context: SendContext, actor: Actor, now: number): Result<ItemAndReply> {
  const options = context.options ?? {};
  const reply = queueReply(context.reply, context.client, context.interaction, options, actor, now);
  return withItem(
    context,
    reply,
    (queued) => ({ type: 'reply.send', reply: queued, interaction: context.interaction, options }),
    actor,
    now,
  );
}

/** `reply.draft` on an existing reply; one in approval or approved is withdrawn, its item reopened. */
export function reviseReply(
  context: ReplyCommandContext,
  edit: ReplyEdit,
  actor: Actor,
  now: number,
): Result<ItemAndReply> {
  const reply = editReply(context.reply, edit, actor, now);
  // Only the reply the item waits on pulls it back; editing another draft of the item does not.
  const inApproval =
    (context.reply.status === 'awaiting_approval' || context.reply.status === 'approved') &&
    (context.item.status === 'awaiting_approval' || context.item.status === 'approved');
  return withItem(
    context,
    reply,
    inApproval ? (edited) => ({ type: 'reply.withdraw', reply: edited }) : null,
    actor,
    now,
  );
}

function followDecision(decided: Reply): ItemAction | null {
  if (decided.status === 'approved') return { type: 'approval.complete', reply: decided };
  if (decided.status === 'rejected') return { type: 'approval.reject', reply: decided };
  return null;
}

/** `approval.decide`: one step's decision; the last approval or any rejection moves the item. */
export function decide(
  context: ReplyCommandContext,
  input: ApprovalDecisionInput,
  actor: Actor,
  now: number,
): Result<ItemAndReply> {
  const reply = decideApproval(context.reply, context.client, input, actor, now);
  return withEffect(context, reply, actor, now);
}

export function editAndApproveCommand(
  context: ReplyCommandContext,
  input: EditAndApproveInput,
  actor: Actor,
  now: number,
): Result<ItemAndReply> {
  const reply = editAndApprove(context.reply, context.client, input, actor, now);
  return withEffect(context, reply, actor, now);
}

/**
 * `reply.confirm_edit`: the moderator confirms or declines an approver's rewrite. A decline takes
 * the reply back to draft, so an item waiting on it (in approval or approved) reopens.
 */
export function reviewEditCommand(
  context: ReplyCommandContext,
  input: EditReviewInput,
  actor: Actor,
  now: number,
): Result<ItemAndReply> {
  const reply = reviewApproverEdit(context.reply, input, actor, now);
  const withdrawn =
    reply.ok &&
    reply.value.status === 'draft' &&
    (context.item.status === 'awaiting_approval' || context.item.status === 'approved');
  return withItem(context, reply, withdrawn ? (draft) => ({ type: 'reply.withdraw', reply: draft }) : null, actor, now);
}

function withEffect(
  context: ReplyCommandContext,
  reply: Result<Reply>,
  actor: Actor,
  now: number,
): Result<ItemAndReply> {
  if (!reply.ok) return reply;
  const action = followDecision(reply.value);
  return withItem(context, reply, action === null ? null : () => action, actor, now);
}

/** The sender's report: the platform accepted the reply. */
export function recordDispatched(context: SendContext, actor: Actor, now: number): Result<ItemAndReply> {
  const reply = markReplySent(context.reply, actor, now);
  return withItem(
    context,
    reply,
    (sent) => ({
      type: 'reply.dispatched',
      reply: sent,
      interaction: context.interaction,
      options: context.options ?? {},
    }),
    actor,
    now,
  );
}

/**
 * The sender's report: the platform refused the reply. An answered item goes back to open so the
 * failure is seen; an approved item (automatic send) stays approved with its reply retryable.
 */
export function recordDispatchFailed(context: ReplyCommandContext, actor: Actor, now: number): Result<ItemAndReply> {
  const reply = markReplyFailed(context.reply, actor, now);
  const answered = context.item.status === 'answered';
  return withItem(context, reply, answered ? (failed) => ({ type: 'reply.failed', reply: failed }) : null, actor, now);
}
