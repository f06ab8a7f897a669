import { describe, expect, it } from 'vitest';
import type { Approval, Reply } from './entities';
import { approvalProgress, canDispatch, currentTextHash, decideApproval } from './approval';
import { SYSTEM_ACTOR } from './permissions';
import {
  draftReply,
  editAndApprove,
  editReply,
  escalateReply,
  markReplyFailed,
  markReplySent,
  queueReply,
  submitReply,
} from './reply';
import type { EditAndApproveInput } from './reply';
import { SIGNED, T0, actors, makeClient, makeInteraction, makeItem, makeReply } from './testing';

const client = makeClient();
const interaction = makeInteraction();
const later = T0 + 5000;
const sensitiveText = 'La dose di Cardiolex è di 50 mg.';

function codeOf(result: { ok: true } | { ok: false; error: { code: string } }): string {
  return result.ok ? 'ok' : result.error.code;
}

function approvedBy(reply: Reply, ...signers: [string, number][]): Reply {
  const approvals: Approval[] = signers.map(([approverId, stepIndex]) => ({
    id: `a-${approverId}`,
    replyId: reply.id,
    stepIndex,
    approverId,
    decision: 'approved',
    meaning: 'Approved',
    comment: null,
    textHash: currentTextHash(reply),
    at: T0,
  }));
  return { ...reply, approvals, status: 'approved' };
}

describe('draftReply', () => {
  const input = {
    id: 'r-9',
    item: makeItem({ status: 'open' }),
    text: 'Perche\u0301 no?',
    visibility: 'private' as const,
    savedReplyId: null,
  };

  it('starts version 1 as a draft by the actor, stored in NFC', () => {
    const result = draftReply(input, actors.moderator, later);
    expect(result).toEqual({
      ok: true,
      value: makeReply({
        id: 'r-9',
        text: 'Perch\u00e9 no?',
        visibility: 'private',
        createdAt: later,
        updatedAt: later,
      }),
    });
  });

  it.each([
    ['an approver', actors.medical, input, 'not_permitted'],
    ['a moderator of another client', actors.otherModerator, input, 'out_of_scope'],
    ['on a done item', actors.moderator, { ...input, item: makeItem({ status: 'done' }) }, 'illegal_transition'],
    [
      'on an answered item',
      actors.moderator,
      { ...input, item: makeItem({ status: 'answered' }) },
      'illegal_transition',
    ],
  ] as const)('refuses %s', (_label, actor, drafted, expected) => {
    expect(codeOf(draftReply(drafted, actor, later))).toBe(expected);
  });
});

describe('editReply', () => {
  const approved = approvedBy(makeReply({ text: sensitiveText }), [actors.medical.id, 0], [actors.legal.id, 1]);

  it('bumps the version, returns to draft and voids approvals of the old text', () => {
    expect(canDispatch(approved, client, interaction)).toBe(true);
    const edited = editReply(approved, { text: `${sensitiveText} Grazie.` }, actors.moderator, later);
    expect(
      edited.ok && [edited.value.version, edited.value.status, edited.value.approvals, edited.value.updatedAt],
    ).toEqual([2, 'draft', [], later]);
    expect(edited.ok && canDispatch(edited.value, client, interaction)).toBe(false);
  });

  it("makes whoever rewrites the words the reply's author, so an admin-approver cannot sign their own rewrite", () => {
    const drafted = makeReply({ text: sensitiveText });
    const rewritten = editReply(drafted, { text: `${sensitiveText} Ne parli al medico.` }, actors.adminApprover, later);
    if (!rewritten.ok) throw new Error(rewritten.error.message);
    expect(rewritten.value.authorId).toBe(actors.adminApprover.id);
    const submitted = submitReply(rewritten.value, actors.adminApprover, later);
    if (!submitted.ok) throw new Error(submitted.error.message);
    const signed = decideApproval(
      submitted.value,
      client,
      {
        approvalId: 'a-self',
        decision: 'approved',
        comment: null,
        expectedTextHash: currentTextHash(submitted.value),
        signature: SIGNED,
      },
      actors.adminApprover,
      later,
    );
    expect(codeOf(signed)).toBe('self_approval');
  });

  it('accepts an edit that only replaces look-alike letters, and keeps the approvals of what looks the same', () => {
    const disguised = makeReply({ text: 'Provi \u0421\u0430rdiolex.' });
    const fixed = editReply(disguised, { text: 'Provi Cardiolex.' }, actors.moderator, later);
    expect(fixed.ok && [fixed.value.text, fixed.value.version]).toEqual(['Provi Cardiolex.', 2]);
    const signed = approvedBy(makeReply({ text: sensitiveText }), [actors.medical.id, 0], [actors.legal.id, 1]);
    const lookAlike = editReply(
      signed,
      { text: sensitiveText.replace('Cardiolex', '\u0421ardiolex') },
      actors.moderator,
      later,
    );
    expect(lookAlike.ok && lookAlike.value.approvals).toEqual(signed.approvals);
  });

  it('voids approvals when only the visibility changes', () => {
    const edited = editReply(approved, { visibility: 'private' }, actors.moderator, later);
    expect(edited.ok && edited.value.approvals).toEqual([]);
  });

  it.each([
    ['the same text', makeReply(), { text: 'Grazie per averci scritto!' }, actors.moderator, 'no_change'],
    ['the same text in NFD', makeReply({ text: 'perché' }), { text: 'perche\u0301' }, actors.moderator, 'no_change'],
    ['a queued reply', makeReply({ status: 'queued' }), { text: 'x' }, actors.moderator, 'illegal_transition'],
    ['a sent reply', makeReply({ status: 'sent' }), { text: 'x' }, actors.moderator, 'illegal_transition'],
    [
      'as an approver (that is edit-and-approve)',
      makeReply({ status: 'awaiting_approval' }),
      { text: 'x' },
      actors.medical,
      'not_permitted',
    ],
  ] as const)('refuses %s', (_label, reply, edit, actor, expected) => {
    expect(codeOf(editReply(reply, edit, actor, later))).toBe(expected);
  });

  it.each(['draft', 'rejected', 'awaiting_approval', 'approved', 'failed'] as const)(
    'edits a %s reply back to draft',
    (status) => {
      const edited = editReply(makeReply({ status }), { text: 'Nuovo testo' }, actors.lead, later);
      expect(edited.ok && edited.value.status).toBe('draft');
    },
  );
});

describe('escalateReply', () => {
  it('makes a neutral reply need approval, with the note', () => {
    const escalated = escalateReply(makeReply(), '  tono delicato ', actors.moderator, later);
    expect(escalated.ok && [escalated.value.escalated, escalated.value.escalationNote]).toEqual([
      true,
      'tono delicato',
    ]);
    expect(escalated.ok && canDispatch(escalated.value, client, interaction)).toBe(false);
  });

  it.each([
    ['twice', makeReply({ escalated: true }), actors.moderator, 'no_change'],
    ['while in approval', makeReply({ status: 'awaiting_approval' }), actors.moderator, 'illegal_transition'],
    ['as an approver', makeReply(), actors.legal, 'not_permitted'],
  ] as const)('refuses %s', (_label, reply, actor, expected) => {
    expect(codeOf(escalateReply(reply, null, actor, later))).toBe(expected);
  });
});

describe('submitReply', () => {
  it('sends a draft to approval', () => {
    const submitted = submitReply(makeReply({ text: sensitiveText }), actors.moderator, later);
    expect(submitted.ok && submitted.value.status).toBe('awaiting_approval');
  });

  it('starts a fresh round after a rejection', () => {
    const rejected = { ...approvedBy(makeReply(), [actors.medical.id, 0]), status: 'rejected' as const };
    const submitted = submitReply(rejected, actors.moderator, later);
    expect(submitted.ok && [submitted.value.status, submitted.value.approvals]).toEqual(['awaiting_approval', []]);
  });

  it.each([
    ['an empty reply', makeReply({ text: '' }), 'empty_reply'],
    ['a reply with a placeholder', makeReply({ text: 'Ciao {{contact.first_name}}' }), 'unfilled_variables'],
    ['a reply already in approval', makeReply({ status: 'awaiting_approval' }), 'illegal_transition'],
    ['an approved reply', makeReply({ status: 'approved' }), 'illegal_transition'],
    ['a sent reply', makeReply({ status: 'sent' }), 'illegal_transition'],
  ] as const)('refuses %s', (_label, reply, expected) => {
    expect(codeOf(submitReply(reply, actors.moderator, later))).toBe(expected);
  });

  it('refuses an approver', () => {
    expect(codeOf(submitReply(makeReply(), actors.medical, later))).toBe('not_permitted');
  });
});

describe('queueReply, markReplySent, markReplyFailed', () => {
  it('queues a neutral draft, then records the platform answer', () => {
    const queued = queueReply(makeReply(), client, interaction, {}, actors.moderator, later);
    expect(queued.ok && queued.value.status).toBe('queued');
    const sent = queued.ok ? markReplySent(queued.value, SYSTEM_ACTOR, later + 1) : queued;
    expect(sent.ok && [sent.value.status, sent.value.sentAt]).toEqual(['sent', later + 1]);
    const failed = queued.ok ? markReplyFailed(queued.value, SYSTEM_ACTOR, later + 1) : queued;
    expect(failed.ok && [failed.value.status, failed.value.sentAt]).toEqual(['failed', null]);
  });

  it.each([
    ['a sensitive draft', makeReply({ text: sensitiveText }), actors.moderator, 'needs_approval'],
    ['as an approver', makeReply(), actors.legal, 'not_permitted'],
    ['a reply in approval', makeReply({ status: 'awaiting_approval' }), actors.moderator, 'illegal_transition'],
  ] as const)('refuses to queue %s', (_label, reply, actor, expected) => {
    expect(codeOf(queueReply(reply, client, interaction, {}, actor, later))).toBe(expected);
  });

  it.each(['draft', 'sent', 'failed'] as const)('refuses to settle a %s reply', (status) => {
    expect(codeOf(markReplySent(makeReply({ status }), SYSTEM_ACTOR, later))).toBe('illegal_transition');
    expect(codeOf(markReplyFailed(makeReply({ status }), SYSTEM_ACTOR, later))).toBe('illegal_transition');
  });
});

describe('editAndApprove', () => {
  const awaiting = makeReply({ status: 'awaiting_approval', text: sensitiveText });
  const input = (reply: Reply, text: string): EditAndApproveInput => ({
    approvalId: 'a-edit',
    edit: { text },
    comment: null,
    expectedTextHash: currentTextHash(reply),
    signature: SIGNED,
  });

  it('at the first step: signs the corrected text and waits for the next step', () => {
    const result = editAndApprove(
      awaiting,
      client,
      input(awaiting, 'La posologia la indica il medico.'),
      actors.medical,
      later,
    );
    expect(result.ok && result.value).toMatchObject({
      status: 'awaiting_approval',
      version: 2,
      text: 'La posologia la indica il medico.',
    });
    expect(result.ok && result.value.approvals).toHaveLength(1);
    expect(result.ok && result.value.approvals[0]).toMatchObject({
      stepIndex: 0,
      meaning: 'Edited and approved — Medical review',
    });
    expect(result.ok && approvalProgress(result.value, client.approvalChain).currentStep).toBe(1);
  });

  it('at a later step: voids the earlier signatures, which must sign the new text again', () => {
    const afterMedical = approvedBy(awaiting, [actors.medical.id, 0]);
    const atLegal = { ...afterMedical, status: 'awaiting_approval' as const };
    const result = editAndApprove(atLegal, client, input(atLegal, 'Testo corretto dal legale.'), actors.legal, later);
    expect(result.ok && result.value.approvals.map((a) => [a.approverId, a.stepIndex])).toEqual([[actors.legal.id, 1]]);
    expect(result.ok && approvalProgress(result.value, client.approvalChain)).toMatchObject({
      currentStep: 0,
      complete: false,
    });
  });

  it('with a one-step chain: approves at once', () => {
    const single = makeClient({ approvalChain: [{ name: 'Review', approverIds: [actors.medical.id] }] });
    const result = editAndApprove(awaiting, single, input(awaiting, 'Corretto.'), actors.medical, later);
    expect(result.ok && result.value.status).toBe('approved');
  });

  it.each([
    ['by the author', { ...awaiting, authorId: actors.medical.id }, actors.medical, 'Nuovo', null, 'self_approval'],
    ['from an older text', awaiting, actors.medical, 'Nuovo', 'old-hash', 'approval_stale'],
    ['without a change', awaiting, actors.medical, sensitiveText, null, 'no_change'],
    ['to an empty text', awaiting, actors.medical, ' ', null, 'empty_reply'],
    ['by a moderator', awaiting, actors.moderator, 'Nuovo', null, 'not_permitted'],
    ['outside the step group', awaiting, actors.legal, 'Nuovo', null, 'not_in_step_group'],
  ] as const)('refuses %s', (_label, reply, actor, text, hash, expected) => {
    const attempt = { ...input(reply, text), ...(hash === null ? {} : { expectedTextHash: hash }) };
    expect(codeOf(editAndApprove(reply, client, attempt, actor, later))).toBe(expected);
  });
});
