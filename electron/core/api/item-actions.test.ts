import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Item, User } from '../../../shared/domain';
import { allItemActionExamples } from '../../../shared/domain/testing';
import type { MutationName } from '../../../shared/sync/mutations';
import { actorOf, applyMutation } from '../../../server/sync/apply';
import { parseMutation } from '../../../server/sync/mutation';
import { ContractFailure } from '../../../shared/contract';
import { readItem } from '../replica/entities';
import { pendingMutations } from '../replica/outbox';
import { sql } from '../replica/sql';
import { openDemoReplica, TEST_NOW, type TempReplica } from '../replica/testing';
import { BULK_SLICE_MS, createItemActions, readClient, readUser } from './item-actions';

let opened: TempReplica;
beforeEach(async () => {
  opened = await openDemoReplica(300);
});
afterEach(async () => {
  await opened.dispose();
});

describe('a bulk action', () => {
  it('lets the event loop run after every slice of its time budget, whatever the count', async () => {
    const user = readUser(opened.replica.reader, 'us-giulia');
    if (!user) throw new Error('no demo user');
    // A machine where each item costs 5 ms: at most ceil(12 / 5) = 3 items may go between two turns.
    let fakeMs = 0;
    const clock = () => (fakeMs += 5);
    const actions = createItemActions({ db: opened.replica.writer, actor: () => user, now: () => TEST_NOW, clock });
    const itemIds = opened.replica.reader.column<string>(sql`SELECT id FROM items ORDER BY id LIMIT 240`);
    const labelled = () =>
      opened.replica.reader.column<number>(sql`SELECT count(*) FROM item_labels WHERE label = 'bulk-slices'`)[0] ?? 0;

    // What the event loop sees between two of its turns while the action runs.
    const seen: number[] = [];
    let running = true;
    const watch = () => {
      // The last turn queued may come after the test closed the replica.
      if (!running) return;
      seen.push(labelled());
      setImmediate(watch);
    };
    setImmediate(watch);
    const result = await actions.actMany(itemIds, { type: 'label', label: 'bulk-slices', op: 'add' });
    running = false;

    expect(result.applied.length + result.refused.length).toBe(itemIds.length);
    expect(result.applied.length).toBeGreaterThan(200);
    const perTurn = seen.slice(1).map((count, i) => count - (seen[i] ?? 0));
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(Math.ceil(BULK_SLICE_MS / 5));
    expect(labelled()).toBe(result.applied.length);
  });
});

describe('every item action of the table', () => {
  it('leaves the item as the server makes it of the mutation the desktop queued', () => {
    const db = opened.replica.writer;
    const userOf = (userId: string): User => {
      const found = readUser(db, userId);
      if (!found) throw new Error(`no demo user ${userId}`);
      return found;
    };
    const admin = userOf('us-admin');
    const actions = createItemActions({ db, actor: () => admin, now: () => TEST_NOW });
    const examples = allItemActionExamples({
      assignees: ['us-giulia', 'us-marco'],
      policyReason: 'Spam',
      until: TEST_NOW + 3_600_000,
      labels: ['urgente'],
    });
    // One item of each status, so every act finds one it may start from.
    const candidates = () => db.column<string>(sql`SELECT min(id) FROM items GROUP BY status ORDER BY status`);
    const plain = (item: Item & { pk?: number; interactionPk?: number }): Item => {
      const { pk: _pk, interactionPk: _ip, ...rest } = item;
      return rest;
    };

    for (const request of examples) {
      let done = 0;
      for (const itemId of candidates()) {
        const stored = readItem(db, itemId);
        const client = stored && readClient(db, stored.clientId);
        if (!stored || !client) throw new Error(`no demo item ${itemId}`);
        const before = plain(stored);
        const queued = pendingMutations(db, 100_000).length;
        let desktop: Item | string;
        try {
          desktop = actions.act(itemId, request).after;
        } catch (error) {
          if (!(error instanceof ContractFailure)) throw error;
          desktop = error.message.split(':')[0] ?? '';
        }
        const mutation = pendingMutations(db, 100_000)[queued];
        // The server's view of the same act: the mutation the desktop queued, or one built the same way.
        const sent = mutation ?? { name: `item.${request.type}`, args: { ...request, type: undefined, itemId } };
        const parsed = parseMutation(sent.name as MutationName, JSON.parse(JSON.stringify(sent.args)));
        if (!parsed.ok) throw new Error(parsed.message);
        const assignee = request.type === 'assign' && request.assigneeId !== null ? userOf(request.assigneeId) : null;
        const users = new Map(assignee ? [[assignee.id, assignee]] : []);
        const server = applyMutation(parsed.value, actorOf(admin), { item: before, client, users }, TEST_NOW);
        if (typeof desktop === 'string') {
          expect(mutation, JSON.stringify(request)).toBeUndefined();
          expect(server.ok ? 'applied' : server.refusal.code, `${JSON.stringify(request)} on ${before.status}`).toBe(
            desktop,
          );
          continue;
        }
        done += 1;
        expect(mutation?.name).toBe(`item.${request.type}`);
        if (!server.ok) throw new Error(`${JSON.stringify(request)}: the server refused ${server.refusal.code}`);
        expect(server.rows.map((row) => row.data)).toEqual([desktop]);
      }
      expect(done, `${JSON.stringify(request)} applied on no item`).toBeGreaterThan(0);
    }
  });
});
