/**
 * The item lifecycle (docs/domain.md) as one pure function `(item, action, actor, now, client) → Result`.
 * Called by the client for the optimistic apply and by the server for the real one, so both refuse
 * the same things with the same code. Illegal transitions are errors, never silent no-ops.
 *
 * Actions tied to a reply carry the reply AS IT IS AFTER its own change (see reply.ts /
 * workflow.ts): the item follows its reply, and checks that the reply really is in the state that
 * justifies the move — a queued reply that passes the dispatch rules for `reply.send`, a complete
 * chain for `approval.complete` — so no caller can move an item to answered on a bare claim.
 *
 * Choices beyond the diagram, made here:
 * - snooze from new / open / snoozed only: an item with a reply in approval or approved would wake
 *   to `open` and lose track of that reply.
 * - reopen also from moderated: it is the undo of a hide.
 * - hide / delete also from done and answered (abuse found later), not while a reply is in approval.
 * - the sender reports back: `reply.dispatched` (approved → answered when the approved reply goes
 *   out without a manual send; answered stays answered) and `reply.failed` (answered → open, so a
 *   failed send never hides as answered).
 */
import type { Actor, Client, Id, Interaction, Item, ItemStatus, Reply } from './entities';
import { fail, ok } from './errors';
import type { Result } from './errors';
import { can, isPolicyReason } from './permissions';
import type { PermissionAction } from './permissions';
import { dispatchReadiness, isChainComplete } from './approval';
import type { DispatchOptions } from './approval';

export type ItemAction =
  | { readonly type: 'claim' }
  | { readonly type: 'assign'; readonly toUserId: Id }
  | { readonly type: 'unassign' }
  | { readonly type: 'reply.submit'; readonly reply: Reply }
  | {
      readonly type: 'reply.send';
      readonly reply: Reply;
      readonly interaction: Interaction;
      readonly options?: DispatchOptions;
    }
  | { readonly type: 'reply.withdraw'; readonly reply: Reply }
  | { readonly type: 'approval.complete'; readonly reply: Reply }
  | { readonly type: 'approval.reject'; readonly reply: Reply }
  | {
      readonly type: 'reply.dispatched';
      readonly reply: Reply;
      readonly interaction: Interaction;
      readonly options?: DispatchOptions;
    }
  | { readonly type: 'reply.failed'; readonly reply: Reply }
  | { readonly type: 'archive'; readonly reason: string }
  | { readonly type: 'snooze'; readonly until: number }
  | { readonly type: 'wake' }
  | { readonly type: 'reopen' }
  | { readonly type: 'hide'; readonly reason: string | null }
  | { readonly type: 'delete'; readonly reason: string | null }
  | { readonly type: 'label.add'; readonly label: string }
  | { readonly type: 'label.remove'; readonly label: string };
export type ItemActionType = ItemAction['type'];

const ACTIVE: readonly ItemStatus[] = ['new', 'open', 'awaiting_approval', 'approved', 'snoozed'];
const MODERATABLE: readonly ItemStatus[] = ['new', 'open', 'snoozed', 'done', 'answered'];
const EVERY: readonly ItemStatus[] = [
  'new',
  'open',
  'awaiting_approval',
  'approved',
  'answered',
  'done',
  'snoozed',
  'moderated',
];

/** From which statuses each action may start (the UI uses it to show only possible actions). */
export const itemActionSources: Readonly<Record<ItemActionType, readonly ItemStatus[]>> = {
  claim: ['new', 'open'],
  assign: ACTIVE,
  unassign: ACTIVE,
  'reply.submit': ['open'],
  'reply.send': ['open', 'approved'],
  'reply.withdraw': ['awaiting_approval', 'approved'],
  'approval.complete': ['awaiting_approval'],
  'approval.reject': ['awaiting_approval'],
  'reply.dispatched': ['approved', 'answered'],
  'reply.failed': ['answered'],
  archive: ['new', 'open', 'snoozed'],
  snooze: ['new', 'open', 'snoozed'],
  wake: ['snoozed'],
  reopen: ['done', 'snoozed', 'moderated'],
  hide: MODERATABLE,
  delete: MODERATABLE,
  'label.add': EVERY,
  'label.remove': EVERY,
};

const PERMISSION: Readonly<Record<ItemActionType, PermissionAction>> = {
  claim: 'item.claim',
  assign: 'item.assign',
  unassign: 'item.assign',
  'reply.submit': 'reply.submit',
  'reply.send': 'reply.send',
  'reply.withdraw': 'reply.draft',
  'approval.complete': 'approval.decide',
  'approval.reject': 'approval.decide',
  'reply.dispatched': 'reply.send',
  'reply.failed': 'reply.send',
  archive: 'item.archive',
  snooze: 'item.snooze',
  wake: 'item.snooze',
  reopen: 'item.reopen',
  hide: 'item.moderate',
  delete: 'item.moderate',
  'label.add': 'item.label',
  'label.remove': 'item.label',
};

const LABEL_MAX_LENGTH = 64;

export function transitionItem(
  item: Item,
  action: ItemAction,
  actor: Actor,
  now: number,
  client: Client,
): Result<Item> {
  if (client.id !== item.clientId) return fail('invalid_argument', 'the client is not the item client');
  const moderation =
    action.type === 'hide' || action.type === 'delete'
      ? { moderationReason: action.reason, moderationReasons: client.moderationReasons }
      : {};
  const allowed = can(actor, PERMISSION[action.type], { clientId: item.clientId, ...moderation });
  if (!allowed.ok) return allowed;
  if (!itemActionSources[action.type].includes(item.status)) {
    return fail('illegal_transition', `${action.type} is not possible on a ${item.status} item`);
  }
  const next = applyAction(item, action, actor, now, client);
  return next.ok ? ok({ ...next.value, updatedAt: now }) : next;
}

function replyOfItem(item: Item, reply: Reply): Result<Reply> {
  return reply.itemId === item.id && reply.clientId === item.clientId
    ? ok(reply)
    : fail('invalid_argument', 'the reply belongs to another item');
}

function expectReplyStatus(reply: Reply, statuses: readonly Reply['status'][], action: string): Result<Reply> {
  return statuses.includes(reply.status)
    ? ok(reply)
    : fail('illegal_transition', `${action} needs a ${statuses.join(' or ')} reply, not ${reply.status}`);
}

/** Both sending paths end here: nothing reaches answered unless the reply passes the dispatch rules. */
function checkSent(
  item: Item,
  reply: Reply,
  interaction: Interaction,
  options: DispatchOptions | undefined,
  client: Client,
): Result<true> {
  if (interaction.id !== item.interactionId) return fail('invalid_argument', 'the interaction is not the item one');
  return dispatchReadiness(reply, client, interaction, options);
}

function applyAction(item: Item, action: ItemAction, actor: Actor, now: number, client: Client): Result<Item> {
  const open: Item = { ...item, status: 'open', snoozedUntil: null, closedReason: null };
  switch (action.type) {
    case 'claim':
      if (item.assigneeId !== null && item.assigneeId !== actor.id) {
        return fail('already_assigned', 'someone else holds this item');
      }
      if (item.assigneeId === actor.id && item.status === 'open') return fail('no_change', 'the item is already yours');
      return ok({ ...item, status: 'open', assigneeId: actor.id });
    case 'assign':
      if (action.toUserId.trim() === '') return fail('invalid_argument', 'no user to assign to');
      if (item.assigneeId === action.toUserId) return fail('no_change', 'the item is already assigned to that user');
      // Giving a new item to someone is triaging it: it is now being worked.
      return ok({ ...item, assigneeId: action.toUserId, status: item.status === 'new' ? 'open' : item.status });
    case 'unassign':
      if (item.assigneeId === null) return fail('no_change', 'the item is not assigned');
      return ok({ ...item, assigneeId: null });
    case 'reply.submit': {
      const reply = chain(replyOfItem(item, action.reply), (r) =>
        expectReplyStatus(r, ['awaiting_approval'], action.type),
      );
      return reply.ok ? ok({ ...item, status: 'awaiting_approval' }) : reply;
    }
    case 'reply.send':
    case 'reply.dispatched': {
      const statuses: Reply['status'][] = action.type === 'reply.send' ? ['queued'] : ['queued', 'sent'];
      const reply = chain(replyOfItem(item, action.reply), (r) => expectReplyStatus(r, statuses, action.type));
      if (!reply.ok) return reply;
      const sent = checkSent(item, reply.value, action.interaction, action.options, client);
      return sent.ok ? ok({ ...item, status: 'answered', snoozedUntil: null }) : sent;
    }
    case 'reply.withdraw': {
      const reply = chain(replyOfItem(item, action.reply), (r) => expectReplyStatus(r, ['draft'], action.type));
      return reply.ok ? ok(open) : reply;
    }
    case 'approval.complete': {
      const reply = chain(replyOfItem(item, action.reply), (r) => expectReplyStatus(r, ['approved'], action.type));
      if (!reply.ok) return reply;
      if (!isChainComplete(reply.value, client.approvalChain)) {
        return fail('needs_approval', 'the approval chain is not complete for the current text');
      }
      return ok({ ...item, status: 'approved' });
    }
    case 'approval.reject': {
      const reply = chain(replyOfItem(item, action.reply), (r) => expectReplyStatus(r, ['rejected'], action.type));
      return reply.ok ? ok(open) : reply;
    }
    case 'reply.failed': {
      const reply = chain(replyOfItem(item, action.reply), (r) => expectReplyStatus(r, ['failed'], action.type));
      return reply.ok ? ok(open) : reply;
    }
    case 'archive': {
      const reason = action.reason.trim();
      if (reason === '') return fail('reason_required', 'archiving needs a reason');
      return ok({ ...item, status: 'done', closedReason: reason, snoozedUntil: null });
    }
    case 'snooze':
      if (!Number.isSafeInteger(action.until)) return fail('invalid_argument', 'the snooze time is not a time');
      if (action.until <= now) return fail('snooze_in_past', 'the snooze time is not in the future');
      if (item.status === 'snoozed' && item.snoozedUntil === action.until) {
        return fail('no_change', 'the item is already snoozed until then');
      }
      return ok({ ...item, status: 'snoozed', snoozedUntil: action.until });
    case 'wake':
      if (item.snoozedUntil !== null && now < item.snoozedUntil)
        return fail('snooze_not_due', 'the snooze time is not reached');
      return ok(open);
    case 'reopen':
      return ok(open);
    case 'hide':
    case 'delete': {
      const reason = action.reason?.trim() ?? '';
      if (reason === '' && (client.regulation === 'politics' || actor.role === 'moderator')) {
        return fail('reason_required', 'this client requires a moderation reason');
      }
      if (reason !== '' && !isPolicyReason(reason, client.moderationReasons)) {
        return fail('reason_not_in_policy', 'the reason is not one of the client moderation reasons');
      }
      return ok({ ...item, status: 'moderated', closedReason: reason === '' ? null : reason, snoozedUntil: null });
    }
    case 'label.add': {
      const label = action.label.trim();
      if (label === '' || label.length > LABEL_MAX_LENGTH)
        return fail('invalid_argument', 'a label has 1–64 characters');
      if (item.labels.includes(label)) return fail('no_change', 'the item already has this label');
      return ok({ ...item, labels: [...item.labels, label] });
    }
    case 'label.remove': {
      const label = action.label.trim();
      if (!item.labels.includes(label)) return fail('no_change', 'the item does not have this label');
      return ok({ ...item, labels: item.labels.filter((existing) => existing !== label) });
    }
    default: {
      // Unreachable while ItemAction is a closed union (the compiler proves it); untyped input
      // arriving here is refused rather than thrown.
      const unknownAction: never = action;
      return fail('illegal_transition', `unknown item action ${typeof unknownAction}`);
    }
  }
}

function chain<A, B>(first: Result<A>, next: (value: A) => Result<B>): Result<B> {
  return first.ok ? next(first.value) : first;
}

/**
 * What the platform itself did to an interaction, as the ingest pipeline (server/platforms/ingest/)
 * reports it to the item: not a user's action, so no actor and no permission check.
 * - `answered_by_own`: the connected account replied (our own comment or message, possibly sent
 *   from the platform's own app).
 * - `hidden` / `unhidden`: the comment was hidden / shown again on the platform.
 * - `removed`: the object was deleted on the platform (final).
 */
export type PlatformSignal = 'answered_by_own' | 'hidden' | 'unhidden' | 'removed';

/** `closedReason` codes of items closed by the platform (the UI words them). */
export const PLATFORM_HIDDEN = 'platform:hidden';
export const PLATFORM_REMOVED = 'platform:removed';

const closedByPlatform = (item: Item) =>
  (item.status === 'moderated' && item.closedReason === PLATFORM_HIDDEN) ||
  (item.status === 'done' && item.closedReason === PLATFORM_REMOVED);

/**
 * The item after a platform-side change; the same object when nothing changes. Never touches a
 * reply: an item whose reply is in approval or approved keeps its status (the moderator's work is
 * never lost; the dispatcher finds out that the object is gone when it sends). The signals commute
 * on an item only the platform moved (answered wins, then removed, then hidden), so events that
 * arrive out of order end in the same item.
 */
export function platformItemChange(item: Item, signal: PlatformSignal, now: number): Item {
  const to = (status: ItemStatus, closedReason: string | null): Item =>
    item.status === status && item.closedReason === closedReason
      ? item
      : { ...item, status, closedReason, snoozedUntil: null, updatedAt: now };
  switch (signal) {
    case 'answered_by_own':
      return item.status === 'new' || item.status === 'open' || closedByPlatform(item) ? to('answered', null) : item;
    case 'hidden':
      return ['new', 'open', 'snoozed'].includes(item.status) ? to('moderated', PLATFORM_HIDDEN) : item;
    case 'unhidden':
      return item.status === 'moderated' && item.closedReason === PLATFORM_HIDDEN
        ? to(item.assigneeId === null ? 'new' : 'open', null)
        : item;
    case 'removed':
      return ['new', 'open', 'snoozed'].includes(item.status) ||
        (item.status === 'moderated' && item.closedReason === PLATFORM_HIDDEN)
        ? to('done', PLATFORM_REMOVED)
        : item;
  }
}
