/**
 * Runs the notifier against the replica: a silent baseline at start, an update for each
 * `replica:changed`, a tick every 30 s for due times. What comes out goes to a sink given by the
 * host (the Electron shell's tray and notifications; the browser host's 'notify' event). Failures
 * of the replica query are logged and skipped: notifications are never worth crashing the core.
 */
import type { EventPayload } from '../../../shared/contract/events';
import type { Id } from '../../../shared/domain/entities';
import type { Logger } from '../log';
import type { Notifier } from './notifier';
import type { NotifierOutput, NotifyItemView } from './types';

export const TICK_MS = 30_000;

/** Runs `fn` every `ms` until the returned function is called. */
export type Every = (ms: number, fn: () => void) => () => void;

export const every: Every = (ms, fn) => {
  const handle = setInterval(fn, ms);
  // A pending tick must not keep a closing process alive.
  handle.unref();
  return () => clearInterval(handle);
};

export interface NotifyFeedDeps {
  readonly notifier: Notifier;
  /** The notification views of these items that exist and that the user may see (any status). */
  readonly loadViews: (itemIds: readonly Id[]) => readonly NotifyItemView[];
  /**
   * Every live item (not done / answered / moderated) the user may see. A promise lets a big
   * replica be read page by page without holding the thread; changes arriving meanwhile wait.
   */
  readonly loadLiveViews: () => readonly NotifyItemView[] | Promise<readonly NotifyItemView[]>;
  readonly subscribe: (listener: (change: EventPayload<'replica:changed'>) => void) => () => void;
  readonly sink: (output: NotifierOutput) => void;
  readonly now: () => number;
  readonly log: Logger;
  readonly every?: Every;
  readonly tickMs?: number;
}

export function startNotifyFeed(deps: NotifyFeedDeps): { stop(): void } {
  const { notifier, log } = deps;
  let lastBadge: number | null = null;

  function deliver(run: () => NotifierOutput, event: string): void {
    let result: NotifierOutput;
    try {
      result = run();
    } catch (error) {
      log.error('notify.failed', { event, error: error instanceof Error ? error.name : 'unknown' });
      return;
    }
    if (result.badge === lastBadge && result.notifications.length === 0) return;
    try {
      deps.sink(result);
      // Remembered only once delivered, so a failed delivery is retried with the next change.
      lastBadge = result.badge;
    } catch (error) {
      log.error('notify.sink_failed', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  let stopped = false;
  // Changes that arrive while the live items are read asynchronously, applied in order after.
  let waiting: EventPayload<'replica:changed'>[] | null = null;

  /** Runs `use` with the live views, now when they come synchronously, else when they arrive. */
  function withLiveViews(use: (views: readonly NotifyItemView[]) => void, event: string): void {
    let loaded: readonly NotifyItemView[] | Promise<readonly NotifyItemView[]>;
    try {
      loaded = deps.loadLiveViews();
    } catch (error) {
      log.error('notify.failed', { event, error: error instanceof Error ? error.name : 'unknown' });
      return;
    }
    if (!(loaded instanceof Promise)) {
      use(loaded);
      return;
    }
    waiting ??= [];
    loaded.then(
      (views) => {
        if (stopped) return;
        use(views);
        flush();
      },
      (error: unknown) => {
        log.error('notify.failed', { event, error: error instanceof Error ? error.name : 'unknown' });
        flush();
      },
    );
  }

  function flush(): void {
    const queued = waiting ?? [];
    waiting = null;
    for (const change of queued) onChange(change);
  }

  function onChange(change: EventPayload<'replica:changed'>): void {
    if (waiting !== null) {
      waiting.push(change);
      return;
    }
    if (change.reset) {
      withLiveViews((views) => deliver(() => notifier.reconcile(views), 'reset'), 'reset');
      return;
    }
    if (change.items.length === 0) return;
    deliver(() => {
      const items = deps.loadViews(change.items);
      const present = new Set(items.map((view) => view.id));
      return notifier.update({ items, removed: change.items.filter((id) => !present.has(id)) });
    }, 'change');
  }

  withLiveViews((views) => {
    deliver(() => notifier.seed(views), 'seed');
    // Due times already at risk get their one warning now rather than a tick later.
    deliver(() => notifier.tick(deps.now()), 'tick');
  }, 'seed');

  const unsubscribe = deps.subscribe(onChange);
  const stopTicks = (deps.every ?? every)(deps.tickMs ?? TICK_MS, () => {
    if (waiting === null) deliver(() => notifier.tick(deps.now()), 'tick');
  });

  return {
    stop() {
      stopped = true;
      unsubscribe();
      stopTicks();
    },
  };
}
