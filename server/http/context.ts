import type { Db } from '../db/db';
import type { Logger } from '../log';
import type { LoginLimit } from '../auth/rate-limit';
import type { SocketHub } from '../sync/hub';
import type { Sequencer } from '../sync/sequencer';

/** What the routes share: built once by createServer, never a module-level global. */
export interface ServerContext {
  readonly db: Db;
  readonly now: () => number;
  readonly log: Logger;
  readonly sequencer: Sequencer;
  readonly hub: SocketHub;
  readonly loginLimit: LoginLimit;
  readonly sessionTtlMs: number;
  /** How often an open socket's session is checked again (logout elsewhere, expiry). */
  readonly socketRecheckMs: number;
  readonly lifecycle: Lifecycle;
  /** Pushes applied at once: each holds a database connection for its batch; reads need some too. */
  readonly pushSlots: Semaphore;
}

/** At most `size` holders at a time; the others wait in order. */
export class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.free += 1;
      else next();
    }
  }
}

/** Readiness and shutdown: pushes in flight are waited for before the database closes. */
export class Lifecycle {
  ready = false;
  closing = false;
  private readonly inflight = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    const done = () => this.inflight.delete(work);
    work.then(done, done);
    return work;
  }

  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }
}
