/**
 * The core process's end of its channel to the serving process: Electron's
 * `process.parentPort` in a utilityProcess, or Node's fork IPC (`process.send`).
 */
import type { FromCore, Port } from './protocol';

/** Electron's `process.parentPort` in a utilityProcess (typed here: no `electron` import). */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function parentPort(): Port<FromCore, unknown> & { close(): void } {
  const electron = (process as { parentPort?: ParentPortLike }).parentPort;
  if (electron) {
    return {
      send: (message) => electron.postMessage(message),
      onMessage: (listener) => electron.on('message', (event) => listener(event.data)),
      close: () => undefined,
    };
  }
  const send = process.send?.bind(process);
  if (!send) {
    console.error('This is the desktop core process: the app starts it; it does not run on its own.');
    process.exit(2);
  }
  return {
    send: (message) => void send(message),
    onMessage: (listener) => process.on('message', listener),
    close: () => process.disconnect(),
  };
}
