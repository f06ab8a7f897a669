import { describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract';
import { EventHub } from './events';

describe('a window that connects later', () => {
  it('gets the sync state and the badge count at once, without the notifications shown before', () => {
    const hub = new EventHub();
    hub.emit('sync:status', {
      state: 'online',
      pending: 2,
      lastSyncAt: 1,
      lastError: null,
      progress: null,
      refused: 0,
    });
    hub.emit('notify', {
      badge: 4,
      notifications: [
        {
          kind: 'urgent_dm',
          title: { key: 'notify.urgentDm.title', params: { client: 'Vitalia' } },
          body: { key: 'notify.urgentDm.body', params: { author: 'Anna' } },
          target: { type: 'item', itemId: 'it-1' },
          silent: false,
          replaces: null,
        },
      ],
    });
    hub.emit('presence:changed', { entries: [] });
    const seen: [EventName, unknown][] = [];
    hub.subscribe((name, payload) => seen.push([name, payload]));
    expect(seen).toEqual([
      ['sync:status', expect.objectContaining({ state: 'online', pending: 2 })],
      ['notify', { badge: 4, notifications: [] }],
    ]);
  });
});
