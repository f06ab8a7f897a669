import type { ContractClient, EventPayload } from '../../../shared/contract';
import { contractApi } from './contractApi';
import type { AppStore } from './store';

/** Changes arriving faster than this are refreshed together (a bulk action, a sync pull). */
const COALESCE_MS = 50;

/**
 * Keeps what is on screen in step with the replica: changed items and contacts are refetched,
 * lists and counts too. The selection lives in the store, so it survives the refresh.
 */
export function followReplicaChanges(client: ContractClient, store: AppStore): () => void {
  let pending: EventPayload<'replica:changed'> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    const change = pending;
    pending = null;
    if (!change) return;
    store.dispatch(
      contractApi.util.invalidateTags(
        change.reset
          ? ['Queue', 'Item', 'Contact', 'SavedReplies']
          : [
              'Queue',
              ...change.items.map((id) => ({ type: 'Item' as const, id })),
              ...change.contacts.map((id) => ({ type: 'Contact' as const, id })),
            ],
      ),
    );
  };
  const stop = client.on('replica:changed', (change) => {
    pending = pending
      ? {
          items: [...pending.items, ...change.items],
          contacts: [...pending.contacts, ...change.contacts],
          reset: pending.reset || change.reset,
        }
      : change;
    clearTimeout(timer);
    timer = setTimeout(flush, COALESCE_MS);
  });
  return () => {
    stop();
    clearTimeout(timer);
  };
}
