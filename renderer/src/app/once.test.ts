import { describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../../shared/contract';
import { queueApi } from '../features/queue/queueApi';
import { contractApi } from './contractApi';
import { once } from './once';
import { createAppStore } from './store';

describe('mutations run once', () => {
  it('leave nothing behind in the store, however many run (a day of archives)', async () => {
    const call = vi.fn(async () => ({ ok: true as const, value: { applied: [], refused: [] } }));
    const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
    const kept = () => Object.keys(store.getState()[contractApi.reducerPath].mutations).length;
    for (let n = 0; n < 20; n += 1) {
      const result = await once(
        store.dispatch(queueApi.endpoints.actOnItems.initiate({ itemIds: ['it-1'], action: { type: 'claim' } })),
      );
      expect('data' in result && result.data).toEqual({ applied: [], refused: [] });
    }
    expect(call).toHaveBeenCalledTimes(20);
    expect(kept()).toBe(0);
    // Without it, each one stays.
    await store.dispatch(queueApi.endpoints.actOnItems.initiate({ itemIds: ['it-1'], action: { type: 'claim' } }));
    expect(kept()).toBe(1);
  });
});
