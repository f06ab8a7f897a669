import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SyncState } from './engine';
import { LiveLink } from './live';

type Event = { kind: 'engine'; state: SyncState } | { kind: 'socket'; connected: boolean };

const event: fc.Arbitrary<Event> = fc.oneof(
  fc.constantFrom<SyncState>('online', 'offline', 'syncing').map((state) => ({ kind: 'engine' as const, state })),
  fc.boolean().map((connected) => ({ kind: 'socket' as const, connected })),
);

describe('live', () => {
  it('is true exactly when the socket is open and the last finished sync succeeded, whatever happened before', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let retries = 0;
        let reconnects = 0;
        const link = new LiveLink({ retrySync: () => (retries += 1), reconnectSocket: () => (reconnects += 1) });
        let socketOpen = false;
        let lastFinished: SyncState | null = null;
        let expectedRetries = 0;
        let expectedReconnects = 0;
        for (const next of events) {
          if (next.kind === 'engine') {
            link.engineState(next.state);
            if (next.state !== 'syncing') lastFinished = next.state;
            // A sync that got through brings a closed socket back at once.
            if (next.state === 'online' && !socketOpen) expectedReconnects += 1;
          } else {
            link.socketConnected(next.connected);
            socketOpen = next.connected;
            // A socket that got through makes the sync run at once.
            if (next.connected) expectedRetries += 1;
          }
          expect(link.live()).toBe(socketOpen && lastFinished === 'online');
        }
        expect(retries).toBe(expectedRetries);
        expect(reconnects).toBe(expectedReconnects);
      }),
    );
  });
});
