/**
 * A core process for tests (electron/web/host.test.ts): the real core, except that
 * `settings:get` first says so (a `settings:changed` event) and then keeps its thread busy — the
 * way a large synchronous job (a replica build, a bulk archive) does — until the test creates
 * the file `RELEASE_FILE` in the data folder (or BUSY_MAX_MS pass, so a failed test cannot leave
 * it spinning). Released by a state, not a time, so the test holds on a loaded machine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCore } from '../../core';
import { createConsoleLogger } from '../../core/log';
import { parentPort } from '../parent-port';
import { RELEASE_FILE } from './busy-core';
import { serveCore } from '../serve';

const BUSY_MAX_MS = 120_000;

const port = parentPort();
serveCore(port, {
  start: async (options) => {
    const core = await startCore(options);
    return {
      ...core,
      handlers: {
        ...core.handlers,
        'settings:get': () => {
          core.events.emit('settings:changed', core.settings());
          const release = join(options.dataFolder, RELEASE_FILE);
          const until = performance.now() + BUSY_MAX_MS;
          while (!existsSync(release) && performance.now() < until) {
            // Busy on purpose: nothing else runs on this thread meanwhile.
          }
          return core.settings();
        },
      },
    };
  },
  log: createConsoleLogger(),
  onClosed: () => {
    port.close();
    setTimeout(() => process.exit(0), 500);
  },
});
process.on('disconnect', () => process.exit(0));
