/**
 * Runs the notifier for whoever is signed in: one feed per user over the replica, restarted when
 * the user changes (sign in, sign out, another account). What it decides goes to the host's
 * listeners (the Electron shell: system notifications and the tray badge) and, as the `notify`
 * event, to renderers that show their own (the browser host).
 */
import type { NotifyEvent } from '../../../shared/contract/notify';
import type { Id, User } from '../../../shared/domain/entities';
import type { EventHub } from '../events';
import type { Logger } from '../log';
import type { ReplicaChange } from '../replica/db';
import type { ReadableDb } from '../replica/db';
import { startNotifyFeed, type Every } from './feed';
import { createNotifier } from './notifier';
import type { NotifierOutput, NotifyPrefs } from './types';
import { createNotifyViews } from './views';

export interface NotificationsDeps {
  readonly reader: ReadableDb;
  readonly onReplicaChange: (listener: (change: ReplicaChange) => void) => () => void;
  readonly events: EventHub;
  /** The signed-in user, read again whenever the connection changes. */
  readonly user: () => User | null;
  readonly now: () => number;
  readonly log: Logger;
  readonly prefs?: NotifyPrefs;
  readonly every?: Every;
}

export interface Notifications {
  /** The host's sink (system notifications, badge); returns the unsubscribe. */
  listen(listener: (output: NotifierOutput) => void): () => void;
  /** The badge count last announced. */
  badge(): number;
  stop(): void;
}

export function startNotifications(deps: NotificationsDeps): Notifications {
  const views = createNotifyViews(deps.reader);
  const listeners = new Set<(output: NotifierOutput) => void>();
  let feed: { stop(): void } | null = null;
  let userId: Id | null = null;
  let badge = 0;

  function sink(output: NotifierOutput): void {
    badge = output.badge;
    deps.events.emit('notify', toWire(output));
    for (const listener of listeners) {
      try {
        listener(output);
      } catch (error) {
        deps.log.error('notify.listener_failed', { error: error instanceof Error ? error.name : 'unknown' });
      }
    }
  }

  function follow(): void {
    const user = deps.user();
    if ((user?.id ?? null) === userId) return;
    feed?.stop();
    feed = null;
    userId = user?.id ?? null;
    if (user === null) {
      if (badge !== 0) sink({ badge: 0, notifications: [] });
      return;
    }
    const notifier = createNotifier({
      now: deps.now,
      userId: user.id,
      role: user.role,
      ...(deps.prefs ? { prefs: deps.prefs } : {}),
    });
    feed = startNotifyFeed({
      notifier,
      loadViews: (ids) => views.load(ids),
      loadLiveViews: () => views.liveInPages(),
      subscribe: deps.onReplicaChange,
      sink,
      now: deps.now,
      log: deps.log,
      ...(deps.every ? { every: deps.every } : {}),
    });
  }

  const stopFollowing = deps.events.on('connection:changed', follow);
  follow();
  return {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    badge: () => badge,
    stop() {
      stopFollowing();
      feed?.stop();
      feed = null;
    },
  };
}

function toWire(output: NotifierOutput): NotifyEvent {
  return {
    badge: output.badge,
    notifications: output.notifications.map((notification) => ({
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      target: notification.target,
      silent: notification.silent,
      replaces: notification.replaces,
    })),
  };
}
