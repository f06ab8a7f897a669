/**
 * Who else is viewing or replying to which item, from the team server's presence signals.
 * Ephemeral by design: kept in memory, forgotten when the sender says so, disconnects, or goes
 * quiet for EXPIRE_MS (a crashed desktop sends nothing).
 */
import type { PresenceActivity } from '../../../shared/sync/server-api';

export const PRESENCE_EXPIRE_MS = 5 * 60_000;

export interface PresenceEntry {
  itemId: string;
  userId: string;
  name: string;
  activity: PresenceActivity;
  at: number;
}

export class PresenceBoard {
  private readonly entries = new Map<string, PresenceEntry>();

  constructor(private readonly selfId: () => string | null) {}

  /** Records a signal; returns true when what others see changed. */
  apply(signal: {
    itemId: string;
    userId: string;
    name: string;
    activity: PresenceActivity | null;
    at: number;
  }): boolean {
    if (signal.userId === this.selfId()) return false;
    const key = `${signal.userId}\u0000${signal.itemId}`;
    if (signal.activity === null) return this.entries.delete(key);
    const before = this.entries.get(key);
    this.entries.set(key, { ...signal, activity: signal.activity });
    return before?.activity !== signal.activity;
  }

  /** The current entries, expired ones dropped, newest first. */
  list(now: number): PresenceEntry[] {
    for (const [key, entry] of this.entries) if (now - entry.at > PRESENCE_EXPIRE_MS) this.entries.delete(key);
    return [...this.entries.values()].sort((a, b) => b.at - a.at);
  }

  clear(): void {
    this.entries.clear();
  }
}
