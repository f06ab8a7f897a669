import type { AppStore } from '../../app/store';
import { queueApi, queueQueryOf } from './queueApi';

/**
 * Asks for what the queue shows first (the first page, the counts, then the first item's detail
 * and contact card) while the rest of the app starts, so the first render finds it in the cache.
 * Nothing is subscribed here: the queue screen's own queries take the results over.
 */
export function prefetchFirstScreen(store: AppStore, userId: string | undefined): void {
  const ui = store.getState().queueUi;
  if (ui.view === 'mine' && !userId) return;
  const query = queueQueryOf(ui, userId);
  void store.dispatch(queueApi.endpoints.queueCounts.initiate(userId, { subscribe: false }));
  void store.dispatch(queueApi.endpoints.queuePage.initiate(query, { subscribe: false })).then((result) => {
    const first = result.data?.pages[0]?.rows[0];
    if (!first) return;
    void store.dispatch(queueApi.endpoints.itemDetail.initiate(first.itemId, { subscribe: false }));
    void store.dispatch(queueApi.endpoints.contactCard.initiate(first.authorId, { subscribe: false }));
  });
}
