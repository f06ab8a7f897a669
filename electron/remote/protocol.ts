/**
 * The messages between a serving process (the Electron main process, the browser host) and the
 * desktop core running in a process of its own (electron/remote/core-process.ts). Transport
 * neutral: the same messages go over Electron's utilityProcess port and Node's fork IPC. Every
 * message is checked on arrival; call results and events were already checked against the
 * contract where they were made (electron/core/api/dispatch.ts, electron/core/events.ts).
 *
 * A call's result crosses as JSON text made once in the core process (shared/contract/resultText.ts): the
 * serving process checks only the envelope (type, id, a string) and forwards the text as it
 * is, so it never decodes, checks or re-encodes a large answer (5,000 items of a bulk action)
 * on the thread that serves the window.
 */
import { z } from 'zod';
import { eventNames, notification, settings } from '../../shared/contract';
import { notifyReasons } from '../core/notify/types';

/** What of `CoreOptions` crosses to the core process (the logger, clock and keychain stay behind). */
export const remoteCoreOptions = z.object({
  appName: z.string(),
  appVersion: z.string(),
  dataFolder: z.string().min(1),
  systemLocale: z.string().nullable(),
  host: z.enum(['electron', 'web']),
  nativeBinding: z.string().optional(),
  demoItems: z.number().int().nonnegative().optional(),
  demoSeed: z.number().int().optional(),
  sync: z.enum(['ask', 'solo', 'off']).optional(),
  userId: z.string().optional(),
  notifyDelayMs: z.number().int().nonnegative().optional(),
  /** The serving side answers `secret` requests with the OS keychain (Electron's safeStorage). */
  secretBox: z.boolean(),
});
export type RemoteCoreOptions = z.infer<typeof remoteCoreOptions>;

const callId = z.number().int().nonnegative();

/** Serving process → core process. */
export const toCore = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), options: remoteCoreOptions }),
  z.object({ type: z.literal('call'), id: callId, name: z.string().min(1).max(100), args: z.unknown() }),
  /** An event the shell raises for the renderer (a notification was clicked). */
  z.object({ type: z.literal('emit'), name: z.enum(eventNames), payload: z.unknown() }),
  z.object({ type: z.literal('secret_result'), id: callId, value: z.string().nullable() }),
  z.object({ type: z.literal('close') }),
]);
export type ToCore = z.infer<typeof toCore>;

export const notifierOutput = z.object({
  badge: z.number().int().nonnegative(),
  notifications: z
    .array(
      notification.extend({ kind: z.enum([...notifyReasons, 'summary']), announces: z.array(z.string()).readonly() }),
    )
    .readonly(),
});

/** Core process → serving process. */
export const fromCore = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), settings }),
  /** The core could not start (the sentence is for the operator; no personal data). */
  z.object({ type: z.literal('start_failed'), message: z.string() }),
  z.object({ type: z.literal('ready'), ok: z.boolean() }),
  /**
   * `json` is the call's `Result` as JSON text (shared/contract/resultText.ts). Trusted as made: it comes from
   * our own core process, whose dispatch checked the value against the contract's schema.
   */
  z.object({ type: z.literal('result'), id: callId, json: z.string() }),
  z.object({ type: z.literal('event'), name: z.enum(eventNames), payload: z.unknown() }),
  z.object({ type: z.literal('notify'), output: notifierOutput }),
  /** Encrypt (text → base64) or decrypt (base64 → text) with the serving side's keychain. */
  z.object({ type: z.literal('secret'), id: callId, op: z.enum(['encrypt', 'decrypt']), data: z.string() }),
  z.object({ type: z.literal('closed') }),
]);
export type FromCore = z.infer<typeof fromCore>;

/**
 * A message channel to the other side: Node's fork IPC, Electron's utilityProcess or its
 * parentPort, or an in-memory pair in tests.
 */
export interface Port<Out, In> {
  send(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}

/** The serving side's handle on the core process. */
export interface CoreProcess extends Port<ToCore, unknown> {
  /** Called once when the process is gone: its exit code, or null when a signal ended it. */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}
