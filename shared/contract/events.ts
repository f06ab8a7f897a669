import { z } from 'zod';
import { id, user } from '../domain/entities';
import { notifyEvent, notifyTarget } from './notify';
import { connectionMode, presenceEntry } from './sync';
import { settings } from './settings';

export const syncStates = ['online', 'offline', 'syncing'] as const;
export const syncState = z.enum(syncStates);

/** Events the desktop core pushes to the renderer. */
export const events = {
  /** Rows of the local replica changed: the renderer refreshes what it shows of them. */
  'replica:changed': z.object({
    items: z.array(id),
    contacts: z.array(id),
    /** True when so much changed that the renderer should refetch everything on screen. */
    reset: z.boolean(),
  }),
  /** Settings changed (from any window): every window and the shell follow. */
  'settings:changed': settings,
  'sync:status': z.object({
    state: syncState,
    /** Local changes not yet confirmed by the team server. */
    pending: z.number().int().nonnegative(),
    lastSyncAt: z.number().int().nonnegative().nullable(),
    /** Set when the last attempt failed; shown to the user. */
    lastError: z.string().nullable(),
    /** While a new replica is filled from the server: rows done of total. */
    progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable(),
    /** Local changes the server refused, waiting to be seen (`sync:refused`). */
    refused: z.number().int().nonnegative(),
  }),
  /** Who else is viewing or replying to which item (ephemeral, from the team server). */
  'presence:changed': z.object({ entries: z.array(presenceEntry) }),
  /** Signed in, out, or the server refused the session: the renderer shows the queue or the sign-in. */
  'connection:changed': z.object({ mode: connectionMode.nullable(), user: user.nullable() }),
  /** The badge count and what to announce (urgent DM, negative review, SLA, approvals). */
  notify: notifyEvent,
  /** The user clicked a notification: the renderer shows its item or view. */
  'notify:open': notifyTarget,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const eventNames = Object.keys(events) as EventName[];
