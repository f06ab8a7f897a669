import { z } from 'zod';
import { settings } from './settings';

export const hostKinds = ['electron', 'web'] as const;

export const appCalls = {
  'app:info': {
    args: z.object({}).strict(),
    result: z.object({
      name: z.string(),
      version: z.string(),
      /** The operating system's locale as a BCP 47 tag, e.g. "it-IT"; null when unknown. */
      systemLocale: z.string().nullable(),
      dataFolder: z.string(),
      host: z.enum(hostKinds),
      /** Things the user must be told at start: the local data was rebuilt, or is from a newer app. */
      notices: z.array(z.enum(['replica_recovered', 'replica_newer'])),
    }),
  },
  'settings:get': {
    args: z.object({}).strict(),
    result: settings,
  },
  'settings:set': {
    args: settings.partial().strict(),
    result: settings,
  },
} as const;
