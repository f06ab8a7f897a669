/**
 * The only place that touches ipcMain: one channel for contract calls, one for events. Every
 * call is checked for its sender (our own window's frame, loaded from our own page) and then
 * goes to the core (in its own process: electron/remote/client.ts), whose dispatch validates
 * the arguments, as for the browser host. The answer is the Result's JSON text as the core
 * process made it (shared/contract/resultText.ts), handed to the preload unparsed: the preload
 * parses it in the renderer's process, so a large answer costs this process no decoding.
 */
import type { EventHub } from '../core/events';
import type { Logger } from '../core/log';
import { fail, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract';
import { resultText, type ResultText } from '../../shared/contract/resultText';

export interface IpcSenderFrame {
  url: string;
}

export interface IpcInvokeEvent {
  senderFrame: IpcSenderFrame | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export function registerContract(deps: {
  ipcMain: IpcMainLike;
  /** Runs one contract call in the core; never throws; the Result as JSON text. */
  call: (name: unknown, args: unknown) => Promise<ResultText>;
  log: Logger;
  isTrustedSender: (frame: IpcSenderFrame) => boolean;
}): () => void {
  const { ipcMain, call, log } = deps;
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, name, args) => {
    if (!event.senderFrame || !deps.isTrustedSender(event.senderFrame)) {
      log.warn('ipc.untrusted_sender');
      return resultText(fail('bad_request', 'Calls are only accepted from the app window.'));
    }
    return call(name, args);
  });
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL);
}

/** Forwards the core's events to a window until it is destroyed. */
export function forwardEvents(events: EventHub, target: EventTarget): () => void {
  let stopped = false;
  const unsubscribe = events.subscribe((name, payload) => {
    if (stopped) return;
    if (target.isDestroyed()) {
      stopped = true;
      queueMicrotask(() => unsubscribe());
      return;
    }
    target.send(IPC_EVENT_CHANNEL, name, payload);
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
}
