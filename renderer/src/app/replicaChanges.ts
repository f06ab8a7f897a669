import type { ContractClient, EventPayload } from '../../../shared/contract';
import { contractApi } from './contractApi';
import type { AppStore } from './store';

/** Changes arriving faster than this are refreshed together (a bulk action, a sync pull). */
export const COALESCE_MS = 50;
/**
 * While keys are being pressed (j/k through the queue, d d d), a refresh waits until they pause
 * this long: its refetch and re-render would otherwise land in the frame of the next key. What
 * the user did is already on screen (optimistic); what others did waits at most `MAX_WAIT_MS`.
 */
export const QUIET_MS = 150;
export const MAX_WAIT_MS = 1000;

export interface ReplicaChangeOptions {
  now?: () => number;
  /** Where key presses are heard; `window` in the app. */
  keys?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
}

/**
 * Keeps what is on screen in step with the replica: changed items and contacts are refetched,
 * lists and counts too. The selection lives in the store, so it survives the refresh.
 */
export function followReplicaChanges(
  client: ContractClient,
  store: AppStore,
  options: ReplicaChangeOptions = {},
): () => void {
  const now = options.now ?? (() => performance.now());
  const keys = options.keys === undefined ? (typeof window === 'undefined' ? null : window) : options.keys;
  let pending: EventPayload<'replica:changed'> | null = null;
  let firstPendingAt = 0;
  let lastKeyAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    const change = pending;
    if (!change) return;
    const at = now();
    const quietAt = lastKeyAt + QUIET_MS;
    if (at < quietAt && at < firstPendingAt + MAX_WAIT_MS) {
      timer = setTimeout(flush, Math.min(quietAt, firstPendingAt + MAX_WAIT_MS) - at);
      return;
    }
    pending = null;
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
  const onKey = () => {
    lastKeyAt = now();
  };
  keys?.addEventListener('keydown', onKey, { capture: true, passive: true });
  const stop = client.on('replica:changed', (change) => {
    if (pending) {
      pending = {
        items: [...pending.items, ...change.items],
        contacts: [...pending.contacts, ...change.contacts],
        reset: pending.reset || change.reset,
      };
    } else {
      pending = change;
      firstPendingAt = now();
    }
    timer ??= setTimeout(flush, COALESCE_MS);
  });
  return () => {
    stop();
    keys?.removeEventListener('keydown', onKey, { capture: true });
    clearTimeout(timer);
  };
}
