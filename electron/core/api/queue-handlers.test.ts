import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { queueCalls } from '../../../shared/contract/queue';
import { ReplicaError } from '../replica/errors';
import { openDemoReplica, type TempReplica } from '../replica/testing';
import { createQueueHandlers, type QueueHandlers } from './queue-handlers';

let opened: TempReplica;
let handlers: QueueHandlers;
beforeAll(async () => {
  opened = await openDemoReplica(600, 9);
  handlers = createQueueHandlers(opened.replica.reader);
});
afterAll(() => opened.dispose());

type Calls = typeof queueCalls;
const parsed = <N extends keyof Calls>(name: N, args: unknown) =>
  queueCalls[name].args.parse(args) as z.output<Calls[N]['args']>;

describe('queue handlers', () => {
  it('answer every call with a value the contract accepts', async () => {
    const page = await handlers['queue:list'](parsed('queue:list', { view: 'inbox', limit: 20 }));
    expect(queueCalls['queue:list'].result.parse(page).rows).toHaveLength(20);
    const counts = await handlers['queue:counts'](parsed('queue:counts', { userId: 'us-giulia' }));
    expect(queueCalls['queue:counts'].result.parse(counts).views.all).toBe(600);
    const firstRow = page.rows[0];
    if (!firstRow) throw new Error('empty inbox');
    const detail = await handlers['item:get'](parsed('item:get', { itemId: firstRow.itemId }));
    expect(queueCalls['item:get'].result.parse(detail).item.id).toBe(firstRow.itemId);
    const card = await handlers['contact:get'](parsed('contact:get', { contactId: firstRow.authorId }));
    expect(queueCalls['contact:get'].result.parse(card).contact.id).toBe(firstRow.authorId);
    const saved = await handlers['savedReplies:list'](parsed('savedReplies:list', { clientId: firstRow.clientId }));
    const list = queueCalls['savedReplies:list'].result.parse(saved).savedReplies;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((s) => s.clientId === firstRow.clientId)).toBe(true);
  });

  it("open a view with its first page and the first row's detail and contact card, in one answer", async () => {
    const args = parsed('queue:open', { view: 'inbox', limit: 20 });
    const opened = queueCalls['queue:open'].result.parse(await handlers['queue:open'](args));
    expect(opened.page).toEqual(await handlers['queue:list'](parsed('queue:list', { view: 'inbox', limit: 20 })));
    const first = opened.page.rows[0];
    expect(opened.detail?.item.id).toBe(first?.itemId);
    expect(opened.contact?.contact.id).toBe(first?.authorId);

    const nothing = await handlers['queue:open'](
      parsed('queue:open', { view: 'inbox', filters: { search: 'zzzqqqnomatch' } }),
    );
    expect(nothing).toMatchObject({ page: { rows: [] }, detail: null, contact: null });
  });

  it('throw a not_found ReplicaError for what the replica does not hold', async () => {
    await expect(handlers['item:get']({ itemId: 'it-missing' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(handlers['item:get']({ itemId: 'it-missing' })).rejects.toBeInstanceOf(ReplicaError);
    await expect(handlers['contact:get']({ contactId: 'ct-missing' })).rejects.toMatchObject({ code: 'not_found' });
    const none = await handlers['savedReplies:list']({ clientId: 'cl-missing' });
    expect(none.savedReplies).toEqual([]);
  });

  it('reject a cursor that does not belong to the query', async () => {
    const args = parsed('queue:list', { view: 'all', sort: 'newest', after: 'not-a-cursor' });
    await expect(handlers['queue:list'](args)).rejects.toMatchObject({ code: 'invalid_args' });
  });
});
