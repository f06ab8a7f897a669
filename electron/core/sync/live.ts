/**
 * Whether this desktop is "live" — a colleague's change shows within a moment — and the link that
 * keeps the sync engine and the socket from waiting out each other's backoff after an outage.
 *
 * Live means pokes can arrive: the socket to the team server is open AND the last push/pull
 * succeeded. When either side reaches the server again, the other retries at once: a socket that
 * reconnects makes the engine sync now (the outbox goes out), and a sync that succeeds makes a
 * closed socket reconnect now (pokes flow again) instead of after up to a minute of backoff.
 */
import type { SyncState } from './engine';

export interface LiveLinkDeps {
  /** Sync now, whatever the engine's backoff says. */
  retrySync: () => void;
  /** Reconnect the socket now, whatever its backoff says (nothing while it is connected). */
  reconnectSocket: () => void;
}

export class LiveLink {
  private socketReady = false;
  private lastCycleOk = false;

  constructor(private readonly deps: LiveLinkDeps) {}

  /** The engine said how it goes: a success reconnects a closed socket. */
  engineState(state: SyncState): void {
    if (state === 'online') {
      this.lastCycleOk = true;
      if (!this.socketReady) this.deps.reconnectSocket();
    } else if (state === 'offline') {
      this.lastCycleOk = false;
    }
    // 'syncing' says nothing new: the last cycle's outcome stands until this one ends.
  }

  /** The socket connected (authenticated) or closed: a connection makes the engine sync now. */
  socketConnected(connected: boolean): void {
    this.socketReady = connected;
    if (connected) this.deps.retrySync();
  }

  live(): boolean {
    return this.socketReady && this.lastCycleOk;
  }
}
