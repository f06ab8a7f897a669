import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../../shared/contract';
import { createAppStore } from '../../app/store';
import { createWebSocketClient, type SocketLike } from '../../transport/websocket';
import { followSyncStatus } from './follow';

/** The browser host's end of the contract socket: it answers calls from `answers`. */
class HostSocket implements SocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(private readonly answers: Record<string, unknown>) {}
  send(data: string) {
    const call = JSON.parse(data) as { id: number; name: string };
    queueMicrotask(() =>
      this.receive({ type: 'result', id: call.id, result: { ok: true, value: this.answers[call.name] } }),
    );
  }
  close() {
    this.readyState = 3;
    this.onclose?.({});
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const synced: EventPayload<'sync:status'> = {
  state: 'online',
  live: true,
  pending: 0,
  lastSyncAt: Date.UTC(2026, 10, 20, 12, 0),
  lastError: null,
  progress: null,
  refused: 0,
};

function connect(answers: Record<string, unknown>) {
  let socket: HostSocket | null = null;
  const client = createWebSocketClient('ws://127.0.0.1:1/contract', {
    createSocket: () => (socket = new HostSocket(answers)),
  });
  const host = () => {
    if (!socket) throw new Error('no socket');
    return socket;
  };
  return { client, host };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the sync status of a window that opens after sync started', () => {
  it('is the current one at once, although the status event went out before the window listened', async () => {
    const { client, host } = connect({ 'sync:status': synced });
    host().open();
    // The host replays the last status as the page connects: before the page listens (it first
    // asks for what its first screen needs), so nobody hears it.
    host().receive({ type: 'event', name: 'sync:status', payload: synced });
    const store = createAppStore(client);
    followSyncStatus(client, store);
    await settle();
    expect(store.getState().sync).toMatchObject({ state: 'online', live: true, lastSyncAt: synced.lastSyncAt });
  });

  it('keeps an event that came before the answer: it is at least as new', async () => {
    const { client, host } = connect({ 'sync:status': synced });
    host().open();
    const store = createAppStore(client);
    followSyncStatus(client, store);
    host().receive({ type: 'event', name: 'sync:status', payload: { ...synced, state: 'syncing', pending: 2 } });
    await settle();
    expect(store.getState().sync).toMatchObject({ state: 'syncing', pending: 2 });
  });
});
