import type { AppStore } from '../../app/store';
import { queueApi, queueQueryOf } from './queueApi';

/**
 * Asks for what the queue shows first (the first page with the first item's detail and contact
 * card, see `queuePage` in queueApi.ts, and the counts) while the rest of the app starts, so the
 * first render finds it in the cache. Nothing is subscribed here: the queue screen's own queries
 * take the results over. Resolves once both are in (or failed).
 */
export async function prefetchFirstScreen(store: AppStore, userId: string | undefined): Promise<void> {
  const ui = store.getState().queueUi;
  if (ui.view === 'mine' && !userId) return;
  const counts = store.dispatch(queueApi.endpoints.queueCounts.initiate(userId, { subscribe: false }));
  const page = store.dispatch(queueApi.endpoints.queuePage.initiate(queueQueryOf(ui, userId), { subscribe: false }));
  await Promise.all([counts, page]);
}
