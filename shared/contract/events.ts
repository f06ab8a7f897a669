import { z } from 'zod';
import { id, user } from '../domain/entities';
import { notifyEvent, notifyTarget } from './notify';
import { connectionMode, presenceEntry, syncStatus } from './sync';
import { settings } from './settings';

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
  /** The sync's state; also answered by the `sync:status` call (a window that opens late asks). */
  'sync:status': syncStatus,
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
