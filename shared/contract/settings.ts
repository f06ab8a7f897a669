import { z } from 'zod';
import { language } from '../domain/entities';

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

export const notificationSettings = z.object({
  /** Do not disturb: only adverse events notify. */
  quiet: z.boolean(),
  /** Reasons turned off. */
  off: z.array(z.enum(optionalNotifyReasons)),
});
export type NotificationSettings = z.infer<typeof notificationSettings>;
export const defaultNotificationSettings: NotificationSettings = { quiet: false, off: [] };

/** Per-device preferences, kept by the desktop core in its data folder. */
export const settings = z.object({
  /** The UI language; null follows the system locale. */
  language: language.nullable(),
  /**
   * The undo-send window; absent means the default (`defaultUndoSendSeconds`), so settings files
   * written before it existed stay valid.
   */
  undoSendSeconds: z.literal(undoSendChoices).optional(),
  /** What notifies; absent means everything (`defaultNotificationSettings`). */
  notifications: notificationSettings.optional(),
});
export type Settings = z.infer<typeof settings>;

export const defaultSettings: Settings = { language: null };

/** The undo-send window in force for these settings, in seconds. */
export const undoSendSecondsOf = (value: Settings): UndoSendSeconds => value.undoSendSeconds ?? defaultUndoSendSeconds;

/** The notification preferences in force for these settings. */
export const notificationSettingsOf = (value: Settings): NotificationSettings =>
  value.notifications ?? defaultNotificationSettings;
