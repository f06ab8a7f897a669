import { afterEach, describe, expect, it, vi } from 'vitest';
import { resultFrame } from '../../../shared/contract/wire';
import { createWebSocketClient, type SocketLike } from './websocket';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  send(data: string) {
    this.sent.push(data);
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
  lastCallId(): number {
    return (JSON.parse(this.sent.at(-1) ?? '{}') as { id: number }).id;
  }
}

function setup(timeoutMs = 1000) {
  const sockets: FakeSocket[] = [];
  const client = createWebSocketClient('ws://127.0.0.1:1/contract', {
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    timeoutMs,
  });
  return { client, sockets, socket: () => sockets.at(-1)! };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createWebSocketClient', () => {
  it('sends calls made before the socket opens once it does, and matches answers by id', async () => {
    const { client, socket } = setup();
    const pending = client.call('settings:get', {});
    expect(socket().sent).toEqual([]);
    socket().open();
    expect(JSON.parse(socket().sent[0]!)).toMatchObject({ type: 'call', name: 'settings:get', args: {} });
    socket().receive({ type: 'result', id: socket().lastCallId(), result: { ok: true, value: { language: 'it' } } });
    expect(await pending).toEqual({ ok: true, value: { language: 'it' } });
  });

  it("turns a malformed answer into an internal error, and passes the core's errors on", async () => {
    const { client, socket } = setup();
    socket().open();
    const malformed = client.call('settings:get', {});
    socket().receive({ type: 'result', id: socket().lastCallId(), result: { ok: 'yes', value: {} } });
    expect(await malformed).toMatchObject({ ok: false, error: { code: 'internal' } });
    const unknownCode = client.call('settings:get', {});
    const wrong = { ok: false, error: { code: 'exploded', message: 'x' } };
    socket().receive({ type: 'result', id: socket().lastCallId(), result: wrong });
    expect(await unknownCode).toMatchObject({ ok: false, error: { code: 'internal' } });
    const refused = client.call('item:get', { itemId: 'it-1' });
    const notFound = { ok: false, error: { code: 'not_found', message: 'No item it-1.' } };
    socket().receive({ type: 'result', id: socket().lastCallId(), result: notFound });
    expect(await refused).toEqual(notFound);
  });

  it("reads a result frame written around the core's answer text (the host does not re-encode it)", async () => {
    const { client, socket } = setup();
    socket().open();
    const pending = client.call('settings:get', {});
    socket().onmessage?.({ data: resultFrame(socket().lastCallId(), '{ "ok": true, "value": { "language": "it" } }') });
    expect(await pending).toEqual({ ok: true, value: { language: 'it' } });
  });

  it('answers a call at once with an internal error when its answer text is malformed', async () => {
    const { client, socket } = setup(60_000);
    socket().open();
    const pending = client.call('settings:get', {});
    const other = client.call('app:info', {});
    socket().onmessage?.({ data: resultFrame(socket().lastCallId() - 1, '{"ok":true,"value":{"langu') });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'internal', message: /malformed/ } });
    socket().receive({ type: 'result', id: socket().lastCallId(), result: { ok: true, value: { name: 'x' } } });
    expect(await other).toMatchObject({ ok: true });
  });

  it('answers unavailable for calls in flight when the connection drops, then reconnects', async () => {
    vi.useFakeTimers();
    const { client, sockets, socket } = setup();
    socket().open();
    const pending = client.call('app:info', {});
    socket().close();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await vi.advanceTimersByTimeAsync(6000);
    expect(sockets).toHaveLength(2);
  });

  it('answers timeout when the core stays silent', async () => {
    vi.useFakeTimers();
    const { client, socket } = setup(500);
    socket().open();
    const pending = client.call('app:info', {});
    await vi.advanceTimersByTimeAsync(600);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('delivers events to listeners and ignores malformed frames', () => {
    const { client, socket } = setup();
    socket().open();
    const listener = vi.fn();
    const stop = client.on('sync:status', listener);
    const status = {
      state: 'syncing',
      pending: 3,
      lastSyncAt: null,
      lastError: null,
      progress: { done: 1, total: 4 },
      refused: 0,
    };
    socket().receive({ type: 'event', name: 'sync:status', payload: status });
    socket().receive({ type: 'event', name: 'sync:status', payload: 'not an object' });
    socket().receive({ type: 'event', payload: status });
    socket().onmessage?.({ data: 'garbage' });
    stop();
    socket().receive({ type: 'event', name: 'sync:status', payload: status });
    expect(listener.mock.calls).toEqual([[status]]);
  });
});
