import { describe, expect, it } from 'vitest';
import type { Contact, Reply } from '../../shared/domain/entities';
import { currentTextHash } from '../../shared/domain';
import { makeInteraction, makeItem, makeReply, makeSavedReply, T0 } from '../../shared/domain/testing';
import type { MutationArgs, MutationName } from '../../shared/sync/mutations';
import { agentFirstName } from '../../shared/domain';
import { actorOf, applyMutation } from './apply';
import type { Outcome } from './apply';
import type { LoadedRows } from './context';
import type { ParsedMutation } from './mutation';
import { clients, OTHER, people, PHARMA } from '../testing/world';
import { applySignedDecision } from '../approvals/decision';

const now = T0 + 3_600_000;
const [pharma, other] = clients;
if (pharma === undefined || other === undefined) throw new Error('world clients missing');

function mutation<N extends MutationName>(name: N, args: MutationArgs<N>): ParsedMutation {
  return { name, args } as ParsedMutation;
}

function rows(partial: Partial<LoadedRows>): LoadedRows {
  return { users: new Map(Object.values(people).map((person) => [person.id, person])), ...partial };
}

const pharmaItem = makeItem({
  id: 'it-p',
  clientId: PHARMA,
  interactionId: 'ix-p',
  status: 'open',
  assigneeId: people.moderator.id,
});
const otherItem = makeItem({ id: 'it-o', clientId: OTHER, interactionId: 'ix-o' });
const sideEffects = makeInteraction({ id: 'ix-p', clientId: PHARMA, text: 'Che effetti collaterali ha?' });
const refusal = (outcome: Outcome) => (outcome.ok ? null : outcome.refusal.code);

describe('applyMutation', () => {
  it('answers not_found for an item of a client the actor does not see, whatever the role rules say', () => {
    const outcome = applyMutation(
      mutation('item.claim', { itemId: 'it-o' }),
      actorOf(people.pharmaModerator),
      rows({ item: otherItem, client: other }),
      now,
    );
    expect(outcome).toEqual({ ok: false, refusal: { code: 'not_found', message: 'no such item' } });
  });

  it('refuses approvers any item change (not_permitted), scoped to their own client', () => {
    const outcome = applyMutation(
      mutation('item.claim', { itemId: 'it-p' }),
      actorOf(people.medical),
      rows({ item: pharmaItem, client: pharma }),
      now,
    );
    expect(refusal(outcome)).toBe('not_permitted');
  });

  it('assigns only to someone who works on the item client', () => {
    const context = rows({ item: otherItem, client: other });
    const toPharmaOnly = applyMutation(
      mutation('item.assign', { itemId: 'it-o', assigneeId: people.pharmaModerator.id }),
      actorOf(people.lead),
      context,
      now,
    );
    const toNobody = applyMutation(
      mutation('item.assign', { itemId: 'it-o', assigneeId: 'u-ghost' }),
      actorOf(people.lead),
      context,
      now,
    );
    const toModerator = applyMutation(
      mutation('item.assign', { itemId: 'it-o', assigneeId: people.moderator.id }),
      actorOf(people.lead),
      context,
      now,
    );
    expect(refusal(toPharmaOnly)).toBe('invalid_argument');
    expect(refusal(toNobody)).toBe('invalid_argument');
    expect(toModerator.ok && toModerator.rows[0]?.data).toMatchObject({
      assigneeId: people.moderator.id,
      status: 'open',
    });
  });

  it('queues a non-sensitive reply in the outbox for its exact version and text', () => {
    const reply = makeReply({ id: 'r-1', itemId: 'it-o', clientId: OTHER, authorId: people.moderator.id, version: 3 });
    const interaction = makeInteraction({ id: 'ix-o', clientId: OTHER });
    const outcome = applyMutation(
      mutation('reply.send', { replyId: 'r-1', seenUpTo: null }),
      actorOf(people.moderator),
      rows({ item: { ...otherItem, status: 'open' }, reply, client: other, interaction }),
      now,
    );
    expect(outcome.ok && outcome.outbox).toEqual([
      { replyId: 'r-1', replyVersion: 3, textHash: currentTextHash(reply), clientId: OTHER },
    ]);
    expect(
      outcome.ok && outcome.rows.map((found) => [found.entity, (found.data as { status: string }).status]),
    ).toEqual([
      ['item', 'answered'],
      ['reply', 'queued'],
    ]);
  });

  it('refuses to send a sensitive reply without a complete chain for its text, and queues nothing', () => {
    const reply = makeReply({ id: 'r-2', itemId: 'it-p', clientId: PHARMA, authorId: people.moderator.id });
    const context = rows({ item: pharmaItem, reply, client: pharma, interaction: sideEffects });
    const outcome = applyMutation(
      mutation('reply.send', { replyId: 'r-2', seenUpTo: null }),
      actorOf(people.admin),
      context,
      now,
    );
    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'needs_approval' } });
  });

  it('sends a sensitive reply once both steps signed its exact text, as the approvers decided it', () => {
    let reply: Reply = makeReply({ id: 'r-3', itemId: 'it-p', clientId: PHARMA, authorId: people.moderator.id });
    let item = pharmaItem;
    const step = (
      actor: (typeof people)[keyof typeof people],
      name: MutationName,
      args: MutationArgs<MutationName>,
    ) => {
      const outcome = applyMutation(
        { name, args } as ParsedMutation,
        actorOf(actor),
        rows({ item, reply, client: pharma, interaction: sideEffects }),
        now,
      );
      if (!outcome.ok) throw new Error(`${name}: ${outcome.refusal.code}`);
      for (const found of outcome.rows) {
        if (found.entity === 'item') item = found.data as typeof item;
        if (found.entity === 'reply') reply = found.data as Reply;
      }
      return outcome;
    };
    step(people.moderator, 'reply.submit', { replyId: 'r-3', escalated: false, note: null });
    const decision = (approvalId: string, stepIndex: number) => ({
      replyId: 'r-3',
      approvalId,
      stepIndex,
      decision: 'approved' as const,
      textHash: currentTextHash(reply),
      comment: null,
    });
    // The legal reviewer cannot sign step 1 (the medical one), nor pretend it is step 2 yet.
    const early = applyMutation(
      mutation('approval.decide', decision('a-0', 1)),
      actorOf(people.legal),
      rows({ item, reply, client: pharma, interaction: sideEffects }),
      now,
    );
    expect(refusal(early)).toBe('approval_stale');
    // Pushed from an outbox, a decision carries no e-signature: refused. Signed online, it counts.
    const unsigned = applyMutation(
      mutation('approval.decide', decision('a-1', 0)),
      actorOf(people.medical),
      rows({ item, reply, client: pharma, interaction: sideEffects }),
      now,
    );
    expect(refusal(unsigned)).toBe('not_permitted');
    const sign = (actor: typeof people.medical | typeof people.legal, stepIndex: number) => {
      const { approvalId, ...request } = decision(`a-${stepIndex + 1}`, stepIndex);
      const signed = applySignedDecision(
        { request, approvalId, meaning: 'Approvato', lang: 'it' },
        actorOf(actor),
        actor,
        rows({ item, reply, client: pharma, interaction: sideEffects }),
        now,
      );
      if (!signed.ok) throw new Error(signed.refusal.code);
      for (const found of signed.rows) {
        if (found.entity === 'item') item = found.data as typeof item;
        if (found.entity === 'reply') reply = found.data as Reply;
      }
    };
    sign(people.medical, 0);
    sign(people.legal, 1);
    expect(item.status).toBe('approved');
    const sent = step(people.moderator, 'reply.send', { replyId: 'r-3', seenUpTo: null });
    expect(sent.ok && sent.outbox.length).toBe(1);
  });

  it('treats a pre-approved saved reply used unchanged as sendable, and an edited one as sensitive', () => {
    const saved = makeSavedReply({ id: 'sr-pharma', clientId: PHARMA });
    const contact: Contact = {
      id: 'ct-1',
      displayName: 'Anna Rossi',
      firstName: 'Anna',
      handles: [],
      labels: [],
      firstSeenAt: T0,
    };
    const text = `Ciao Anna, per segnalare effetti collaterali chiama il numero verde. ${agentFirstName(people.moderator.name)}`;
    const base = makeReply({
      id: 'r-4',
      itemId: 'it-p',
      clientId: PHARMA,
      authorId: people.moderator.id,
      savedReplyId: 'sr-pharma',
      text,
    });
    const context = (reply: Reply) =>
      rows({ item: pharmaItem, reply, client: pharma, interaction: sideEffects, savedReply: saved, contact });
    const send = mutation('reply.send', { replyId: 'r-4', seenUpTo: null });
    expect(applyMutation(send, actorOf(people.moderator), context(base), now).ok).toBe(true);
    const edited = { ...base, text: `${text} Prendi 20 mg.` };
    expect(refusal(applyMutation(send, actorOf(people.moderator), context(edited), now))).toBe('needs_approval');
  });

  it('scopes a note to the clients both its contact and its author are in', () => {
    const contact: Contact = {
      id: 'ct-both',
      displayName: 'Anna',
      firstName: 'Anna',
      handles: [],
      labels: [],
      firstSeenAt: T0,
    };
    const context = rows({ contact, contactScopes: [OTHER, PHARMA] });
    const note = applyMutation(
      mutation('note.add', { noteId: 'n-1', contactId: 'ct-both', text: 'ok' }),
      actorOf(people.pharmaModerator),
      context,
      now,
    );
    expect(note.ok && note.rows[0]).toMatchObject({
      entity: 'note',
      scopes: [PHARMA],
      data: { authorId: people.pharmaModerator.id, createdAt: now },
    });
    const byApprover = applyMutation(
      mutation('note.add', { noteId: 'n-2', contactId: 'ct-both', text: 'ok' }),
      actorOf(people.medical),
      context,
      now,
    );
    expect(refusal(byApprover)).toBe('not_permitted');
    const unseen = applyMutation(
      mutation('contact.tag', { contactId: 'ct-both', label: 'vip', op: 'add' }),
      actorOf(people.pharmaModerator),
      rows({ contact, contactScopes: [OTHER] }),
      now,
    );
    expect(refusal(unseen)).toBe('not_found');
  });

  it('finds the first name behind Italian titles', () => {
    expect(agentFirstName('Dott.ssa Elena Marchetti')).toBe('Elena');
    expect(agentFirstName('Giulia Conti')).toBe('Giulia');
  });
});
