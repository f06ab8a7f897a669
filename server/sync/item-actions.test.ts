/**
 * The server's half of the item action table (shared/domain/itemActions.ts): every entry's
 * mutation applies through the one generic path, loads what the table names, and is audited
 * under the act's own name.
 */
import { describe, expect, it } from 'vitest';
import { itemStatuses } from '../../shared/domain/entities';
import { mutationOfRequest } from '../../shared/domain';
import { allItemActionExamples, makeItem, T0 } from '../../shared/domain/testing';
import { auditEventsForMutation, rowsByEntity } from '../audit/mutations';
import { clients, people, PHARMA } from '../testing/world';
import { actorOf, applyMutation } from './apply';
import { loadPlanOf, parseMutation } from './mutation';

const now = T0 + 3_600_000;
const pharma = clients.find((client) => client.id === PHARMA);
if (pharma === undefined) throw new Error('world client missing');
const examples = allItemActionExamples({
  assignees: [people.moderator.id, people.lead.id],
  policyReason: 'spam',
  until: now + 3_600_000,
  labels: ['urgente'],
});
const users = new Map(Object.values(people).map((person) => [person.id, person]));

describe.each(examples.map((request) => [JSON.stringify(request), request] as const))('%s', (_name, request) => {
  const item = (status: (typeof itemStatuses)[number], assigneeId: string | null) =>
    makeItem({
      id: 'it-p',
      clientId: PHARMA,
      status,
      assigneeId,
      labels: request.type === 'label' && request.op === 'remove' ? [request.label] : [],
      snoozedUntil: status === 'snoozed' ? now + 60_000 : null,
    });
  const sent = mutationOfRequest('it-p', request);
  const parsed = parseMutation(sent.name, JSON.parse(JSON.stringify(sent.args)));
  if (!parsed.ok) throw new Error(parsed.message);
  const mutation = parsed.value;

  it('loads the item, and the assignee of an assign', () => {
    const userId = request.type === 'assign' ? request.assigneeId : null;
    expect(loadPlanOf(mutation)).toEqual({ kind: 'item', itemId: 'it-p', userId });
  });

  it('applies on some status and is audited as the act', () => {
    let applied = 0;
    for (const before of itemStatuses.flatMap((status) => [item(status, null), item(status, people.moderator.id)])) {
      const outcome = applyMutation(mutation, actorOf(people.admin), { item: before, client: pharma, users }, now);
      if (!outcome.ok) continue;
      applied += 1;
      const events = auditEventsForMutation({
        name: mutation.name,
        args: mutation.args,
        actor: people.admin,
        at: now,
        before: { item: before },
        after: rowsByEntity(outcome.rows),
      });
      const action = request.type === 'assign' && request.assigneeId === null ? 'unassign' : request.type;
      expect(events.map((event) => event.action)).toEqual([action]);
    }
    expect(applied).toBeGreaterThan(0);
  });
});

describe('an assign', () => {
  it('names someone the server checks: unknown or out of the item client, it is refused', () => {
    const before = makeItem({ id: 'it-p', clientId: PHARMA, status: 'open' });
    const parsed = parseMutation('item.assign', { itemId: 'it-p', assigneeId: 'u-nobody' });
    if (!parsed.ok) throw new Error(parsed.message);
    const outcome = applyMutation(parsed.value, actorOf(people.admin), { item: before, client: pharma, users }, now);
    expect(outcome.ok ? null : outcome.refusal.code).toBe('invalid_argument');
  });
});
