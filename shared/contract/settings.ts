import { z } from 'zod';
import { language } from '../domain/entities';
import { optionalNotifyReasons, undoSendChoices } from './settingsValues';

export * from './settingsValues';

export const notificationSettings = z.object({
  /** Do not disturb: only adverse events notify. */
  quiet: z.boolean(),
  /** Reasons turned off. */
  off: z.array(z.enum(optionalNotifyReasons)),
});
export type NotificationSettings = z.infer<typeof notificationSettings>;

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
