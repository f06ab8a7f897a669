import { describe, expect, it } from 'vitest';
import { itemStatuses } from './entities';
import type { Item, ItemStatus, Reply } from './entities';
import { transitionItem } from './lifecycle';
import type { ItemAction, ItemActionType } from './lifecycle';
import { MINUTE, T0, actors, makeClient, makeInteraction, makeItem, makeReply, withSignatures } from './testing';

const client = makeClient();
const interaction = makeInteraction();
const now = T0 + 10 * MINUTE;

const fullyApproved = (reply: Reply) =>
  withSignatures(reply, [
    [actors.medical, 0],
    [actors.legal, 1],
  ]);

/** A valid action of each type, with a reply in the state that justifies the move. */
const validAction: Record<ItemActionType, ItemAction> = {
  claim: { type: 'claim' },
  assign: { type: 'assign', toUserId: actors.moderator2.id },
  unassign: { type: 'unassign' },
  'reply.submit': { type: 'reply.submit', reply: makeReply({ status: 'awaiting_approval' }) },
  'reply.send': { type: 'reply.send', reply: makeReply({ status: 'queued' }), interaction },
  'reply.withdraw': { type: 'reply.withdraw', reply: makeReply({ status: 'draft' }) },
  'approval.complete': { type: 'approval.complete', reply: fullyApproved(makeReply({ status: 'approved' })) },
  'approval.reject': { type: 'approval.reject', reply: makeReply({ status: 'rejected' }) },
  'reply.dispatched': { type: 'reply.dispatched', reply: makeReply({ status: 'sent' }), interaction },
  'reply.failed': { type: 'reply.failed', reply: makeReply({ status: 'failed' }) },
  archive: { type: 'archive', reason: 'nessuna risposta necessaria' },
  snooze: { type: 'snooze', until: now + 60 * MINUTE },
  wake: { type: 'wake' },
  reopen: { type: 'reopen' },
  hide: { type: 'hide', reason: 'spam' },
  delete: { type: 'delete', reason: 'insulti' },
  'label.add': { type: 'label.add', label: 'vip' },
  'label.remove': { type: 'label.remove', label: 'old' },
};

/** The lifecycle of docs/domain.md, as this test expects it: action → from → to. Anything else is refused. */
const edges: Record<ItemActionType, Partial<Record<ItemStatus, ItemStatus>>> = {
  claim: { new: 'open', open: 'open' },
  assign: {
    new: 'open',
    open: 'open',
    awaiting_approval: 'awaiting_approval',
    approved: 'approved',
    snoozed: 'snoozed',
  },
  unassign: {
    new: 'new',
    open: 'open',
    awaiting_approval: 'awaiting_approval',
    approved: 'approved',
    snoozed: 'snoozed',
  },
  'reply.submit': { open: 'awaiting_approval' },
  'reply.send': { open: 'answered', approved: 'answered' },
  'reply.withdraw': { awaiting_approval: 'open', approved: 'open' },
  'approval.complete': { awaiting_approval: 'approved' },
  'approval.reject': { awaiting_approval: 'open' },
  'reply.dispatched': { approved: 'answered', answered: 'answered' },
  'reply.failed': { answered: 'open' },
  archive: { new: 'done', open: 'done', snoozed: 'done' },
  snooze: { new: 'snoozed', open: 'snoozed', snoozed: 'snoozed' },
  wake: { snoozed: 'open' },
  reopen: { done: 'open', snoozed: 'open', moderated: 'open' },
  hide: { new: 'moderated', open: 'moderated', snoozed: 'moderated', done: 'moderated', answered: 'moderated' },
  delete: { new: 'moderated', open: 'moderated', snoozed: 'moderated', done: 'moderated', answered: 'moderated' },
  'label.add': Object.fromEntries(itemStatuses.map((s) => [s, s])),
  'label.remove': Object.fromEntries(itemStatuses.map((s) => [s, s])),
};

/** An item in `status` that the valid action of `type` applies to (when the edge exists). */
function itemIn(status: ItemStatus, type: ItemActionType): Item {
  return makeItem({
    status,
    assigneeId: type === 'unassign' ? actors.moderator.id : null,
    snoozedUntil: status === 'snoozed' ? now - MINUTE : null,
    labels: ['old'],
  });
}

/** The admin who is also an approver holds every right, so only the lifecycle decides. */
const superActor = actors.adminApprover;

function code(result: ReturnType<typeof transitionItem>): string {
  return result.ok ? `ok:${result.value.status}` : result.error.code;
}

describe('transitionItem: every action from every status', () => {
  const cases = (Object.keys(validAction) as ItemActionType[]).flatMap((type) =>
    itemStatuses.map((from) => {
      const to = edges[type][from];
      return [type, from, to === undefined ? 'illegal_transition' : `ok:${to}`] as const;
    }),
  );
  it.each(cases)('%s from %s → %s', (type, from, expected) => {
    expect(code(transitionItem(itemIn(from, type), validAction[type], superActor, now, client))).toBe(expected);
  });
});

describe('transitionItem: effects', () => {
  it('claim gives the item to the actor', () => {
    const result = transitionItem(makeItem(), { type: 'claim' }, actors.moderator, now, client);
    expect(result).toEqual({
      ok: true,
      value: makeItem({ status: 'open', assigneeId: actors.moderator.id, updatedAt: now }),
    });
  });

  it('archive records the trimmed reason; reopen clears it', () => {
    const done = transitionItem(
      makeItem({ status: 'open' }),
      { type: 'archive', reason: '  già risolto ' },
      actors.lead,
      now,
      client,
    );
    expect(done.ok && done.value.closedReason).toBe('già risolto');
    const reopened = done.ok ? transitionItem(done.value, { type: 'reopen' }, actors.lead, now, client) : done;
    expect(reopened.ok && [reopened.value.status, reopened.value.closedReason]).toEqual(['open', null]);
  });

  it('snooze records the time; wake clears it', () => {
    const until = now + 5 * MINUTE;
    const snoozed = transitionItem(
      makeItem({ status: 'open' }),
      { type: 'snooze', until },
      actors.moderator,
      now,
      client,
    );
    expect(snoozed.ok && snoozed.value.snoozedUntil).toBe(until);
    const woken = snoozed.ok
      ? transitionItem(snoozed.value, { type: 'wake' }, actors.moderator, until, client)
      : snoozed;
    expect(woken.ok && [woken.value.status, woken.value.snoozedUntil]).toEqual(['open', null]);
  });

  it('labels are added once and removed', () => {
    const added = transitionItem(makeItem(), { type: 'label.add', label: ' vip ' }, actors.moderator, now, client);
    expect(added.ok && added.value.labels).toEqual(['vip']);
  });

  it('hide records the policy reason; an admin may hide a pharma item without one', () => {
    const hidden = transitionItem(
      makeItem({ status: 'open' }),
      { type: 'hide', reason: 'spam' },
      actors.moderator,
      now,
      client,
    );
    expect(hidden.ok && hidden.value.closedReason).toBe('spam');
    const byAdmin = transitionItem(makeItem(), { type: 'delete', reason: null }, actors.admin, now, client);
    expect(byAdmin.ok && [byAdmin.value.status, byAdmin.value.closedReason]).toEqual(['moderated', null]);
  });

  it('sets updatedAt to now on every transition and nowhere else', () => {
    const result = transitionItem(makeItem(), { type: 'assign', toUserId: 'u-x' }, actors.lead, now, client);
    expect(result.ok && result.value.updatedAt).toBe(now);
  });
});
