/**
 * The only place that touches ipcMain: one channel for contract calls, one for events. Every
 * call is checked for its sender (our own window's frame, loaded from our own page) and then
 * goes through the same dispatch as the browser host, which validates the arguments.
 */
import { dispatchCall, type Handlers } from '../core/api/dispatch';
import type { EventHub } from '../core/events';
import type { Logger } from '../core/log';
import { fail, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract';

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
  handlers: Handlers;
  log: Logger;
  isTrustedSender: (frame: IpcSenderFrame) => boolean;
}): () => void {
  const { ipcMain, handlers, log } = deps;
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, name, args) => {
    if (!event.senderFrame || !deps.isTrustedSender(event.senderFrame)) {
      log.warn('ipc.untrusted_sender');
      return fail('bad_request', 'Calls are only accepted from the app window.');
    }
    return dispatchCall(handlers, name, args, log);
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
