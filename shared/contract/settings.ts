import { z } from 'zod';
import { language } from '../domain/entities';

/** Per-device preferences, kept by the desktop core in its data folder. */
export const settings = z.object({
  /** The UI language; null follows the system locale. */
  language: language.nullable(),
});
export type Settings = z.infer<typeof settings>;

export const defaultSettings: Settings = { language: null };
