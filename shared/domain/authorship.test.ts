import { describe, expect, it } from 'vitest';
import type { Actor, Client, Item, Reply } from './entities';
import type { Result } from './errors';
import { currentTextHash, canDispatch, checkDispatch, finalWordsSeenBy } from './approval';
import { reviewApproverEdit } from './authorship';
import { editAndApprove, editReply } from './reply';
import { actors, makeClient, makeInteraction, makeItem, makeReply, MINUTE, SIGNED, T0 } from './testing';
import { editAndApproveCommand, reviewEditCommand, sendReply } from './workflow';
import type { ItemAndReply } from './workflow';

const sensitiveText = 'Che dose di Cardiolex devo prendere?';
const rewritten = 'Per la posologia si rivolga al suo medico.';
/** A one-step chain whose only approver is an admin who is also an approver. */
const oneStep = makeClient({ approvalChain: [{ name: 'Review', approverIds: [actors.adminApprover.id] }] });
const twoSteps = makeClient();
const interaction = makeInteraction();

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function codeOf(result: Result<unknown>): string | null {
  return result.ok ? null : result.error.code;
}

const awaiting = (overrides: Partial<Reply> = {}): Reply =>
  makeReply({ status: 'awaiting_approval', text: sensitiveText, ...overrides });

function editedBy(reply: Reply, client: Client, actor: Actor, text = rewritten): Reply {
  const input = {
    approvalId: `a-edit-${actor.id}`,
    edit: { text },
    comment: null,
    expectedTextHash: currentTextHash(reply),
    signature: SIGNED,
  };
  return value(editAndApprove(reply, client, input, actor, T0 + MINUTE));
}

const review = (reply: Reply, decision: 'confirm' | 'decline', actor: Actor = actors.moderator) =>
  reviewApproverEdit(reply, { decision, expectedTextHash: currentTextHash(reply) }, actor, T0 + 2 * MINUTE);

describe('an approver’s edit-and-approve on a one-step chain', () => {
  const edited = editedBy(awaiting(), oneStep, actors.adminApprover);

  it('makes the approver the author of the new words and remembers the moderator’s', () => {
    expect(edited).toMatchObject({ status: 'approved', authorId: actors.adminApprover.id, text: rewritten });
    expect(edited.approverEdit).toMatchObject({
      previousAuthorId: actors.moderator.id,
      previousText: sensitiveText,
      previousVisibility: 'public',
      textHash: currentTextHash(edited),
      confirmedAt: null,
    });
  });

  it('cannot be sent until the moderator confirms it: one person saw the final words', () => {
    expect(finalWordsSeenBy(edited, oneStep.approvalChain)).toEqual([actors.adminApprover.id]);
    expect(codeOf(checkDispatch(edited, oneStep, interaction))).toBe('needs_confirmation');
    const item = makeItem({ status: 'approved', assigneeId: actors.moderator.id });
    const send = sendReply({ item, reply: edited, client: oneStep, interaction }, actors.moderator, T0 + 3 * MINUTE);
    expect(codeOf(send)).toBe('needs_confirmation');
  });

  it('once confirmed by the moderator, two people saw the final words and it may be sent', () => {
    const confirmed = value(review(edited, 'confirm'));
    expect(confirmed.approverEdit?.confirmedAt).toBe(T0 + 2 * MINUTE);
    expect(confirmed.status).toBe('approved');
    expect(finalWordsSeenBy(confirmed, oneStep.approvalChain)).toEqual([actors.adminApprover.id, actors.moderator.id]);
    expect(canDispatch(confirmed, oneStep, interaction)).toBe(true);
  });

  it('declined: the moderator’s own words come back as their draft, not sendable without approval', () => {
    const declined = value(review(edited, 'decline'));
    expect(declined).toMatchObject({
      status: 'draft',
      authorId: actors.moderator.id,
      text: sensitiveText,
      version: edited.version + 1,
      approverEdit: null,
    });
    expect(codeOf(checkDispatch(declined, oneStep, interaction))).toBe('needs_approval');
  });

  it('a later edit of the words clears the edit to confirm', () => {
    const changed = value(editReply(edited, { text: `${rewritten} Grazie.` }, actors.moderator, T0 + 3 * MINUTE));
    expect(changed.approverEdit).toBeNull();
    expect(codeOf(review(changed, 'confirm'))).toBe('illegal_transition');
  });
});

describe('an approver’s edit on a two-step chain', () => {
  it('needs no confirmation once another signer signed the new words', () => {
    const edited = editedBy(awaiting(), twoSteps, actors.medical);
    expect(edited.status).toBe('awaiting_approval');
    const signed: Reply = {
      ...edited,
      status: 'approved',
      approvals: [
        ...edited.approvals,
        {
          id: 'a-legal',
          replyId: edited.id,
          stepIndex: 1,
          approverId: actors.legal.id,
          decision: 'approved',
          meaning: 'Approved — Legal review',
          comment: null,
          textHash: currentTextHash(edited),
          at: T0 + 2 * MINUTE,
        },
      ],
    };
    expect(finalWordsSeenBy(signed, twoSteps.approvalChain)).toEqual([actors.medical.id, actors.legal.id]);
    expect(canDispatch(signed, twoSteps, interaction)).toBe(true);
  });

  it('a second rewrite still asks the original moderator, against their own text', () => {
    const first = editedBy(awaiting(), twoSteps, actors.medical);
    const second = editedBy(first, twoSteps, actors.legal, 'Ne parli con il suo medico.');
    expect(second.authorId).toBe(actors.legal.id);
    expect(second.approverEdit).toMatchObject({ previousAuthorId: actors.moderator.id, previousText: sensitiveText });
  });

  it('an approver rewriting words first written by themselves leaves nobody to confirm: another signer is needed', () => {
    const first = editedBy(awaiting({ authorId: actors.legal.id }), twoSteps, actors.medical);
    const back = editedBy(first, twoSteps, actors.legal, 'Testo mio di nuovo.');
    expect(back.approverEdit).toBeNull();
    expect(back.status).toBe('awaiting_approval');
  });
});

describe('reviewApproverEdit refuses', () => {
  const edited = editedBy(awaiting(), oneStep, actors.adminApprover);
  const confirmed = value(review(edited, 'confirm'));
  it.each([
    ['another moderator', edited, actors.moderator2, 'confirm', 'not_permitted'],
    ['the approver who edited', edited, actors.adminApprover, 'confirm', 'not_permitted'],
    ['a moderator of another client', edited, actors.otherModerator, 'confirm', 'out_of_scope'],
    ['a reply no approver edited', awaiting(), actors.moderator, 'confirm', 'illegal_transition'],
    ['an edit already confirmed', confirmed, actors.moderator, 'confirm', 'no_change'],
    [
      'an edit already confirmed and queued',
      { ...confirmed, status: 'queued' },
      actors.moderator,
      'decline',
      'illegal_transition',
    ],
  ] as const)('%s', (_label, reply, actor, decision, expected) => {
    expect(codeOf(review(reply, decision, actor))).toBe(expected);
  });

  it('a confirmation of words the moderator was not shown', () => {
    const stale = reviewApproverEdit(edited, { decision: 'confirm', expectedTextHash: 'old' }, actors.moderator, T0);
    expect(codeOf(stale)).toBe('approval_stale');
  });
});

describe('reviewEditCommand (with the item)', () => {
  const item: Item = makeItem({ status: 'awaiting_approval', assigneeId: actors.moderator.id });
  const context = { item, reply: awaiting(), client: oneStep };
  const afterEdit = (): ItemAndReply =>
    value(
      editAndApproveCommand(
        context,
        {
          approvalId: 'a-edit',
          edit: { text: rewritten },
          comment: null,
          expectedTextHash: currentTextHash(context.reply),
          signature: SIGNED,
        },
        actors.adminApprover,
        T0 + MINUTE,
      ),
    );

  it('confirm keeps the item approved', () => {
    const edited = afterEdit();
    expect(edited.item.status).toBe('approved');
    const input = { decision: 'confirm' as const, expectedTextHash: currentTextHash(edited.reply) };
    const confirmed = value(
      reviewEditCommand({ ...edited, client: oneStep }, input, actors.moderator, T0 + 2 * MINUTE),
    );
    expect([confirmed.item.status, confirmed.reply.status]).toEqual(['approved', 'approved']);
  });

  it('decline reopens the item with the moderator’s draft', () => {
    const edited = afterEdit();
    const input = { decision: 'decline' as const, expectedTextHash: currentTextHash(edited.reply) };
    const declined = value(reviewEditCommand({ ...edited, client: oneStep }, input, actors.moderator, T0 + 2 * MINUTE));
    expect([declined.item.status, declined.reply.status, declined.reply.text]).toEqual([
      'open',
      'draft',
      sensitiveText,
    ]);
  });
});
