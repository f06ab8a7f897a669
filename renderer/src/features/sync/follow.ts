import type { ContractClient } from '../../../../shared/contract';
import type { AppStore } from '../../app/store';
import { syncStatusReceived } from './slice';

/**
 * Keeps the status bar's sync state current from the first frame: listens to `sync:status`, and
 * asks for the current value at once — a window (or a reconnected page) that opens after the last
 * event would otherwise say "Offline · Never synced" until the next one, minutes later. An event
 * that arrives before the answer is at least as new as it, so the answer then gives way.
 */
export function followSyncStatus(client: ContractClient, store: AppStore): () => void {
  let heard = false;
  const stop = client.on('sync:status', (status) => {
    heard = true;
    store.dispatch(syncStatusReceived(status));
  });
  void client.call('sync:status', {}).then((answer) => {
    if (answer.ok && !heard) store.dispatch(syncStatusReceived(answer.value));
  });
  return stop;
}
