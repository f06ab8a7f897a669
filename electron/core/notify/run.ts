/**
 * Runs the notifier for whoever is signed in: one feed per user over the replica, restarted when
 * the user changes (sign in, sign out, another account). What it decides goes to the host's
 * listeners (the Electron shell: system notifications and the tray badge) and, as the `notify`
 * event, to renderers that show their own (the browser host).
 */
import type { NotifyEvent } from '../../../shared/contract/notify';
import type { NotificationSettings, OptionalNotifyReasonName } from '../../../shared/contract/settings';
import type { Id, User } from '../../../shared/domain/entities';
import type { EventHub } from '../events';
import type { Logger } from '../log';
import type { ReplicaChange } from '../replica/db';
import type { ReadableDb } from '../replica/db';
import { startNotifyFeed, type Every } from './feed';
import { createNotifier, type Notifier } from './notifier';
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
  /** The user's preferences, read at start and again at every `settings:changed`. */
  readonly prefs?: () => NotifyPrefs;
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
  let notifier: Notifier | null = null;
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
    notifier = null;
    userId = user?.id ?? null;
    if (user === null) {
      if (badge !== 0) sink({ badge: 0, notifications: [] });
      return;
    }
    notifier = createNotifier({
      now: deps.now,
      userId: user.id,
      role: user.role,
      ...(deps.prefs ? { prefs: deps.prefs() } : {}),
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
  const stopPrefs = deps.events.on('settings:changed', () => {
    if (deps.prefs) notifier?.setPrefs(deps.prefs());
  });
  follow();
  return {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    badge: () => badge,
    stop() {
      stopFollowing();
      stopPrefs();
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

/** The notifier's preferences from the user's settings. */
export function notifyPrefsOf(settings: NotificationSettings): NotifyPrefs {
  const on = (reason: OptionalNotifyReasonName) => !settings.off.includes(reason);
  return {
    quiet: settings.quiet,
    enabled: {
      urgent_dm: on('urgent_dm'),
      negative_review: on('negative_review'),
      sla_at_risk: on('sla_at_risk'),
      approval_requested: on('approval_requested'),
      approval_decided: on('approval_decided'),
    },
  };
}
