import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient, EventPayload } from '../../../shared/contract';
import { contractApi } from './contractApi';
import { COALESCE_MS, followReplicaChanges, MAX_WAIT_MS, QUIET_MS } from './replicaChanges';
import { createAppStore } from './store';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup() {
  let listener: ((change: EventPayload<'replica:changed'>) => void) | null = null;
  const client = {
    call: vi.fn(),
    on: (_event: string, fn: (change: EventPayload<'replica:changed'>) => void) => {
      listener = fn;
      return () => (listener = null);
    },
  } as unknown as ContractClient;
  const store = createAppStore(client);
  const dispatched = vi.spyOn(store, 'dispatch');
  const keys = new EventTarget();
  followReplicaChanges(client, store, { now: () => Date.now(), keys: keys as unknown as Window });
  const refreshes = () =>
    dispatched.mock.calls.filter(([action]) => contractApi.util.invalidateTags.match(action as never)).length;
  return {
    change: (items: string[]) => listener?.({ items, contacts: [], reset: false }),
    key: () => keys.dispatchEvent(new Event('keydown')),
    refreshes,
  };
}

describe('refreshing what the replica changed', () => {
  it('refreshes a burst of changes once, shortly after', () => {
    const { change, refreshes } = setup();
    change(['a']);
    change(['b']);
    vi.advanceTimersByTime(COALESCE_MS - 1);
    expect(refreshes()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(refreshes()).toBe(1);
  });

  it('waits for a pause in the keys, so a refresh does not land in the frame of the next j/k', () => {
    const { change, key, refreshes } = setup();
    change(['a']);
    key();
    vi.advanceTimersByTime(QUIET_MS - 10);
    key();
    vi.advanceTimersByTime(QUIET_MS - 10);
    expect(refreshes()).toBe(0);
    vi.advanceTimersByTime(20);
    expect(refreshes()).toBe(1);
  });

  it('never waits longer than a second, even while keys keep coming', () => {
    const { change, key, refreshes } = setup();
    change(['a']);
    for (let elapsed = 0; elapsed < MAX_WAIT_MS; elapsed += 50) {
      key();
      vi.advanceTimersByTime(50);
      change(['b']);
    }
    expect(refreshes()).toBe(1);
  });
});
