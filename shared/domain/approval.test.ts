import { describe, expect, it } from 'vitest';
import type { Actor, Approval, Reply } from './entities';
import { approval as approvalSchema } from './entities';
import {
  approvalProgress,
  canDispatch,
  checkDispatch,
  currentTextHash,
  decideApproval,
  isChainComplete,
  usesPreApprovedUnchanged,
} from './approval';
import type { ApprovalDecisionInput } from './approval';
import {
  SIGNED,
  T0,
  actors,
  makeClient,
  makeInteraction,
  makeReply,
  makeSavedReply,
  signedPreApproval,
} from './testing';

const client = makeClient();
const chain = client.approvalChain;
const neutral = makeInteraction();
const sensitiveText = 'La dose di Cardiolex è di 50 mg.';
const awaiting = makeReply({ status: 'awaiting_approval', text: sensitiveText });

function signature(reply: Reply, actor: Actor, stepIndex: number, overrides: Partial<Approval> = {}): Approval {
  return {
    id: `a-${actor.id}-${stepIndex}`,
    replyId: reply.id,
    stepIndex,
    approverId: actor.id,
    decision: 'approved',
    meaning: 'Approved',
    comment: null,
    textHash: currentTextHash(reply),
    at: T0,
    ...overrides,
  };
}

function approve(reply: Reply, actor: Actor, overrides: Partial<ApprovalDecisionInput> = {}) {
  const input: ApprovalDecisionInput = {
    approvalId: `a-${reply.approvals.length}`,
    decision: 'approved',
    comment: null,
    expectedTextHash: currentTextHash(reply),
    signature: SIGNED,
    ...overrides,
  };
  return decideApproval(reply, client, input, actor, T0 + 1000);
}

function codeOf(result: { ok: true } | { ok: false; error: { code: string } }): string {
  return result.ok ? 'ok' : result.error.code;
}

describe('approvalProgress', () => {
  it('walks the steps in order', () => {
    expect(approvalProgress(awaiting, chain)).toMatchObject({ completedSteps: 0, currentStep: 0, complete: false });
    const one = { ...awaiting, approvals: [signature(awaiting, actors.medical, 0)] };
    expect(approvalProgress(one, chain)).toMatchObject({ completedSteps: 1, currentStep: 1, complete: false });
    const two = { ...one, approvals: [...one.approvals, signature(awaiting, actors.legal, 1)] };
    expect(approvalProgress(two, chain)).toEqual({
      completedSteps: 2,
      currentStep: null,
      complete: true,
      signers: [actors.medical.id, actors.legal.id],
    });
  });

  const byAuthor = { ...awaiting, authorId: actors.medical.id };
  it.each([
    ['for another text', awaiting, signature(awaiting, actors.medical, 0, { textHash: 'f'.repeat(64) })],
    ['by someone outside the step group', awaiting, signature(awaiting, actors.legal, 0)],
    ['by the author', byAuthor, signature(byAuthor, actors.medical, 0)],
    ['that is a rejection', awaiting, signature(awaiting, actors.medical, 0, { decision: 'rejected' })],
    ['for a step the chain does not have', awaiting, signature(awaiting, actors.medical, 2)],
  ])('does not count a signature %s', (_label, reply, approval) => {
    expect(approvalProgress({ ...reply, approvals: [approval] }, chain).completedSteps).toBe(0);
  });

  it('does not let one person complete two steps', () => {
    const both = {
      ...awaiting,
      approvals: [signature(awaiting, actors.adminApprover, 0), signature(awaiting, actors.adminApprover, 1)],
    };
    expect(approvalProgress(both, chain)).toMatchObject({ completedSteps: 1, complete: false });
  });

  it('does not count a later step signed before an earlier one as progress', () => {
    const later = { ...awaiting, approvals: [signature(awaiting, actors.legal, 1)] };
    expect(approvalProgress(later, chain)).toMatchObject({ completedSteps: 0, currentStep: 0 });
  });

  it('never calls an empty chain complete', () => {
    expect(isChainComplete(awaiting, [])).toBe(false);
  });
});

describe('decideApproval', () => {
  it('records the step, the meaning and the hash, and approves when the last step signs', () => {
    const first = approve(awaiting, actors.medical);
    expect(first.ok && first.value.status).toBe('awaiting_approval');
    expect(first.ok && first.value.approvals[0]).toMatchObject({
      stepIndex: 0,
      approverId: actors.medical.id,
      meaning: 'Approved — Medical review',
      textHash: currentTextHash(awaiting),
      at: T0 + 1000,
    });
    const second = first.ok ? approve(first.value, actors.legal) : first;
    expect(second.ok && second.value.status).toBe('approved');
  });

  it('sends a rejection back with its reason', () => {
    const rejected = approve(awaiting, actors.medical, { decision: 'rejected', comment: '  Manca il foglietto  ' });
    expect(rejected.ok && rejected.value.status).toBe('rejected');
    expect(rejected.ok && rejected.value.approvals[0]).toMatchObject({
      decision: 'rejected',
      comment: 'Manca il foglietto',
      meaning: 'Rejected — Medical review',
    });
  });

  const afterStep0 = { ...awaiting, approvals: [signature(awaiting, actors.adminApprover, 0)] };
  it.each([
    ['the author', { ...awaiting, authorId: actors.medical.id }, actors.medical, {}, 'self_approval'],
    [
      'the author, as admin approver',
      { ...awaiting, authorId: actors.adminApprover.id },
      actors.adminApprover,
      {},
      'self_approval',
    ],
    ['someone outside the current step group', awaiting, actors.legal, {}, 'not_in_step_group'],
    ['a step-1 approver once step 1 passed', afterStep0, actors.medical, {}, 'not_in_step_group'],
    ['the same person for the next step', afterStep0, actors.adminApprover, {}, 'already_signed'],
    ['an approver of another client', awaiting, actors.otherApprover, {}, 'out_of_scope'],
    ['a moderator', awaiting, actors.moderator, {}, 'not_permitted'],
    ['a lead', awaiting, actors.lead, {}, 'not_permitted'],
    ['an admin who is not an approver', awaiting, actors.admin, {}, 'not_permitted'],
    ['anyone, on a draft', { ...awaiting, status: 'draft' as const }, actors.medical, {}, 'illegal_transition'],
    [
      'anyone, on an approved reply',
      { ...awaiting, status: 'approved' as const },
      actors.medical,
      {},
      'illegal_transition',
    ],
    ['someone shown an older text', awaiting, actors.medical, { expectedTextHash: 'old' }, 'approval_stale'],
    [
      'a decision without an e-signature (pushed from an outbox)',
      awaiting,
      actors.medical,
      { signature: null },
      'not_permitted',
    ],
    [
      'a signature without a printed name',
      awaiting,
      actors.medical,
      { signature: { ...SIGNED, printedName: '  ' } },
      'invalid_argument',
    ],
    [
      'a rejection without reason',
      awaiting,
      actors.medical,
      { decision: 'rejected' as const, comment: ' ' },
      'reason_required',
    ],
  ] as const)('refuses %s', (_label, reply, actor, overrides, expected) => {
    expect(codeOf(approve(reply, actor, overrides))).toBe(expected);
  });

  it('records the e-signature: printed name, time, meaning as given in the signer’s language, hash signed', () => {
    const given = {
      printedName: 'Dott.ssa Elena Marchetti',
      meaning: 'Approvato — Revisione medica',
      lang: 'it',
    } as const;
    const result = approve(awaiting, actors.medical, { signature: { ...SIGNED, ...given } });
    expect(result.ok && result.value.approvals[0]).toMatchObject({
      meaning: 'Approvato — Revisione medica',
      signature: {
        printedName: 'Dott.ssa Elena Marchetti',
        signedAt: T0 + 1000,
        meaning: 'Approvato — Revisione medica',
        lang: 'it',
        textHash: currentTextHash(awaiting),
        method: 'password',
      },
    });
  });

  it('stores the signature in the approval schema, and still reads rows written before it', () => {
    const result = approve(awaiting, actors.medical);
    const signed = result.ok ? result.value.approvals[0] : undefined;
    expect(approvalSchema.parse(signed)).toEqual(signed);
    const legacy = signature(awaiting, actors.medical, 0);
    expect(approvalSchema.parse(legacy).signature).toBeUndefined();
    expect(approvalSchema.parse({ ...legacy, signature: null }).signature).toBeNull();
  });

  it('keeps counting decisions recorded before signatures existed', () => {
    const legacy = {
      ...awaiting,
      approvals: [signature(awaiting, actors.medical, 0), signature(awaiting, actors.legal, 1)],
    };
    expect(isChainComplete(legacy, chain)).toBe(true);
  });

  it('refuses a reply of another client', () => {
    const result = decideApproval(
      { ...awaiting, clientId: 'c-other' },
      client,
      { approvalId: 'a', decision: 'approved', comment: null, expectedTextHash: currentTextHash(awaiting) },
      actors.medical,
      T0,
    );
    expect(codeOf(result)).toBe('invalid_argument');
  });
});

describe('canDispatch / checkDispatch', () => {
  const check = (reply: Reply, interaction = neutral, options = {}) =>
    codeOf(checkDispatch(reply, client, interaction, options));
  const approvedSensitive = {
    ...awaiting,
    status: 'approved' as const,
    approvals: [signature(awaiting, actors.medical, 0), signature(awaiting, actors.legal, 1)],
  };

  it.each([
    ['a neutral draft', makeReply(), neutral, 'ok'],
    ['a neutral failed reply (retry)', makeReply({ status: 'failed' }), neutral, 'ok'],
    ['a sensitive draft', makeReply({ text: sensitiveText }), neutral, 'needs_approval'],
    [
      'a neutral draft to a sensitive interaction',
      makeReply(),
      makeInteraction({ text: 'Che dose di Cardiolex?' }),
      'needs_approval',
    ],
    [
      'a neutral draft to an adverse event',
      makeReply(),
      makeInteraction({ flags: { sensitive: false, adverseEvent: true, spam: false, profanity: false } }),
      'needs_approval',
    ],
    ['an escalated neutral draft', makeReply({ escalated: true }), neutral, 'needs_approval'],
    ['a sensitive reply with a complete chain', approvedSensitive, neutral, 'ok'],
    [
      'a sensitive reply signed by one step only',
      { ...approvedSensitive, approvals: approvedSensitive.approvals.slice(0, 1) },
      neutral,
      'needs_approval',
    ],
    [
      'a sensitive reply edited after approval',
      { ...approvedSensitive, text: `${sensitiveText} ` },
      neutral,
      'approval_stale',
    ],
    [
      'a sensitive reply whose visibility changed after approval',
      { ...approvedSensitive, visibility: 'private' as const },
      neutral,
      'approval_stale',
    ],
    ['a neutral reply awaiting approval', makeReply({ status: 'awaiting_approval' }), neutral, 'illegal_transition'],
    ['a rejected reply', makeReply({ status: 'rejected' }), neutral, 'illegal_transition'],
    ['a queued reply', makeReply({ status: 'queued' }), neutral, 'illegal_transition'],
    ['a sent reply', makeReply({ status: 'sent' }), neutral, 'illegal_transition'],
    ['an empty reply', makeReply({ text: '  ' }), neutral, 'empty_reply'],
    ['a reply with a placeholder', makeReply({ text: 'Ciao {{ contact.first_name }}' }), neutral, 'unfilled_variables'],
    ['a reply of another client', makeReply({ clientId: 'c-other' }), neutral, 'invalid_argument'],
  ] as const)('%s', (_label, reply, interaction, expected) => {
    expect(check(reply, interaction)).toBe(expected);
    expect(canDispatch(reply, client, interaction)).toBe(expected === 'ok');
  });

  describe('pre-approved saved replies', () => {
    const savedReply = makeSavedReply();
    const values = { 'contact.first_name': 'Maria', 'agent.first_name': 'Luca' };
    const rendered = 'Ciao Maria, per segnalare effetti collaterali chiama il numero verde. Luca';
    const fromSaved = makeReply({ text: rendered, savedReplyId: savedReply.id });
    const adverse = makeInteraction({
      text: 'Ho avuto effetti collaterali con Cardiolex',
      flags: { sensitive: true, adverseEvent: true, spam: false, profanity: false },
    });
    const use = { savedReply, values };
    const signed = savedReply.preApproval ?? signedPreApproval(savedReply.text, 'public');

    it('used unchanged, needs no approval even on a sensitive interaction', () => {
      expect(usesPreApprovedUnchanged(fromSaved, use, client.approvalChain)).toBe(true);
      expect(check(fromSaved, adverse, { preApproved: use })).toBe('ok');
    });

    it('still needs approval when escalated by hand', () => {
      expect(check({ ...fromSaved, escalated: true }, adverse, { preApproved: use })).toBe('needs_approval');
    });

    it('is matched in NFC, so a decomposed accent is still "unchanged"', () => {
      const accented = makeSavedReply({ text: 'Perché non ci scrivi in privato?' });
      const reply = makeReply({ text: 'Perche\u0301 non ci scrivi in privato?', savedReplyId: accented.id });
      expect(usesPreApprovedUnchanged(reply, { savedReply: accented, values: {} }, client.approvalChain)).toBe(true);
    });

    it.each([
      ['edited by one character', { ...fromSaved, text: `${rendered}!` }, use],
      ['rendered with other values', fromSaved, { savedReply, values: { ...values, 'contact.first_name': 'Anna' } }],
      [
        'with an unfilled variable',
        makeReply({ text: savedReply.text, savedReplyId: savedReply.id }),
        { savedReply, values: {} },
      ],
      ['never signed', fromSaved, { savedReply: { ...savedReply, preApproval: null }, values }],
      // An admin's flag is not the client's decision: without the chain's signatures it counts for nothing.
      [
        'only flagged pre-approved',
        fromSaved,
        { savedReply: { ...savedReply, preApproved: true, preApproval: null }, values },
      ],
      ['sent in private when signed for public', { ...fromSaved, visibility: 'private' as const }, use],
      [
        'signed by the first step only',
        fromSaved,
        {
          savedReply: { ...savedReply, preApproval: { ...signed, signatures: signed.signatures.slice(0, 1) } },
          values,
        },
      ],
      [
        'signed by its submitter',
        fromSaved,
        { savedReply: { ...savedReply, preApproval: { ...signed, submittedBy: actors.medical.id } }, values },
      ],
      [
        'its text changed after signing',
        makeReply({ text: 'Ciao Maria, chiama il numero verde. Luca', savedReplyId: savedReply.id }),
        {
          savedReply: {
            ...savedReply,
            text: 'Ciao {{contact.first_name}}, chiama il numero verde. {{agent.first_name}}',
          },
          values,
        },
      ],
      ['of another saved reply', { ...fromSaved, savedReplyId: 'sr-2' }, use],
      ['of another client', fromSaved, { savedReply: { ...savedReply, clientId: 'c-other' }, values }],
      ['not given', fromSaved, null],
    ])('needs approval again when %s', (_label, reply, preApproved) => {
      expect(usesPreApprovedUnchanged(reply, preApproved, client.approvalChain)).toBe(false);
      expect(canDispatch(reply, client, adverse, { preApproved })).toBe(false);
    });
  });
});
