import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient, ItemActionRequest } from '../../../../shared/contract';
import { createAppStore, type AppStore } from '../../app/store';
import { createI18n } from '../../i18n';
import { BulkBar } from './BulkBar';
import type { QueueQuery } from './queueApi';
import { bulkAllMatchingChosen } from './slice';
import { BULK_CALL_ITEMS, collectMatching, useQueueActions } from './useQueueActions';

afterEach(cleanup);

const MATCHING = 12_000;
const query = { view: 'inbox', clientId: null, channelId: null, search: '', sort: 'priority' } as unknown as QueueQuery;
const archive: ItemActionRequest = { type: 'archive', reason: 'no_reply_needed' };

/** The queue's bulk bar and an archive button over a core with 12,000 matching items. */
async function setUp() {
  const ids = Array.from({ length: MATCHING }, (_, i) => `it-${i}`);
  /** items:act calls, each answered when the test says so. */
  const acts: { itemIds: string[]; answer: () => void }[] = [];
  const call = vi.fn((name: string, args: { after?: string | null; limit?: number; itemIds?: string[] }) => {
    if (name === 'queue:list') {
      const start = args.after ? Number(args.after) : 0;
      const end = Math.min(start + (args.limit ?? 50), ids.length);
      const rows = ids.slice(start, end).map((itemId) => ({ itemId }));
      return Promise.resolve({
        ok: true as const,
        value: { rows, nextCursor: end < ids.length ? String(end) : null, searchLimited: false },
      });
    }
    if (name === 'items:act') {
      const itemIds = args.itemIds ?? [];
      return new Promise((resolve) => {
        const applied = itemIds.map((id) => ({
          before: { id, labels: [], assigneeId: null },
          after: { id, labels: [], assigneeId: null },
        }));
        acts.push({ itemIds, answer: () => resolve({ ok: true as const, value: { applied, refused: [] } }) });
      });
    }
    return Promise.resolve({ ok: true as const, value: null });
  });
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
  const i18n = await createI18n('it');
  function Harness() {
    const { run } = useQueueActions([], query);
    return (
      <>
        <BulkBar />
        <button type="button" onClick={() => void run(archive)}>
          archivia
        </button>
      </>
    );
  }
  render(
    <Provider store={store}>
      <I18nextProvider i18n={i18n}>
        <Harness />
      </I18nextProvider>
    </Provider>,
  );
  return { acts, store };
}

/** What `* a` does: every item matching the filter, counted. */
async function selectAllMatching(store: AppStore) {
  await act(async () => {
    store.dispatch(bulkAllMatchingChosen());
    await store.dispatch(collectMatching(query));
  });
}

async function answerNext(acts: { answer: () => void }[], index: number) {
  await waitFor(() => expect(acts.length).toBeGreaterThan(index));
  await act(async () => acts[index]?.answer());
}

describe('select all matching', () => {
  it('collects every matching item, not the first 5,000', async () => {
    const { store } = await setUp();
    await act(async () => {
      store.dispatch(bulkAllMatchingChosen());
      expect(await store.dispatch(collectMatching(query)).unwrap()).toHaveLength(MATCHING);
    });
  });

  it('states the count before acting, then acts on every item in chunks with progress', async () => {
    const { acts, store } = await setUp();
    await selectAllMatching(store);
    expect(screen.getByRole('status').textContent).toBe(
      'Tutti i 12.000 elementi che corrispondono al filtro sono selezionati',
    );
    fireEvent.click(screen.getByRole('button', { name: 'archivia' }));
    await answerNext(acts, 0);
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('500 di 12.000 elementi fatti'));
    expect(screen.getByRole('progressbar').getAttribute('value')).toBe('500');
    for (let index = 1; index < MATCHING / BULK_CALL_ITEMS; index += 1) await answerNext(acts, index);
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    const acted = acts.flatMap((a) => a.itemIds);
    expect(acted).toHaveLength(MATCHING);
    expect(new Set(acted).size).toBe(MATCHING);
    expect(Math.max(...acts.map((a) => a.itemIds.length))).toBe(BULK_CALL_ITEMS);
  }, 20_000);

  it('stops between chunks when asked, and acts on nothing more', async () => {
    const { acts, store } = await setUp();
    await selectAllMatching(store);
    fireEvent.click(screen.getByRole('button', { name: 'archivia' }));
    await answerNext(acts, 0);
    await waitFor(() => expect(acts).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'Interrompi' }));
    expect(screen.getByRole('status').textContent).toContain('Interruzione dopo il blocco in corso');
    await answerNext(acts, 1);
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(acts).toHaveLength(2);
    expect(store.getState().queueUi.toast).toEqual({ key: 'queue.toast.archived', count: 1000, tone: 'info' });
  }, 20_000);
});
