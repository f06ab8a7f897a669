import type { NotificationSettings, Settings } from './settings';

/**
 * The settings' plain values and helpers, apart from their schemas (settings.ts re-exports all of
 * it): the page uses these, and importing them builds no zod schema in its first bundle (see the
 * renderer's `treeshake` note in electron.vite.config.ts).
 */

/** How long a sent reply waits before it leaves, so it can still be taken back (seconds). */
export const undoSendChoices = [0, 5, 10, 20, 30] as const;
export type UndoSendSeconds = (typeof undoSendChoices)[number];
export const defaultUndoSendSeconds: UndoSendSeconds = 10;

/**
 * Notification reasons a user may turn off. Adverse events are not among them: reporting them is
 * a pharmacovigilance duty, so they always notify, also in "do not disturb".
 */
export const optionalNotifyReasons = [
  'urgent_dm',
  'negative_review',
  'sla_at_risk',
  'approval_requested',
  'approval_decided',
] as const;
export type OptionalNotifyReasonName = (typeof optionalNotifyReasons)[number];

export const defaultNotificationSettings: NotificationSettings = { quiet: false, off: [] };

export const defaultSettings: Settings = { language: null };

/** The undo-send window in force for these settings, in seconds. */
export const undoSendSecondsOf = (value: Settings): UndoSendSeconds => value.undoSendSeconds ?? defaultUndoSendSeconds;

/** The notification preferences in force for these settings. */
export const notificationSettingsOf = (value: Settings): NotificationSettings =>
  value.notifications ?? defaultNotificationSettings;
