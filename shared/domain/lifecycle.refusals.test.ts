import { describe, expect, it } from 'vitest';
import type { Actor, Item, Reply } from './entities';
import { transitionItem } from './lifecycle';
import type { ItemAction } from './lifecycle';
import { MINUTE, T0, actors, makeClient, makeInteraction, makeItem, makeReply, withSignatures } from './testing';

const client = makeClient();
const politics = makeClient({ id: 'c-politics', regulation: 'politics' });
const interaction = makeInteraction();
const now = T0 + 10 * MINUTE;

const fullyApproved = (reply: Reply) =>
  withSignatures(reply, [
    [actors.medical, 0],
    [actors.legal, 1],
  ]);

function code(result: ReturnType<typeof transitionItem>): string {
  return result.ok ? `ok:${result.value.status}` : result.error.code;
}

describe('transitionItem: refusals and their codes', () => {
  const sensitive = makeReply({ status: 'queued', text: 'Cardiolex si prende la sera.' });
  const cases: [string, Item, ItemAction, Actor, string, typeof client?][] = [
    [
      'claim held by someone else',
      makeItem({ status: 'open', assigneeId: 'u-x' }),
      { type: 'claim' },
      actors.moderator,
      'already_assigned',
    ],
    [
      'claim already mine',
      makeItem({ status: 'open', assigneeId: actors.moderator.id }),
      { type: 'claim' },
      actors.moderator,
      'no_change',
    ],
    [
      'assign to the same user',
      makeItem({ status: 'open', assigneeId: 'u-x' }),
      { type: 'assign', toUserId: 'u-x' },
      actors.lead,
      'no_change',
    ],
    [
      'assign to nobody',
      makeItem({ status: 'open' }),
      { type: 'assign', toUserId: ' ' },
      actors.lead,
      'invalid_argument',
    ],
    ['unassign an unassigned item', makeItem({ status: 'open' }), { type: 'unassign' }, actors.lead, 'no_change'],
    [
      'submit a reply of another item',
      makeItem({ status: 'open' }),
      { type: 'reply.submit', reply: makeReply({ itemId: 'it-2', status: 'awaiting_approval' }) },
      actors.moderator,
      'invalid_argument',
    ],
    [
      'submit while the reply is still a draft',
      makeItem({ status: 'open' }),
      { type: 'reply.submit', reply: makeReply() },
      actors.moderator,
      'illegal_transition',
    ],
    [
      'send a reply not handed to the sender',
      makeItem({ status: 'open' }),
      { type: 'reply.send', reply: makeReply(), interaction },
      actors.moderator,
      'illegal_transition',
    ],
    [
      'send a sensitive reply without approval',
      makeItem({ status: 'open' }),
      { type: 'reply.send', reply: sensitive, interaction },
      actors.moderator,
      'needs_approval',
    ],
    [
      'send a reply edited after approval',
      makeItem({ status: 'approved' }),
      {
        type: 'reply.send',
        reply: { ...fullyApproved(sensitive), text: 'Cardiolex si prende la mattina.' },
        interaction,
      },
      actors.moderator,
      'approval_stale',
    ],
    [
      'send an empty reply',
      makeItem({ status: 'open' }),
      { type: 'reply.send', reply: makeReply({ status: 'queued', text: ' ' }), interaction },
      actors.moderator,
      'empty_reply',
    ],
    [
      'send a reply with a placeholder',
      makeItem({ status: 'open' }),
      { type: 'reply.send', reply: makeReply({ status: 'queued', text: 'Ciao {{contact.first_name}}' }), interaction },
      actors.moderator,
      'unfilled_variables',
    ],
    [
      'send an answer to another interaction',
      makeItem({ status: 'open' }),
      { type: 'reply.send', reply: makeReply({ status: 'queued' }), interaction: makeInteraction({ id: 'i-2' }) },
      actors.moderator,
      'invalid_argument',
    ],
    [
      'withdraw a reply that was not edited',
      makeItem({ status: 'awaiting_approval' }),
      { type: 'reply.withdraw', reply: makeReply({ status: 'awaiting_approval' }) },
      actors.moderator,
      'illegal_transition',
    ],
    [
      'complete with a missing step',
      makeItem({ status: 'awaiting_approval' }),
      { type: 'approval.complete', reply: withSignatures(makeReply({ status: 'approved' }), [[actors.medical, 0]]) },
      actors.legal,
      'needs_approval',
    ],
    [
      'complete with a self-signed step',
      makeItem({ status: 'awaiting_approval' }),
      {
        type: 'approval.complete',
        reply: withSignatures(makeReply({ status: 'approved', authorId: actors.medical.id }), [
          [actors.medical, 0],
          [actors.legal, 1],
        ]),
      },
      actors.legal,
      'needs_approval',
    ],
    [
      'complete while the reply still waits',
      makeItem({ status: 'awaiting_approval' }),
      { type: 'approval.complete', reply: fullyApproved(makeReply({ status: 'awaiting_approval' })) },
      actors.legal,
      'illegal_transition',
    ],
    [
      'reject a reply that was not rejected',
      makeItem({ status: 'awaiting_approval' }),
      { type: 'approval.reject', reply: makeReply({ status: 'awaiting_approval' }) },
      actors.medical,
      'illegal_transition',
    ],
    [
      'record a dispatch of a draft',
      makeItem({ status: 'approved' }),
      { type: 'reply.dispatched', reply: makeReply(), interaction },
      actors.admin,
      'illegal_transition',
    ],
    [
      'record a dispatch of an unapproved sensitive reply',
      makeItem({ status: 'approved' }),
      { type: 'reply.dispatched', reply: { ...sensitive, status: 'sent' }, interaction },
      actors.admin,
      'needs_approval',
    ],
    [
      'record a failure of a sent reply',
      makeItem({ status: 'answered' }),
      { type: 'reply.failed', reply: makeReply({ status: 'sent' }) },
      actors.admin,
      'illegal_transition',
    ],
    [
      'archive without a reason',
      makeItem({ status: 'open' }),
      { type: 'archive', reason: '  ' },
      actors.moderator,
      'reason_required',
    ],
    [
      'snooze until now',
      makeItem({ status: 'open' }),
      { type: 'snooze', until: now },
      actors.moderator,
      'snooze_in_past',
    ],
    [
      'snooze into the past',
      makeItem({ status: 'open' }),
      { type: 'snooze', until: now - 1 },
      actors.moderator,
      'snooze_in_past',
    ],
    [
      'snooze until a non-time',
      makeItem({ status: 'open' }),
      { type: 'snooze', until: Number.NaN },
      actors.moderator,
      'invalid_argument',
    ],
    [
      'snooze again until the same time',
      makeItem({ status: 'snoozed', snoozedUntil: now + 1 }),
      { type: 'snooze', until: now + 1 },
      actors.moderator,
      'no_change',
    ],
    [
      'wake before the time',
      makeItem({ status: 'snoozed', snoozedUntil: now + 1 }),
      { type: 'wake' },
      actors.moderator,
      'snooze_not_due',
    ],
    [
      'hide by a moderator without reason',
      makeItem({ status: 'open' }),
      { type: 'hide', reason: null },
      actors.moderator,
      'reason_required',
    ],
    [
      'delete by a moderator with a reason outside the policy',
      makeItem({ status: 'open' }),
      { type: 'delete', reason: 'non mi piace' },
      actors.moderator,
      'reason_not_in_policy',
    ],
    [
      'hide by an admin with a reason outside the policy',
      makeItem({ status: 'open' }),
      { type: 'hide', reason: 'non mi piace' },
      actors.admin,
      'reason_not_in_policy',
    ],
    [
      'hide a politics item without reason, even as admin',
      makeItem({ status: 'open', clientId: 'c-politics' }),
      { type: 'hide', reason: '' },
      actors.admin,
      'reason_required',
      politics,
    ],
    ['add an empty label', makeItem(), { type: 'label.add', label: ' ' }, actors.moderator, 'invalid_argument'],
    [
      'add a label too long',
      makeItem(),
      { type: 'label.add', label: 'x'.repeat(65) },
      actors.moderator,
      'invalid_argument',
    ],
    [
      'add a label twice',
      makeItem({ labels: ['vip'] }),
      { type: 'label.add', label: 'vip' },
      actors.moderator,
      'no_change',
    ],
    ['remove a missing label', makeItem(), { type: 'label.remove', label: 'vip' }, actors.moderator, 'no_change'],
    ['claim as an approver', makeItem(), { type: 'claim' }, actors.medical, 'not_permitted'],
    ['claim outside the moderator scope', makeItem(), { type: 'claim' }, actors.otherModerator, 'out_of_scope'],
    [
      'complete an approval as a moderator',
      makeItem({ status: 'awaiting_approval' }),
      { type: 'approval.complete', reply: fullyApproved(makeReply({ status: 'approved' })) },
      actors.moderator,
      'not_permitted',
    ],
    [
      'complete an approval as a lead',
      makeItem({ status: 'awaiting_approval' }),
      { type: 'approval.complete', reply: fullyApproved(makeReply({ status: 'approved' })) },
      actors.lead,
      'not_permitted',
    ],
    [
      'send as an approver',
      makeItem({ status: 'open' }),
      { type: 'reply.send', reply: makeReply({ status: 'queued' }), interaction },
      actors.legal,
      'not_permitted',
    ],
    ['act with the wrong client', makeItem(), { type: 'claim' }, actors.admin, 'invalid_argument', politics],
  ];
  const named = cases.map(
    ([label, item, action, actor, expected, withClient]) => [label, expected, item, action, actor, withClient] as const,
  );
  it.each(named)('%s → %s', (_label, expected, item, action, actor, withClient = client) => {
    expect(code(transitionItem(item, action, actor, now, withClient))).toBe(expected);
  });

  it('refuses without changing anything (the input item is untouched)', () => {
    const item = makeItem({ status: 'done' });
    const copy = structuredClone(item);
    transitionItem(item, { type: 'claim' }, actors.moderator, now, client);
    expect(item).toEqual(copy);
  });
});
