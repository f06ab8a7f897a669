import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ReplicaLog } from './errors';

/**
 * Copies the WAL back into the database file from a worker thread.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses the threshold, on the
 * writer's thread: with the queue's indexes a write chunk dirties thousands of pages, and
 * copying them back took more than half of the ingest time and pushed single commits past
 * 16 ms. Here a second connection runs PASSIVE checkpoints (they never block the writer or
 * readers) on the other core; the writer's own automatic checkpoint stays as a far-off safety
 * net in case this worker is gone.
 */

export interface Checkpointer {
  stop(): Promise<void>;
}

// Plain JavaScript: runs without the TypeScript loader, in Node and in Electron.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const options = {};
if (workerData.nativeBinding) options.nativeBinding = workerData.nativeBinding;
const connection = new Database(workerData.file, options);
connection.pragma('busy_timeout = 50');
let running = true;
const tick = () => {
  if (!running) return;
  try {
    const [row] = connection.pragma('wal_checkpoint(PASSIVE)');
    if (row && row.busy) parentPort.postMessage({ type: 'busy' });
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message) });
  }
  timer = setTimeout(tick, workerData.intervalMs);
};
let timer = setTimeout(tick, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  running = false;
  clearTimeout(timer);
  connection.close();
  parentPort.close();
});
`;

export function startCheckpointer(options: {
  file: string;
  nativeBinding?: string;
  intervalMs?: number;
  log: ReplicaLog;
}): Checkpointer {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      modulePath,
      file: options.file,
      nativeBinding: options.nativeBinding ?? null,
      intervalMs: options.intervalMs ?? 250,
    },
  });
  // Checkpoints are housekeeping: they must never keep the process alive.
  worker.unref();
  worker.on('message', (message: { type: string; message?: string }) => {
    if (message.type === 'error') options.log.warn('replica: background checkpoint failed', { error: message.message });
  });
  worker.on('error', (error) => options.log.warn('replica: checkpoint worker stopped', { error: error.message }));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Keep the process alive until the worker has closed its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
