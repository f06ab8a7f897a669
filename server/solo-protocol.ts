/**
 * The messages of the solo server's IPC mode (`server/main.ts --solo-ipc`): the desktop core
 * forks this server for a team of one (electron/core/sync/solo.ts) and drives it over the
 * child's IPC channel. The local user's session is handed over on that channel only — there is
 * no password on this computer, and no network endpoint gives sessions away. The server stops
 * on `stop` or as soon as the channel closes (the core stopped or crashed).
 */
import { z } from 'zod';

export const SOLO_FOLDER = 'server';
export const SOLO_SESSION_TTL_MS = 30 * 24 * 3600_000;

export const soloToServer = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    dataFolder: z.string().min(1),
    demoItems: z.number().int().nonnegative(),
    demoSeed: z.number().int().optional(),
  }),
  z.object({ type: z.literal('signIn'), id: z.number().int().nonnegative(), userId: z.string().min(1) }),
  z.object({ type: z.literal('stop') }),
]);
export type SoloToServer = z.infer<typeof soloToServer>;

export const soloFromServer = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listening'), url: z.url() }),
  z.object({ type: z.literal('failed'), message: z.string() }),
  /** null: no session could be made (the message says nothing more: the log has the reason). */
  z.object({ type: z.literal('session'), id: z.number().int().nonnegative(), token: z.string().nullable() }),
]);
export type SoloFromServer = z.infer<typeof soloFromServer>;
