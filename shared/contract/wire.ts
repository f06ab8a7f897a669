import { z } from 'zod';
import { contractErrorCodes } from './errors';

/**
 * Messages of the WebSocket transport (browser host). The IPC transport carries the same call
 * name, arguments and Result, framed by Electron instead.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
export { WEB_CONTRACT_PATH } from './client';

export const clientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('call'),
    /** Chosen by the renderer to match the answer to the call. */
    id: z.number().int().nonnegative(),
    name: z.string().min(1).max(100),
    args: z.unknown(),
  }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

export const contractError = z.object({ code: z.enum(contractErrorCodes), message: z.string() });

export const resultValue = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: contractError }),
]);

export const hostMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: resultValue }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
  /** A message that could not be understood at all (no id to answer to). */
  z.object({ type: z.literal('error'), error: contractError }),
]);
export type HostMessage = z.infer<typeof hostMessage>;

/**
 * The text of a `result` frame of `hostMessage`, written around the Result's JSON text as the
 * core made it: the host forwards a large answer without parsing or re-encoding it
 * (electron/web/socket.ts). `resultJson` must be the JSON text of a Result.
 */
export function resultFrame(id: number, resultJson: string): string {
  return '{"type":"result","id":' + String(id) + ',"result":' + resultJson + '}';
}
