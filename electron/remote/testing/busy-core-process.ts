/**
 * A core process for tests (electron/web/host.test.ts): the real core, except that
 * `settings:get` first says so (a `settings:changed` event) and then keeps its thread busy for
 * BUSY_MS — the way a large synchronous job (a replica build, a bulk archive) does.
 */
import { startCore } from '../../core';
import { createConsoleLogger } from '../../core/log';
import { parentPort } from '../parent-port';
import { serveCore } from '../serve';

export const BUSY_MS = 3000;

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
          const until = performance.now() + BUSY_MS;
          while (performance.now() < until) {
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
