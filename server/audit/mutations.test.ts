import { describe, expect, it } from 'vitest';
import { auditContent } from '../../shared/domain/audit';
import { makeItem, makeReply, T0 } from '../../shared/domain/testing';
import type { MutationAuditInput } from './mutations';
import { auditEventsForMutation, changedFields, rowsByEntity } from './mutations';

const moderator = { id: 'u-mod', name: 'Giulia Conti', role: 'moderator' } as const;
const approver = { id: 'u-medical', name: 'Dott.ssa Elena Marchetti', role: 'approver' } as const;
const at = T0 + 60_000;

const input = (
  overrides: Partial<MutationAuditInput> & Pick<MutationAuditInput, 'name' | 'args'>,
): MutationAuditInput => ({
  actor: moderator,
  at,
  before: {},
  after: {},
  ...overrides,
});

describe('changedFields', () => {
  it('keeps only what changed, on both sides, ignoring updatedAt', () => {
    expect(
      changedFields(
        { status: 'new', labels: ['a'], updatedAt: 1, assigneeId: null },
        { status: 'open', labels: ['a'], updatedAt: 2, assigneeId: 'u' },
      ),
    ).toEqual({ before: { status: 'new', assigneeId: null }, after: { status: 'open', assigneeId: 'u' } });
    expect(changedFields(undefined, { id: 'n-1' })).toEqual({ before: null, after: { id: 'n-1' } });
  });
});

describe('auditEventsForMutation', () => {
  const item = makeItem({ status: 'new' });

  it('records an item transition on its client chain with the fields that changed', () => {
    const claimed = { ...item, status: 'open' as const, assigneeId: moderator.id, updatedAt: at };
    const [event, ...rest] = auditEventsForMutation(
      input({ name: 'item.claim', args: { itemId: item.id }, before: { item }, after: { item: claimed } }),
    );
    expect(rest).toEqual([]);
    expect(event).toEqual({
      at,
      actor: moderator,
      action: 'claim',
      entity: 'item',
      entityId: item.id,
      clientId: item.clientId,
      before: { status: 'new', assigneeId: null },
      after: { status: 'open', assigneeId: moderator.id },
      signature: null,
    });
    expect(auditContent.safeParse(event).success).toBe(true);
  });

  it('names unassigning and hiding with the policy reason', () => {
    const assigned = { ...item, assigneeId: 'u-x' };
    const [unassign] = auditEventsForMutation(
      input({
        name: 'item.assign',
        args: { itemId: item.id, assigneeId: null },
        before: { item: assigned },
        after: { item: { ...assigned, assigneeId: null } },
      }),
    );
    expect(unassign?.action).toBe('unassign');
    const [hide] = auditEventsForMutation(
      input({
        name: 'item.hide',
        args: { itemId: item.id, reason: 'insulti' },
        before: { item },
        after: { item: { ...item, status: 'moderated', closedReason: 'insulti' } },
      }),
    );
    expect(hide).toMatchObject({ action: 'hide', after: { status: 'moderated', closedReason: 'insulti' } });
  });

  it('records a submission with the exact text and the item it moved', () => {
    const draft = makeReply({ status: 'draft', text: 'Ne parli con il suo medico.' });
    const submitted = { ...draft, status: 'awaiting_approval' as const, escalated: true, escalationNote: 'dosaggio' };
    const [event] = auditEventsForMutation(
      input({
        name: 'reply.submit',
        args: { replyId: draft.id, escalated: true, note: 'dosaggio' },
        before: { reply: draft, item: { ...item, status: 'open' } },
        after: { reply: submitted, item: { ...item, status: 'awaiting_approval' } },
      }),
    );
    expect(event).toMatchObject({
      action: 'submit',
      entity: 'reply',
      entityId: draft.id,
      clientId: draft.clientId,
      before: { status: 'draft', escalated: false, escalationNote: null, item: { status: 'open' } },
      after: {
        status: 'awaiting_approval',
        text: 'Ne parli con il suo medico.',
        visibility: 'public',
        version: 1,
        item: { status: 'awaiting_approval' },
      },
    });
  });

  it('records a decision as an e-signature with its meaning', () => {
    const pending = makeReply({ status: 'awaiting_approval', text: 'Testo approvato.' });
    const approval = {
      id: 'ap-1',
      replyId: pending.id,
      stepIndex: 0,
      approverId: approver.id,
      decision: 'approved' as const,
      meaning: 'Approved — Medical review',
      comment: null,
      textHash: 'f'.repeat(64),
      at,
    };
    const [event] = auditEventsForMutation(
      input({
        name: 'approval.decide',
        args: {
          replyId: pending.id,
          approvalId: 'ap-1',
          stepIndex: 0,
          decision: 'approved',
          textHash: 'f'.repeat(64),
          comment: null,
        },
        actor: approver,
        before: { reply: pending },
        after: { reply: { ...pending, approvals: [approval] } },
      }),
    );
    expect(event).toMatchObject({
      action: 'approve',
      entity: 'approval',
      entityId: 'ap-1',
      clientId: pending.clientId,
      after: { text: 'Testo approvato.', approval: { stepIndex: 0, decision: 'approved', textHash: 'f'.repeat(64) } },
      signature: { printedName: approver.name, meaning: 'Approved — Medical review', at },
    });
    expect(auditContent.safeParse(event).success).toBe(true);
  });

  it('puts notes and contact labels on the workspace chain, and records nothing for no change', () => {
    const note = { id: 'n-1', contactId: 'ct-1', authorId: moderator.id, text: 'Cliente storico', createdAt: at };
    const [noted] = auditEventsForMutation(
      input({ name: 'note.add', args: { noteId: 'n-1', contactId: 'ct-1', text: note.text }, after: { note } }),
    );
    expect(noted).toMatchObject({ action: 'note', entity: 'note', clientId: null, before: null, after: note });
    expect(
      auditEventsForMutation(input({ name: 'item.label', args: { itemId: item.id }, before: { item }, after: {} })),
    ).toEqual([]);
  });
});

describe('rowsByEntity', () => {
  it('picks the domain values the outcome writes, by entity', () => {
    const item = makeItem();
    const reply = makeReply();
    expect(
      rowsByEntity([
        { entity: 'item', data: item },
        { entity: 'reply', data: reply },
        { entity: 'interaction', data: {} },
      ]),
    ).toEqual({ item, reply });
  });
});
