/**
 * Walks the item action table (itemActions.ts): every entry's request is accepted by the contract,
 * travels as its `item.<name>` mutation and comes back as the same request and lifecycle action,
 * and its undo puts the item back as it was.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { itemAction as contractItemAction } from '../contract/actions';
import { mutationArgs, parseMutationArgs } from '../sync/mutations';
import type { Item, ItemStatus } from './entities';
import {
  isItemMutationName,
  itemActionNames,
  itemActionRequest,
  itemActions,
  itemMutationName,
  lifecycleActionOf,
  mutationOfRequest,
  requestOfMutation,
  undoRequestOf,
  userToLoad,
} from './itemActions';
import { itemStatuses } from './entities';
import { transitionItem } from './lifecycle';
import { MINUTE, T0, actors, allItemActionExamples, itemActionExamples, makeClient, makeItem } from './testing';

const client = makeClient();
const assignees = [actors.admin.id, actors.moderator.id, actors.moderator2.id];
const context = { assignees, policyReason: 'spam', until: T0 + 60 * MINUTE, labels: ['urgente', 'farmaco'] };
const examples = itemActionExamples(context);
const allExamples = allItemActionExamples(context);

describe('the item action table', () => {
  it('has examples of every entry, and nothing else is an item mutation', () => {
    expect(new Set(allExamples.map((request) => request.type))).toEqual(new Set(itemActionNames));
    const itemMutations = Object.keys(mutationArgs).filter((name) => name.startsWith('item.'));
    expect(itemMutations.sort()).toEqual(itemActionNames.map(itemMutationName).sort());
    expect(itemMutations.every(isItemMutationName)).toBe(true);
    expect(['reply.send', 'item.', 'item.toString', 'item.constructor'].some(isItemMutationName)).toBe(false);
  });

  it.each(allExamples.map((request) => [JSON.stringify(request), request] as const))(
    '%s: the contract takes it, and its mutation brings back the same request and action',
    (_name, request) => {
      expect(contractItemAction.parse(request)).toEqual(request);
      expect(itemActionRequest.parse(request)).toEqual(request);
      const item = makeItem({ status: 'open', labels: ['urgente'] });
      const sent = mutationOfRequest(item.id, request);
      expect(sent.name).toBe(`item.${request.type}`);
      // As it travels: JSON, then the wire schema of its name.
      const parsed = parseMutationArgs(sent.name, JSON.parse(JSON.stringify(sent.args)));
      if (!parsed.ok) throw new Error(parsed.message);
      if (!isItemMutationName(sent.name)) throw new Error(`${sent.name} is not an item mutation`);
      const back = requestOfMutation(sent.name, parsed.value);
      expect(back).toEqual({ itemId: item.id, request });
      expect(lifecycleActionOf(back.request, item)).toEqual(lifecycleActionOf(request, item));
    },
  );

  it('refuses a request with another entry’s arguments or unknown ones', () => {
    expect(itemActionRequest.safeParse({ type: 'claim', reason: 'spam' }).success).toBe(false);
    expect(itemActionRequest.safeParse({ type: 'archive' }).success).toBe(false);
    expect(itemActionRequest.safeParse({ type: 'done', reason: 'x' }).success).toBe(false);
    expect(parseMutationArgs('item.archive', { itemId: 'it-1', reason: ' ' }).ok).toBe(false);
  });

  it('asks the server to load the assignee only, and names an unassign for nobody', () => {
    const item = makeItem();
    expect(lifecycleActionOf({ type: 'assign', assigneeId: null }, item)).toEqual({ type: 'unassign' });
    expect(lifecycleActionOf({ type: 'assign', assigneeId: 'u-mod' }, item)).toEqual({
      type: 'assign',
      toUserId: 'u-mod',
    });
    for (const request of allExamples) {
      expect(userToLoad(request)).toBe(request.type === 'assign' ? request.assigneeId : null);
    }
  });
});

/** What a moderator sees of an item's state: still to handle, in approval, or closed. */
const STATUS_CLASS: Readonly<Record<ItemStatus, 'active' | 'approval' | 'closed'>> = {
  new: 'active',
  open: 'active',
  snoozed: 'active',
  awaiting_approval: 'approval',
  approved: 'approval',
  done: 'closed',
  answered: 'closed',
  moderated: 'closed',
};
const seen = (item: Item) => ({
  assigneeId: item.assigneeId,
  labels: [...item.labels].sort(),
  status: STATUS_CLASS[item.status],
});

const anyItem = fc
  .record({
    status: fc.constantFrom(...itemStatuses),
    assigneeId: fc.constantFrom(null, ...assignees),
    labels: fc.subarray(['urgente', 'farmaco', 'vip']),
  })
  .map(({ status, assigneeId, labels }) =>
    makeItem({
      status,
      assigneeId,
      labels,
      snoozedUntil: status === 'snoozed' ? T0 + 30 * MINUTE : null,
      closedReason: status === 'done' || status === 'moderated' ? 'spam' : null,
    }),
  );
const anyRequest = fc.constantFrom(...allExamples);
const actor = fc.constantFrom(actors.admin, actors.lead, actors.moderator);

describe('undo', () => {
  it('puts back the assignee, the labels and the kind of status of every item an action changed (property)', () => {
    fc.assert(
      fc.property(anyItem, anyRequest, actor, (before, request, who) => {
        const done = transitionItem(before, lifecycleActionOf(request, before), who, T0, client);
        fc.pre(done.ok);
        if (!done.ok) return;
        const after = done.value;
        const undo = undoRequestOf(before, request);
        if (itemActions[request.type].inverse === null) {
          expect(undo).toBeNull();
          return;
        }
        if (undo === null) {
          expect(seen(after)).toEqual(seen(before));
          return;
        }
        const undone = transitionItem(after, lifecycleActionOf(undo, after), who, T0 + 1, client);
        // The undo may find nothing to do (a claim of one's own new item only opened it).
        if (!undone.ok) expect(undone.error.code).toBe('no_change');
        const restored = undone.ok ? undone.value : after;
        const moderated = request.type === 'hide' || request.type === 'delete';
        if (moderated && (before.status === 'done' || before.status === 'answered')) {
          // Hiding an archived or answered item is undone by reopening it: no item action makes
          // an item answered again, so it comes back to the queue instead.
          expect(restored.status).toBe('open');
          expect({ ...seen(restored), status: null }).toEqual({ ...seen(before), status: null });
          return;
        }
        expect(seen(restored)).toEqual(seen(before));
      }),
      { numRuns: 2000 },
    );
  });

  it('has no undo of an undo: reopen is the inverse of the acts that close or snooze an item', () => {
    const closing = itemActionNames.filter((name) => itemActions[name].leavesView);
    const item = makeItem({ status: 'open' });
    for (const name of closing) {
      const request = examples[name][0];
      if (request === undefined) throw new Error(`no example of ${name}`);
      expect(undoRequestOf(item, request)).toEqual({ type: 'reopen' });
    }
    expect(undoRequestOf(makeItem({ status: 'done' }), { type: 'reopen' })).toBeNull();
  });
});
