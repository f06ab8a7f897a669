import { z } from 'zod';
import { language } from '../domain/entities';

/** How long a sent reply waits before it leaves, so it can still be taken back (seconds). */
export const undoSendChoices = [0, 5, 10, 20, 30] as const;
export type UndoSendSeconds = (typeof undoSendChoices)[number];
export const defaultUndoSendSeconds: UndoSendSeconds = 10;

/** Per-device preferences, kept by the desktop core in its data folder. */
export const settings = z.object({
  /** The UI language; null follows the system locale. */
  language: language.nullable(),
  /**
   * The undo-send window; absent means the default (`defaultUndoSendSeconds`), so settings files
   * written before it existed stay valid.
   */
  undoSendSeconds: z.literal(undoSendChoices).optional(),
});
export type Settings = z.infer<typeof settings>;

export const defaultSettings: Settings = { language: null };

/** The undo-send window in force for these settings, in seconds. */
export const undoSendSecondsOf = (value: Settings): UndoSendSeconds => value.undoSendSeconds ?? defaultUndoSendSeconds;
