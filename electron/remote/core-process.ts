/**
 * Entry of the desktop core's own process (built to out/main/core-process.js): an Electron
 * utilityProcess under the Electron shell, a Node child process under the browser host. It
 * waits for the `start` message (protocol.ts) and then serves the core until `close`, or until
 * the serving process goes away.
 */
import { constants, setPriority } from 'node:os';
import { startCore } from '../core';
import { createConsoleLogger } from '../core/log';
import { setSoloServerEntry } from '../core/sync/solo';
import { parentPort } from './parent-port';
import { serveCore } from './serve';

// Below the process that serves the window: when both want the CPU (a replica build keeps two
// threads busy on a two-core machine) the window's process goes first. Threads started from here
// on (the build worker, the I/O pool) inherit it.
try {
  setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
} catch {
  // Not permitted here: the default priority.
}

const port = parentPort();
const log = createConsoleLogger();
// Built: the team server's own build, out/server/main.js (scripts/build-server.mjs, the same file
// `npm run server` runs); from source, solo.ts finds server/main.ts.
if (import.meta.url.endsWith('.js')) setSoloServerEntry(new URL('../server/main.js', import.meta.url));
let closed = false;
const exitSoon = () => setTimeout(() => process.exit(0), 2000);
const served = serveCore(port, {
  start: startCore,
  log,
  onClosed: () => {
    closed = true;
    port.close();
    exitSoon();
  },
});
// The serving process is gone (crashed or killed): close the data files and the solo server.
process.on('disconnect', () => {
  if (closed) return;
  log.warn('core.parent_gone');
  void served.shutdown().then(exitSoon);
});
// Ctrl-C in a terminal reaches the whole process group: the serving process decides when the
// core closes (it asks with `close`). SIGTERM sent to this process alone closes it cleanly.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => void served.shutdown().then(() => process.exit(0)));
