import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueViewStatuses, type QueueCounts } from '../../../shared/contract/queue';
import { itemStatuses, type ItemStatus } from '../../../shared/domain/entities';
import type { ReadableDb } from './db';
import { queueCounts } from './counts';
import { applyLocalItemChange } from './items';
import { sql } from './sql';
import { openDemoReplica, TEST_NOW, type TempReplica } from './testing';

let opened: TempReplica;
let itemIds: string[];
beforeAll(async () => {
  opened = await openDemoReplica(400, 3);
  itemIds = opened.replica.reader.column<string>(sql`SELECT id FROM items ORDER BY pk`);
});
afterAll(() => opened.dispose());

/** The same counts with COUNT(*) over the items themselves. */
function counted(db: ReadableDb, userId: string): QueueCounts {
  const count = (where: ReturnType<typeof sql>) =>
    db.column<number>(sql`SELECT count(*) FROM items i JOIN clients cl ON cl.pk = i.client_pk
      JOIN channels ch ON ch.pk = i.channel_pk LEFT JOIN users u ON u.pk = i.assignee_pk WHERE ${where}`)[0] ?? 0;
  const inView = (view: keyof typeof queueViewStatuses) => sql`i.status IN (${sql.join(queueViewStatuses[view])})`;
  return {
    views: {
      inbox: count(inView('inbox')),
      mine: count(sql`${inView('mine')} AND u.id = ${userId}`),
      awaiting_approval: count(inView('awaiting_approval')),
      snoozed: count(inView('snoozed')),
      done: count(inView('done')),
      all: count(sql`1`),
    },
    needsApproval: count(sql`${inView('inbox')} AND i.sensitive = 1`),
    clients: db.all<{ id: string; name: string }>(sql`SELECT id, name FROM clients ORDER BY name`).map((client) => ({
      clientId: client.id,
      name: client.name,
      inbox: count(sql`${inView('inbox')} AND cl.id = ${client.id}`),
      awaitingApproval: count(sql`${inView('awaiting_approval')} AND cl.id = ${client.id}`),
    })),
    channels: db
      .all<{ id: string; clientId: string; platform: QueueCounts['channels'][number]['platform']; name: string }>(
        sql`SELECT ch.id, cl.id AS clientId, ch.platform, ch.name FROM channels ch JOIN clients cl ON cl.pk = ch.client_pk
          ORDER BY cl.name, ch.platform, ch.name`,
      )
      .map((channel) => ({
        channelId: channel.id,
        clientId: channel.clientId,
        platform: channel.platform,
        name: channel.name,
        inbox: count(sql`${inView('inbox')} AND ch.id = ${channel.id}`),
      })),
  };
}

type Operation =
  | { type: 'status'; item: number; status: ItemStatus }
  | { type: 'assign'; item: number; assigneeId: string | null }
  | { type: 'flag'; item: number }
  | { type: 'delete'; item: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ type: fc.constant('status' as const), item: fc.nat(), status: fc.constantFrom(...itemStatuses) }),
  fc.record({
    type: fc.constant('assign' as const),
    item: fc.nat(),
    assigneeId: fc.constantFrom<string | null>('us-giulia', 'us-marco', 'us-lead', null),
  }),
  fc.record({ type: fc.constant('flag' as const), item: fc.nat() }),
  fc.record({ type: fc.constant('delete' as const), item: fc.nat() }),
);

function apply(op: Operation): void {
  const { writer } = opened.replica;
  const itemId = itemIds[op.item % itemIds.length] ?? '';
  const exists = writer.column<number>(sql`SELECT count(*) FROM items WHERE id = ${itemId}`)[0] === 1;
  if (!exists) return;
  switch (op.type) {
    case 'status':
      applyLocalItemChange(writer, {
        itemId,
        change: { status: op.status },
        mutation: { name: 'item.setStatus', args: { itemId, status: op.status } },
        now: TEST_NOW,
      });
      return;
    case 'assign':
      applyLocalItemChange(writer, {
        itemId,
        change: { assigneeId: op.assigneeId },
        mutation: { name: 'item.assign', args: { itemId, assigneeId: op.assigneeId } },
        now: TEST_NOW,
      });
      return;
    case 'flag':
      // A server re-classification of the interaction: the item follows, and so do the counts.
      writer.run(sql`UPDATE interactions SET sensitive = 1 - sensitive
        WHERE pk = (SELECT interaction_pk FROM items WHERE id = ${itemId})`);
      return;
    case 'delete':
      writer.run(sql`DELETE FROM items WHERE id = ${itemId}`);
      return;
  }
}

describe('queueCounts', () => {
  it('equals COUNT(*) over the items after any sequence of changes', () => {
    expect(queueCounts(opened.replica.reader, { userId: 'us-giulia' })).toEqual(
      counted(opened.replica.reader, 'us-giulia'),
    );
    fc.assert(
      fc.property(
        fc.array(operation, { minLength: 1, maxLength: 25 }),
        fc.constantFrom('us-giulia', 'us-marco'),
        (ops, userId) => {
          for (const op of ops) apply(op);
          expect(queueCounts(opened.replica.reader, { userId })).toEqual(counted(opened.replica.reader, userId));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('counts nothing as mine for an unknown user, and everything once in "all"', () => {
    const counts = queueCounts(opened.replica.reader, { userId: 'us-nobody' });
    expect(counts.views.mine).toBe(0);
    const total = opened.replica.reader.column<number>(sql`SELECT count(*) FROM items`)[0];
    expect(counts.views.all).toBe(total);
  });
});
