/**
 * The desktop's WebSocket to the team server: pokes ("pull now", no data) and presence. It
 * authenticates with a first message (never a token in a URL), reconnects with backoff, and
 * validates every message with the shared schema; a malformed one is dropped, not trusted.
 */
import WebSocket from 'ws';
import {
  socketServerMessage,
  type PresenceActivity,
  type SocketClientMessage,
  type SocketServerMessage,
} from '../../../shared/sync/server-api';
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from './backoff';

export const UNAUTHORIZED_CLOSE = 4401;
const PING_EVERY_MS = 25_000;

export interface SyncSocketDeps {
  url: string;
  token: () => string | null;
  onPoke: () => void;
  onPresence: (message: Extract<SocketServerMessage, { type: 'presence' }>) => void;
  /** Connected (after `ready`) or not: a reconnect is a reason to sync now. */
  onConnected: (connected: boolean) => void;
  onUnauthorized: () => void;
  random?: () => number;
  /** Reconnect delays after failures (tests use long ones to show what does not wait for them). */
  backoff?: BackoffPolicy;
}

export class SyncSocket {
  private socket: WebSocket | null = null;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private ping: NodeJS.Timeout | null = null;
  private stopped = true;
  private ready = false;
  /** What this user does now, sent again after a reconnect. */
  private presence: { itemId: string; activity: PresenceActivity } | null = null;

  constructor(private readonly deps: SyncSocketDeps) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.ping) clearInterval(this.ping);
    this.retry = null;
    this.ping = null;
    this.socket?.close(1000, 'bye');
    this.socket = null;
  }

  /** Authenticated and open: pokes can arrive. */
  connected(): boolean {
    return this.ready;
  }

  /**
   * Reconnect now, whatever the backoff says: the sync just reached the server, so the server is
   * back and pokes should flow again. Nothing to do while connected or while an attempt is under way.
   */
  retryNow(): void {
    if (this.stopped || this.socket !== null) return;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.failures = 0;
    this.connect();
  }

  /** Tells the team what this user is doing on an item (null: nothing any more). */
  setPresence(itemId: string | null, activity: PresenceActivity | null): void {
    const previous = this.presence;
    if (previous && previous.itemId !== itemId)
      this.send({ type: 'presence', itemId: previous.itemId, activity: null });
    this.presence = itemId !== null && activity !== null ? { itemId, activity } : null;
    if (itemId !== null) this.send({ type: 'presence', itemId, activity: this.presence ? activity : null });
  }

  private send(message: SocketClientMessage): void {
    if (this.ready && this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private connect(): void {
    const token = this.deps.token();
    if (this.stopped || token === null) return;
    const url = `${this.deps.url.replace(/^http/, 'ws').replace(/\/+$/, '')}/sync/socket`;
    const socket = new WebSocket(url, { handshakeTimeout: 10_000 });
    this.socket = socket;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token } satisfies SocketClientMessage)));
    socket.on('message', (raw) => this.receive(String(raw)));
    socket.on('error', () => undefined); // 'close' follows and schedules the retry
    socket.on('close', (code) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.ping) clearInterval(this.ping);
      this.ping = null;
      if (this.ready) this.deps.onConnected(false);
      this.ready = false;
      if (code === UNAUTHORIZED_CLOSE) {
        this.deps.onUnauthorized();
        return;
      }
      if (this.stopped) return;
      this.failures += 1;
      const delay = retryDelay(
        this.failures,
        this.deps.random ?? Math.random,
        null,
        this.deps.backoff ?? DEFAULT_BACKOFF,
      );
      this.retry = setTimeout(() => {
        this.retry = null;
        this.connect();
      }, delay);
      this.retry.unref?.();
    });
  }

  private receive(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = socketServerMessage.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.failures = 0;
        this.ping = setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
        this.ping.unref?.();
        if (this.presence) this.send({ type: 'presence', ...this.presence });
        this.deps.onConnected(true);
        return;
      case 'poke':
        this.deps.onPoke();
        return;
      case 'presence':
        this.deps.onPresence(message);
        return;
      case 'pong':
      case 'error':
        return;
    }
  }
}
