/**
 * Shows the notifier's notifications as system notifications, translated when shown. A click
 * brings the window forward and asks the renderer to open the item (or the view of a summary).
 * Built from an injected factory so tests pass fakes; where the system has no notifications it
 * does nothing.
 */
import type { Language } from '../../shared/domain/entities';
import type { Logger } from '../core/log';
import { translateText, type Notification, type Translate } from '../core/notify';

/** The subset of Electron's Notification the service uses. */
export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export interface NotificationOptions {
  title: string;
  body: string;
  silent: boolean;
}

export interface NotificationServiceDeps {
  createNotification: (options: NotificationOptions) => NotificationLike;
  isSupported: () => boolean;
  translatorFor: (language: Language) => Translate;
  language: Language;
  /** Shows, restores and focuses the main window (opening one if it was closed). */
  focusWindow: () => void;
  onOpenItem: (itemId: string) => void;
  onOpenView: (view: 'queue' | 'approvals') => void;
  log: Logger;
}

export interface NotificationService {
  show(notifications: readonly Notification[]): void;
  setLanguage(language: Language): void;
  /** Closes what is still on screen (on quit, or when the user signs out). */
  closeAll(): void;
}

/**
 * Electron drops a notification's click handler once the object is garbage collected, so shown
 * ones are held until closed; past this many the oldest are let go (and stay clickable only
 * while the system keeps them alive).
 */
const MAX_HELD = 50;

export function createNotificationService(deps: NotificationServiceDeps): NotificationService {
  let t = deps.translatorFor(deps.language);
  let language = deps.language;
  const held = new Set<NotificationLike>();
  const tagged = new Map<string, NotificationLike>();

  function forget(handle: NotificationLike): void {
    held.delete(handle);
    for (const [tag, shown] of tagged) if (shown === handle) tagged.delete(tag);
  }

  function open(notification: Notification): void {
    deps.focusWindow();
    const { target } = notification;
    if (target.type === 'item') deps.onOpenItem(target.itemId);
    else deps.onOpenView(target.view);
  }

  function showOne(notification: Notification): void {
    if (notification.replaces !== null) {
      const previous = tagged.get(notification.replaces);
      if (previous) {
        forget(previous);
        previous.close();
      }
    }
    const handle = deps.createNotification({
      title: translateText(t, notification.title),
      body: translateText(t, notification.body),
      silent: notification.silent,
    });
    handle.on('click', () => open(notification));
    handle.on('close', () => forget(handle));
    held.add(handle);
    if (notification.replaces !== null) tagged.set(notification.replaces, handle);
    if (held.size > MAX_HELD) {
      const oldest = held.values().next();
      if (!oldest.done) forget(oldest.value);
    }
    handle.show();
  }

  return {
    show(notifications) {
      if (notifications.length === 0 || !deps.isSupported()) return;
      for (const notification of notifications) {
        try {
          showOne(notification);
        } catch (error) {
          // One failing toast (a platform quirk) must not stop the others or the main process.
          deps.log.warn('notify.show_failed', {
            kind: notification.kind,
            error: error instanceof Error ? error.name : 'unknown',
          });
        }
      }
    },
    setLanguage(next) {
      if (next === language) return;
      language = next;
      t = deps.translatorFor(next);
    },
    closeAll() {
      for (const handle of [...held]) {
        forget(handle);
        handle.close();
      }
    },
  };
}
