import { describe, expect, it } from 'vitest';
import { compileSensitivity } from '../../../../shared/domain';
import type { SavedReply } from '../../../../shared/domain/entities';
import { makeClient, signedPreApproval } from '../../../../shared/domain/testing';
import { assessReply, type ReplyContext, type ReplyDraftState } from './assess';

const template = 'Ciao {{contact.first_name}}, per segnalare effetti collaterali scrivi a farmacovigilanza.';
/** Signed by makeClient()'s whole chain for public replies. */
const preApproved: SavedReply = {
  id: 'sr-ae',
  clientId: 'c-pharma',
  name: 'Effetti collaterali',
  text: template,
  lang: 'it',
  preApproved: true,
  preApproval: signedPreApproval(template, 'public'),
};

const context = (overrides: Partial<ReplyContext> = {}): ReplyContext => ({
  platform: 'facebook',
  kind: 'comment',
  matcher: compileSensitivity(makeClient().sensitivity),
  interactionText: 'Bel post!',
  interactionFlagged: false,
  savedReplies: [preApproved],
  values: { 'contact.first_name': 'Anna', 'agent.first_name': 'Luca', 'client.name': 'Cardio Pharma' },
  approvalChain: makeClient().approvalChain,
  ...overrides,
});

const draft = (overrides: Partial<ReplyDraftState> = {}): ReplyDraftState => ({
  text: 'Grazie!',
  visibility: 'public',
  savedReplyId: null,
  escalated: false,
  escalationNote: null,
  ...overrides,
});

const rendered = 'Ciao Anna, per segnalare effetti collaterali scrivi a farmacovigilanza.';

describe('assessReply', () => {
  it('lets a plain reply go out without approval', () => {
    const result = assessReply(draft(), context());
    expect(result).toMatchObject({ needsApproval: false, blockers: [], approvalReasons: [], personalData: [] });
  });

  it('needs approval when the interaction or the reply matches the policy, and says which', () => {
    const byInteraction = assessReply(draft(), context({ interactionText: 'Che dose prendo?' }));
    expect(byInteraction.needsApproval).toBe(true);
    expect(byInteraction.approvalReasons).toEqual(['interaction']);
    expect(byInteraction.interactionMatches.map((m) => m.term)).toEqual(['dose']);

    const byReply = assessReply(draft({ text: 'Prendi 20 mg di Cardiolex' }), context());
    expect(byReply.approvalReasons).toEqual(['reply']);
    expect(byReply.replyMatches).toHaveLength(2);
  });

  it('blocks text no server can store: a NUL or half of an emoji', () => {
    expect(assessReply(draft({ text: 'Grazie 😀'.slice(0, -1) }), context()).blockers).toEqual([
      { code: 'invalidText', problem: 'lone_surrogate' },
    ]);
    expect(assessReply(draft({ text: 'a\u0000b' }), context()).blockers).toEqual([
      { code: 'invalidText', problem: 'nul' },
    ]);
    expect(assessReply(draft({ text: 'Grazie 😀' }), context()).blockers).toEqual([]);
  });

  it('needs approval when escalated by hand or when the interaction is flagged', () => {
    expect(assessReply(draft({ escalated: true }), context()).approvalReasons).toEqual(['escalated']);
    expect(assessReply(draft(), context({ interactionFlagged: true })).approvalReasons).toEqual(['flagged']);
  });

  it('needs approval for a reply hiding invisible characters or mixing alphabets, and says why', () => {
    const hidden = assessReply(draft({ text: 'La do\u200Bse giusta' }), context());
    expect(hidden.needsApproval).toBe(true);
    expect(hidden.approvalReasons).toEqual(['reply', 'hidden']);
    expect(hidden.replyMatches.map((m) => 'La do\u200Bse giusta'.slice(m.start, m.end))).toEqual(['do\u200Bse']);
    const cyrillic = assessReply(draft({ text: 'Ne prenda 50 \u043C\u0433' }), context());
    expect(cyrillic.needsApproval).toBe(true);
    expect(cyrillic.approvalReasons).toEqual(['mixedScripts']);
    const emoji = assessReply(draft({ text: 'Grazie! 👍🏽 👨‍👩‍👧 ❤️' }), context());
    expect(emoji).toMatchObject({ needsApproval: false, approvalReasons: [] });
  });

  it('fails closed when the policy has an invalid pattern', () => {
    const policy = {
      topics: [{ id: 't', label: 'T', keywords: [], patterns: ['(unclosed'], lang: null }],
      productNames: [],
    };
    const result = assessReply(draft(), context({ matcher: compileSensitivity(policy) }));
    expect(result.needsApproval).toBe(true);
    expect(result.approvalReasons).toEqual(['invalidPolicy']);
  });

  it('a pre-approved saved reply used unchanged needs no approval, even on a sensitive interaction', () => {
    const result = assessReply(
      draft({ text: rendered, savedReplyId: 'sr-ae' }),
      context({ interactionText: 'Ho avuto effetti collaterali' }),
    );
    expect(result.usedPreApprovedUnchanged).toBe(true);
    expect(result.needsApproval).toBe(false);
  });

  it('an edited pre-approved reply, or one with a variable left unfilled, needs approval again', () => {
    const edited = assessReply(draft({ text: `${rendered} Grazie`, savedReplyId: 'sr-ae' }), context());
    expect(edited.usedPreApprovedUnchanged).toBe(false);
    expect(edited.needsApproval).toBe(true);
    const unfilled = assessReply(
      draft({ text: rendered.replace('Anna', '{{contact.first_name}}'), savedReplyId: 'sr-ae' }),
      context({ values: { 'contact.first_name': null } }),
    );
    expect(unfilled.usedPreApprovedUnchanged).toBe(false);
    expect(unfilled.blockers).toEqual([{ code: 'unfilled', names: ['contact.first_name'] }]);
  });

  it('a pre-approved reply counts only for the visibility the chain signed, and only when signed', () => {
    const sensitive = { interactionText: 'Ho avuto effetti collaterali' };
    const inPrivate = assessReply(
      draft({ text: rendered, savedReplyId: 'sr-ae', visibility: 'private' }),
      context(sensitive),
    );
    expect(inPrivate.usedPreApprovedUnchanged).toBe(false);
    expect(inPrivate.needsApproval).toBe(true);
    // The stored flag without the chain's signatures proves nothing.
    const unsigned = { ...preApproved, preApproval: null };
    const flagOnly = assessReply(
      draft({ text: rendered, savedReplyId: 'sr-ae' }),
      context({ ...sensitive, savedReplies: [unsigned] }),
    );
    expect(flagOnly.usedPreApprovedUnchanged).toBe(false);
    expect(flagOnly.needsApproval).toBe(true);
    // Signed by a chain the client no longer has: not pre-approved either.
    const newChain = [{ name: 'Nuovo', approverIds: ['us-other'] }];
    const stale = assessReply(
      draft({ text: rendered, savedReplyId: 'sr-ae' }),
      context({ ...sensitive, approvalChain: newChain }),
    );
    expect(stale.usedPreApprovedUnchanged).toBe(false);
  });

  it('escalation wins over a pre-approved reply', () => {
    const result = assessReply(draft({ text: rendered, savedReplyId: 'sr-ae', escalated: true }), context());
    expect(result.needsApproval).toBe(true);
  });

  it('blocks an empty reply, unfilled variables and a text over the platform limit', () => {
    expect(assessReply(draft({ text: '   ' }), context()).blockers).toEqual([{ code: 'empty' }]);
    const long = assessReply(draft({ text: 'a'.repeat(285) }), context({ platform: 'x' }));
    expect(long.blockers).toEqual([{ code: 'overLimit', overBy: 5, limit: 280 }]);
    expect(assessReply(draft({ text: 'a'.repeat(280) }), context({ platform: 'x' })).blockers).toEqual([]);
  });

  it('blocks a visibility the platform does not offer', () => {
    const result = assessReply(draft({ visibility: 'private' }), context({ platform: 'google', kind: 'review' }));
    expect(result.blockers).toEqual([{ code: 'visibility' }]);
  });

  it('looks for personal data in public replies only', () => {
    const text = 'Chiamaci al 333 1234567';
    expect(assessReply(draft({ text }), context()).personalData.map((m) => m.kind)).toEqual(['phone']);
    expect(assessReply(draft({ text, visibility: 'private' }), context()).personalData).toEqual([]);
  });
});
