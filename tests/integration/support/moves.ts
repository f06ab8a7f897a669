/**
 * What the simulated replicas of the sync property test do: random moves, weighted towards the
 * work people really do (claim, write, send or submit, approve), and the mutations they make.
 */
import fc from 'fast-check';
import type { Reply, User } from '../../../shared/domain/entities';
import { currentTextHash } from '../../../shared/domain';
import { itemId, OTHER, people, PHARMA } from '../../../server/testing/world';
import type { SimReplica } from './replica';

/** Replicas, by index in the moves: two moderators, the two approvers of the chain, another client's approver. */
export const users = [
  people.moderator,
  people.pharmaModerator,
  people.medical,
  people.legal,
  people.otherApprover,
] as const;

const kinds = [
  'claim',
  'assign',
  'archive',
  'snooze',
  'reopen',
  'label',
  'hide',
  'draft',
  'submit',
  'send',
  'decide',
  'note',
  'tag',
  'flow',
] as const;
/** Weighted towards the reply workflow, so replies get drafted, submitted, approved and sent. */
const likelyKinds = [
  ...kinds,
  'flow',
  'flow',
  'flow',
  'draft',
  'submit',
  'send',
  'decide',
  'decide',
  'decide',
] as const;
const spec = fc.record({ kind: fc.constantFrom(...likelyKinds), item: fc.nat(7), n: fc.nat(3), flag: fc.boolean() });
/** Moderators act more often than approvers. */
const who = fc.constantFrom(0, 0, 0, 1, 1, 2, 2, 3, 3, 4);
export type Spec = { kind: (typeof kinds)[number]; item: number; n: number; flag: boolean };
const approvalRound = fc.record({
  type: fc.constant('approval' as const),
  item: fc.nat(1),
  drops: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  reject: fc.boolean(),
});
export const step = fc.oneof(
  { weight: 2, arbitrary: approvalRound },
  { weight: 10, arbitrary: fc.record({ type: fc.constant('mutate' as const), replica: who, spec }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('push' as const),
      replica: who,
      drop: fc.boolean(),
      twice: fc.boolean(),
      gap: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('pull' as const),
      replica: who,
      drop: fc.boolean(),
      limit: fc.integer({ min: 1, max: 40 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('relogin' as const), replica: who }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('restart' as const), duringPush: fc.boolean(), replica: who }),
  },
);

/** Mostly an item of a client the user works on; now and then one they may not see. */
function targetItem(user: User, item: number, n: number): string {
  const own = user.clientIds === null || user.clientIds.length > 1 ? null : user.clientIds[0];
  const clientId = own !== undefined && own !== null && n !== 3 ? own : item < 4 ? PHARMA : OTHER;
  return itemId(clientId, (item % 4) + 1);
}

export function makeMutation(replica: SimReplica, { kind, item, n, flag }: Spec, now: number): void {
  const target = targetItem(replica.user, item, n);
  // Two possible replies per item: later steps often find the reply an earlier one drafted.
  const replyId = `r-${target}-${n % 2}`;
  const contactId = ['ct-both', 'ct-pharma', 'ct-other'][n % 3] ?? 'ct-both';
  switch (kind) {
    case 'claim':
      return void replica.mutate('item.claim', { itemId: target }, now);
    case 'assign': {
      const assignee = [people.moderator.id, people.pharmaModerator.id, people.medical.id, null][n] ?? null;
      return void replica.mutate('item.assign', { itemId: target, assigneeId: assignee }, now);
    }
    case 'archive':
      return void replica.mutate('item.archive', { itemId: target, reason: 'risolto' }, now);
    case 'snooze':
      return void replica.mutate('item.snooze', { itemId: target, until: now + (n + 1) * 3_000 }, now);
    case 'reopen':
      return void replica.mutate('item.reopen', { itemId: target }, now);
    case 'label':
      return void replica.mutate(
        'item.label',
        { itemId: target, label: ['x', 'y'][n % 2] ?? 'x', op: flag ? 'add' : 'remove' },
        now,
      );
    case 'hide':
      return void replica.mutate('item.hide', { itemId: target, reason: flag ? 'spam' : 'boh' }, now);
    case 'draft': {
      const text = flag ? 'Grazie, ci vediamo in negozio!' : `Ne parli con il medico (${n}).`;
      return void replica.mutate(
        'reply.draft',
        { replyId, itemId: target, text, visibility: 'public', savedReplyId: null },
        now,
      );
    }
    case 'submit':
      return void replica.mutate('reply.submit', { replyId, escalated: flag, note: null }, now);
    case 'send':
      return void replica.mutate('reply.send', { replyId, seenUpTo: null }, now);
    case 'decide': {
      // An approver decides a reply it has seen, on the step it believes is waiting.
      const waiting = [...replica.confirmed.values()].filter(
        (value): value is Reply => (value as Reply).status === 'awaiting_approval' && 'approvals' in (value as Reply),
      );
      const known = waiting[item % Math.max(1, waiting.length)];
      const textHash = known === undefined ? 'not-what-was-shown' : currentTextHash(known);
      const signed =
        known === undefined
          ? 0
          : known.approvals.filter((a) => a.decision === 'approved' && a.textHash === textHash).length;
      const decision = n === 3 ? 'rejected' : 'approved';
      const args = {
        replyId: known?.id ?? replyId,
        approvalId: `a-${replica.clientId}-${replica.nextId}`,
        stepIndex: flag ? signed : n % 2,
        decision,
        textHash,
        comment: decision === 'rejected' ? 'no' : null,
      } as const;
      return void replica.mutate('approval.decide', args, now);
    }
    case 'flow': {
      // A moderator's usual run: take the item, write, then send or ask for approval.
      const text =
        n % 2 === 0 ? 'Grazie, ci vediamo in negozio!' : 'Ne parli con il medico, per gli effetti collaterali.';
      replica.mutate('item.claim', { itemId: target }, now);
      replica.mutate('reply.draft', { replyId, itemId: target, text, visibility: 'public', savedReplyId: null }, now);
      if (flag) replica.mutate('reply.send', { replyId, seenUpTo: null }, now);
      else replica.mutate('reply.submit', { replyId, escalated: n === 3, note: null }, now);
      return;
    }
    case 'note':
      return void replica.mutate(
        'note.add',
        { noteId: `n-${replica.clientId}-${replica.nextId}`, contactId, text: 'ha richiamato' },
        now,
      );
    case 'tag':
      return void replica.mutate(
        'contact.tag',
        { contactId, label: ['vip', 'troll'][n % 2] ?? 'vip', op: flag ? 'add' : 'remove' },
        now,
      );
  }
}
