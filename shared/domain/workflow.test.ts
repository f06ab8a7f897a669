import { describe, expect, it } from 'vitest';
import type { Actor, Item, Reply } from './entities';
import type { Result } from './errors';
import { canDispatch, currentTextHash } from './approval';
import { transitionItem } from './lifecycle';
import { SYSTEM_ACTOR } from './permissions';
import { draftReply, queueReply } from './reply';
import {
  decide,
  editAndApproveCommand,
  recordDispatchFailed,
  recordDispatched,
  reviseReply,
  sendReply,
  submitForApproval,
} from './workflow';
import type { ItemAndReply } from './workflow';
import { MINUTE, SIGNED, T0, actors, makeClient, makeInteraction, makeItem } from './testing';

const client = makeClient();
const interaction = makeInteraction({ text: 'Che dose di Cardiolex devo prendere?' });
const sensitiveText = 'La posologia di Cardiolex la stabilisce il medico.';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function codeOf(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

function approveAs(state: ItemAndReply, actor: Actor, at: number): Result<ItemAndReply> {
  return decide(
    { ...state, client },
    {
      approvalId: `a-${actor.id}-${at}`,
      decision: 'approved',
      comment: null,
      expectedTextHash: currentTextHash(state.reply),
      signature: SIGNED,
    },
    actor,
    at,
  );
}

/** An open item claimed by the moderator, with a draft answering a dosage question. */
function sensitiveDraft(): ItemAndReply {
  const item = value(transitionItem(makeItem(), { type: 'claim' }, actors.moderator, T0, client));
  const reply = value(
    draftReply(
      { id: 'r-1', item, text: sensitiveText, visibility: 'public', savedReplyId: null },
      actors.moderator,
      T0,
    ),
  );
  return { item, reply };
}

function approvedState(): ItemAndReply {
  const submitted = value(submitForApproval({ ...sensitiveDraft(), client }, actors.moderator, T0 + MINUTE));
  const medical = value(approveAs(submitted, actors.medical, T0 + 2 * MINUTE));
  return value(approveAs(medical, actors.legal, T0 + 3 * MINUTE));
}

describe('a sensitive reply, end to end', () => {
  it('cannot be sent before approval, is approved step by step, then sent and recorded', () => {
    const draft = sensitiveDraft();
    expect(codeOf(sendReply({ ...draft, client, interaction }, actors.moderator, T0))).toBe('needs_approval');

    const submitted = value(submitForApproval({ ...draft, client }, actors.moderator, T0 + MINUTE));
    expect([submitted.item.status, submitted.reply.status]).toEqual(['awaiting_approval', 'awaiting_approval']);

    const medical = value(approveAs(submitted, actors.medical, T0 + 2 * MINUTE));
    expect([medical.item.status, medical.reply.status]).toEqual(['awaiting_approval', 'awaiting_approval']);
    expect(codeOf(sendReply({ ...medical, client, interaction }, actors.moderator, T0))).toBe('illegal_transition');

    const legal = value(approveAs(medical, actors.legal, T0 + 3 * MINUTE));
    expect([legal.item.status, legal.reply.status]).toEqual(['approved', 'approved']);

    const sent = value(sendReply({ ...legal, client, interaction }, actors.moderator, T0 + 4 * MINUTE));
    expect([sent.item.status, sent.reply.status]).toEqual(['answered', 'queued']);

    const recorded = value(recordDispatched({ ...sent, client, interaction }, SYSTEM_ACTOR, T0 + 5 * MINUTE));
    expect([recorded.item.status, recorded.reply.status, recorded.reply.sentAt]).toEqual([
      'answered',
      'sent',
      T0 + 5 * MINUTE,
    ]);
  });

  it('a rejection reopens the item with the reply carrying the reason', () => {
    const submitted = value(submitForApproval({ ...sensitiveDraft(), client }, actors.moderator, T0 + MINUTE));
    const rejected = value(
      decide(
        { ...submitted, client },
        {
          approvalId: 'a-r',
          decision: 'rejected',
          comment: 'Non dare indicazioni di dosaggio',
          expectedTextHash: currentTextHash(submitted.reply),
          signature: SIGNED,
        },
        actors.medical,
        T0 + 2 * MINUTE,
      ),
    );
    expect([rejected.item.status, rejected.reply.status, rejected.reply.approvals[0]?.comment]).toEqual([
      'open',
      'rejected',
      'Non dare indicazioni di dosaggio',
    ]);
    const revised = value(
      reviseReply({ ...rejected, client }, { text: 'Ti scriviamo in privato.' }, actors.moderator, T0 + 3 * MINUTE),
    );
    expect([revised.item.status, revised.reply.status, revised.reply.version]).toEqual(['open', 'draft', 2]);
  });

  it('an edit after approval withdraws it: the item reopens and nothing can be sent', () => {
    const approved = approvedState();
    const revised = value(
      reviseReply({ ...approved, client }, { text: `${sensitiveText} Grazie!` }, actors.moderator, T0 + 4 * MINUTE),
    );
    expect([revised.item.status, revised.reply.status, revised.reply.approvals]).toEqual(['open', 'draft', []]);
    expect(canDispatch(revised.reply, client, interaction)).toBe(false);
    expect(codeOf(sendReply({ ...revised, client, interaction }, actors.moderator, T0 + 5 * MINUTE))).toBe(
      'needs_approval',
    );
  });

  it('edit-and-approve at the last step sends the chain back to its first step', () => {
    const submitted = value(submitForApproval({ ...sensitiveDraft(), client }, actors.moderator, T0 + MINUTE));
    const medical = value(approveAs(submitted, actors.medical, T0 + 2 * MINUTE));
    const edited = value(
      editAndApproveCommand(
        { ...medical, client },
        {
          approvalId: 'a-e',
          edit: { text: 'Ne parli con il suo medico.' },
          comment: null,
          expectedTextHash: currentTextHash(medical.reply),
          signature: SIGNED,
        },
        actors.legal,
        T0 + 3 * MINUTE,
      ),
    );
    expect([edited.item.status, edited.reply.status]).toEqual(['awaiting_approval', 'awaiting_approval']);
    const again = value(approveAs(edited, actors.medical2, T0 + 4 * MINUTE));
    expect([again.item.status, again.reply.status]).toEqual(['approved', 'approved']);
  });

  it('a failed send reopens an answered item and the approved reply can be sent again', () => {
    const sent = value(sendReply({ ...approvedState(), client, interaction }, actors.moderator, T0 + 4 * MINUTE));
    const failed = value(recordDispatchFailed({ ...sent, client }, SYSTEM_ACTOR, T0 + 5 * MINUTE));
    expect([failed.item.status, failed.reply.status]).toEqual(['open', 'failed']);
    const retried = value(sendReply({ ...failed, client, interaction }, actors.moderator, T0 + 6 * MINUTE));
    expect([retried.item.status, retried.reply.status]).toEqual(['answered', 'queued']);
  });

  it('an approved reply can go out without a manual send: the sender records it from approved', () => {
    const approved = approvedState();
    const queued = value(queueReply(approved.reply, client, interaction, {}, SYSTEM_ACTOR, T0 + 4 * MINUTE));
    const recorded = value(
      recordDispatched({ item: approved.item, reply: queued, client, interaction }, SYSTEM_ACTOR, T0 + 5 * MINUTE),
    );
    expect([recorded.item.status, recorded.reply.status]).toEqual(['answered', 'sent']);
    const failed = value(
      recordDispatchFailed({ item: approved.item, reply: queued, client }, SYSTEM_ACTOR, T0 + 5 * MINUTE),
    );
    expect([failed.item.status, failed.reply.status]).toEqual(['approved', 'failed']);
  });
});

describe('a neutral reply', () => {
  it('is sent without approval', () => {
    const item = value(transitionItem(makeItem(), { type: 'claim' }, actors.moderator, T0, client));
    const reply = value(
      draftReply({ id: 'r-1', item, text: 'Grazie!', visibility: 'public', savedReplyId: null }, actors.moderator, T0),
    );
    const sent = value(
      sendReply({ item, reply, client, interaction: makeInteraction() }, actors.moderator, T0 + MINUTE),
    );
    expect([sent.item.status, sent.reply.status]).toEqual(['answered', 'queued']);
  });
});

describe('commands refuse mismatched context', () => {
  it('a reply of another item', () => {
    const { item, reply } = sensitiveDraft();
    const other: Reply = { ...reply, itemId: 'it-other' };
    expect(codeOf(submitForApproval({ item, reply: other, client }, actors.moderator, T0))).toBe('invalid_argument');
    expect(codeOf(reviseReply({ item, reply: other, client }, { text: 'x' }, actors.moderator, T0))).toBe(
      'invalid_argument',
    );
  });

  it('editing a second draft does not withdraw the reply in approval', () => {
    const submitted = value(submitForApproval({ ...sensitiveDraft(), client }, actors.moderator, T0 + MINUTE));
    const second: Reply = { ...submitted.reply, id: 'r-2', status: 'draft', approvals: [] };
    const revised = value(
      reviseReply({ item: submitted.item, reply: second, client }, { text: 'Altro' }, actors.moderator, T0),
    );
    expect(revised.item.status).toBe('awaiting_approval');
  });

  it('an item of another client', () => {
    const item: Item = { ...sensitiveDraft().item, clientId: 'c-other' };
    expect(codeOf(submitForApproval({ item, reply: sensitiveDraft().reply, client }, actors.moderator, T0))).toBe(
      'invalid_argument',
    );
  });
});
