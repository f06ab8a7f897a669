import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../replica/sql';
import { openDemoReplica, TEST_NOW, type TempReplica } from '../replica/testing';
import { BULK_SLICE_MS, createItemActions, readUser } from './item-actions';

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
