import { describe, expect, it } from 'vitest';
import type { Actor, SavedReply } from './entities';
import type { Result } from './errors';
import {
  preApprovedVisibility,
  savedReplyHash,
  signSavedReply,
  submitSavedReplyForPreApproval,
  withSavedReplyText,
} from './preApproval';
import { actors, makeClient, makeSavedReply, SIGNED, T0 } from './testing';

const client = makeClient();
const chain = client.approvalChain;
const submitted = submitSavedReplyForPreApproval(makeSavedReply({ preApproval: null }), 'public', actors.admin, T0);

function codeOf(result: Result<unknown>): string | null {
  return result.ok ? null : result.error.code;
}

const sign = (saved: SavedReply, actor: Actor, stepIndex: number, hash = saved.preApproval?.textHash ?? '') =>
  signSavedReply(
    saved,
    client,
    { stepIndex, expectedTextHash: hash, signature: SIGNED, meaning: 'Pre-approvato — Revisione' },
    actor,
    T0 + 1,
  );

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('pre-approval of a saved reply', () => {
  it('an admin’s submission is not a pre-approval: the client’s whole chain signs it', () => {
    expect(submitted.preApproved).toBe(false);
    expect(preApprovedVisibility(submitted, chain)).toBeNull();
    const medical = value(sign(submitted, actors.medical, 0));
    expect(medical.preApproved).toBe(false);
    const legal = value(sign(medical, actors.legal, 1));
    expect(legal.preApproved).toBe(true);
    expect(preApprovedVisibility(legal, chain)).toBe('public');
    expect(legal.preApproval?.signatures.map((entry) => entry.signature.textHash)).toEqual([
      savedReplyHash(legal, 'public'),
      savedReplyHash(legal, 'public'),
    ]);
  });

  it('counts only for the visibility it was signed for', () => {
    const privately = submitSavedReplyForPreApproval(
      makeSavedReply({ preApproval: null }),
      'private',
      actors.admin,
      T0,
    );
    const signed = value(sign(value(sign(privately, actors.medical, 0)), actors.legal, 1));
    expect(preApprovedVisibility(signed, chain)).toBe('private');
  });

  it('an edit of the text voids it', () => {
    const signed = makeSavedReply();
    expect(preApprovedVisibility(signed, chain)).toBe('public');
    const edited = withSavedReplyText(signed, `${signed.text} Grazie.`);
    expect(edited).toMatchObject({ preApproved: false, preApproval: null });
    // A stored flag with stale signatures proves nothing either.
    expect(preApprovedVisibility({ ...signed, text: `${signed.text} Grazie.` }, chain)).toBeNull();
  });

  it.each([
    ['by its submitter', submitted, { ...actors.adminApprover, id: actors.admin.id }, 0, null, 'self_approval'],
    ['by a moderator', submitted, actors.moderator, 0, null, 'not_permitted'],
    ['by another group', submitted, actors.legal, 0, null, 'not_in_step_group'],
    ['by an approver of another client', submitted, actors.otherApprover, 0, null, 'out_of_scope'],
    ['on a text it was not shown', submitted, actors.medical, 0, 'other-hash', 'approval_stale'],
    ['on a step already signed', submitted, actors.medical, 1, null, 'approval_stale'],
    ['when never submitted', makeSavedReply({ preApproval: null }), actors.medical, 0, null, 'illegal_transition'],
    ['when already pre-approved', makeSavedReply(), actors.medical, 0, null, 'illegal_transition'],
  ] as const)('refuses a signature %s', (_label, saved, actor, stepIndex, hash, expected) => {
    expect(codeOf(sign(saved, actor, stepIndex, hash ?? saved.preApproval?.textHash ?? ''))).toBe(expected);
  });

  it('refuses a signature without the password’s e-signature', () => {
    const unsigned = signSavedReply(
      submitted,
      client,
      { stepIndex: 0, expectedTextHash: submitted.preApproval?.textHash ?? '', signature: null, meaning: 'x' },
      actors.medical,
      T0,
    );
    expect(codeOf(unsigned)).toBe('not_permitted');
  });
});
