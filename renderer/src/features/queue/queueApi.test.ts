import { describe, expect, it, vi } from 'vitest';
import type { ContractClient, ItemDetail, QueueOpen, QueuePage } from '../../../../shared/contract';
import { contractApi } from '../../app/contractApi';
import { createAppStore } from '../../app/store';
import { queueApi, type QueueQuery } from './queueApi';

const row = { itemId: 'it-1', authorId: 'ct-1' } as QueuePage['rows'][number];
const page: QueuePage = { rows: [row], nextCursor: null, searchLimited: false };
const detail = { item: { id: 'it-1' } } as ItemDetail;
const contact = { contact: { id: 'ct-1' } } as QueueOpen['contact'];

function setup() {
  const call = vi.fn(async (name: string) => {
    const value = name === 'queue:open' ? { page, detail, contact } : name === 'queue:list' ? page : detail;
    return { ok: true as const, value };
  });
  const client = { call, on: () => () => undefined } as unknown as ContractClient;
  return { store: createAppStore(client), names: () => call.mock.calls.map(([name]) => name) };
}

const query: QueueQuery = { view: 'inbox', userId: undefined, filters: {}, sort: 'priority' };

describe('the queue list query', () => {
  it("opens a view with its first row's detail and contact card in one call, and refetches rows only", async () => {
    const { store, names } = setup();
    const list = store.dispatch(queueApi.endpoints.queuePage.initiate(query));
    await list;
    expect(names()).toEqual(['queue:open']);
    // The selected first row's detail is already there: no second round trip.
    const shown = await store.dispatch(queueApi.endpoints.itemDetail.initiate('it-1'));
    expect(shown.data).toEqual(detail);
    const card = await store.dispatch(queueApi.endpoints.contactCard.initiate('ct-1'));
    expect(card.data).toEqual(contact);
    expect(names()).toEqual(['queue:open']);

    // A refresh after a replica change asks for the rows alone.
    store.dispatch(contractApi.util.invalidateTags(['Queue']));
    await vi.waitFor(() => expect(names()).toEqual(['queue:open', 'queue:list']));
    list.unsubscribe();
  });
});
