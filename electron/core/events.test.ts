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

describe('an event that does not match the contract', () => {
  it('is not sent to any window and is reported with its paths, not its values', () => {
    const reports: [EventName, string][] = [];
    const hub = new EventHub((name, issues) => reports.push([name, issues]));
    const seen: unknown[] = [];
    hub.on('sync:status', (payload) => seen.push(payload));
    const broken = { state: 'exploded', pending: -1 } as unknown as Parameters<typeof hub.emit<'sync:status'>>[1];
    hub.emit('sync:status', broken);
    expect(seen).toEqual([]);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.[0]).toBe('sync:status');
    expect(reports[0]?.[1]).toContain('state');
    expect(reports[0]?.[1]).not.toContain('exploded');
  });
});
