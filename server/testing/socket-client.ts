/**
 * A test client for `/sync/socket`: collects what the server sends and waits for a message by
 * condition (never a fixed sleep, except to show that nothing arrives).
 */
import WebSocket from 'ws';
import type { SocketServerMessage } from '../../shared/sync/server-api';

export interface TestSocket {
  readonly received: SocketServerMessage[];
  send(message: unknown): void;
  next(predicate: (message: SocketServerMessage) => boolean, timeoutMs?: number): Promise<SocketServerMessage>;
  closed(timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

export async function openSocket(baseUrl: string, token: string | null): Promise<TestSocket> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/sync/socket${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  const socket = new WebSocket(url);
  const received: SocketServerMessage[] = [];
  const waiters = new Set<() => void>();
  let closeCode: number | null = null;
  socket.on('message', (raw) => {
    received.push(JSON.parse(String(raw)) as SocketServerMessage);
    for (const wake of waiters) wake();
  });
  socket.on('close', (code) => {
    closeCode = code;
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waitFor = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const wake = () => {
        const found = check();
        if (found === undefined) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`socket: no ${what} within ${timeoutMs} ms; got ${JSON.stringify(received)}`));
      }, timeoutMs);
      waiters.add(wake);
      wake();
    });
  let consumed = 0;
  return {
    received,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next: (predicate, timeoutMs = 5000) =>
      waitFor(
        () => {
          const index = received.findIndex((message, at) => at >= consumed && predicate(message));
          if (index < 0) return undefined;
          consumed = index + 1;
          return received[index];
        },
        timeoutMs,
        'matching message',
      ),
    closed: (timeoutMs = 5000) => waitFor(() => closeCode ?? undefined, timeoutMs, 'close'),
    close: async () => {
      if (socket.readyState === WebSocket.CLOSED) return;
      const done = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.close();
      await done;
    },
  };
}
