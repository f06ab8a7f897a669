import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ReplicaLocation, WritableDb } from './db';
import {
  buildWorkerSource,
  type BuildPhases,
  type BuildReply,
  type BuildRequest,
  type BuildWorkerData,
} from './buildWorker';
import type { IngestOptions, IngestProgress, ReplicaBatch } from './ingest';
import { entityRegistry, syncEntities } from '../../../shared/entities/registry';
import type { WriteOrder } from './buildRows';
import { replicaTables } from './columns';
import { sql } from './sql';
import { stretchMeter } from './stretches';

/**
 * The new-replica build: filling an EMPTY replica with a large stream (the demo workspace, a
 * first full download). The caller's thread only produces batches and hands them over; a
 * worker thread writes them on its own connection in one transaction with the secondary
 * indexes, search triggers and counter triggers out of the way, then builds indexes, search
 * and counters in one pass each and commits (see buildWorker.ts). Until that commit readers see
 * an empty replica; a crash or an abort leaves it empty, so it is built again next time.
 *
 * The incremental path (ingest.ts: chunked transactions with every index and trigger live) is
 * for everything else: a replica that has rows, a sync page.
 */

/** Batches handed to the worker and not yet written: bounds memory when the worker lags. */
const MAX_IN_FLIGHT = 32;

/** True when the replica holds no people, threads, messages or items (a build may start). */
export function isEmptyReplica(db: WritableDb): boolean {
  return (
    db.column<number>(sql`SELECT NOT (EXISTS (SELECT 1 FROM contacts) OR EXISTS (SELECT 1 FROM threads)
      OR EXISTS (SELECT 1 FROM interactions) OR EXISTS (SELECT 1 FROM items) OR EXISTS (SELECT 1 FROM replies)
      OR EXISTS (SELECT 1 FROM notes))`)[0] === 1
  );
}

/** The registry's entities in rank order with their batch fields: the build worker's write order, as data. */
export function writeOrder(): WriteOrder[] {
  return syncEntities.map((entity) => ({
    entity,
    batchKey: entityRegistry[entity].batchKey,
    one: entityRegistry[entity].cardinality === 'one',
  }));
}

export interface BuildProgress extends IngestProgress {
  phases: BuildPhases;
}

const setImmediateTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function buildNewReplica(
  db: WritableDb,
  location: ReplicaLocation,
  batches: Iterable<ReplicaBatch> | AsyncIterable<ReplicaBatch>,
  options: IngestOptions = {},
): Promise<BuildProgress> {
  const yieldTurn = options.yieldToEventLoop ?? setImmediateTurn;
  const data: BuildWorkerData = {
    modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
    file: location.file,
    nativeBinding: location.nativeBinding ?? null,
    tables: replicaTables,
    order: writeOrder(),
  };
  const worker = new Worker(buildWorkerSource(), { eval: true, workerData: data });
  const progress: IngestProgress = {
    chunks: 0,
    rows: 0,
    interactions: 0,
    items: 0,
    writeMs: 0,
    longestMs: 0,
    mode: 'build',
  };

  let failure: Error | null = null;
  let done: Extract<BuildReply, { type: 'done' }> | null = null;
  let wake: (() => void) | null = null;
  let ready = false;
  let acked = 0;
  const notify = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  worker.on('message', (reply: BuildReply) => {
    if (reply.type === 'ready') ready = true;
    else if (reply.type === 'ack') {
      acked += 1;
      progress.rows = reply.rows;
      progress.interactions = reply.interactions;
      progress.items = reply.items;
      options.onProgress?.({ ...progress });
    } else if (reply.type === 'done') done = reply;
    else failure = new Error(reply.message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  worker.on('exit', (code) => {
    if (!done && !failure) failure = new Error(`replica build worker stopped (exit code ${code})`);
    notify();
  });
  const until = async (condition: () => boolean) => {
    while (!condition()) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (failure) throw failure;
  };
  const send = (request: BuildRequest) => worker.postMessage(request);

  /** The caller's thread is held from each resumption to the next await: the longest is reported. */
  const meter = stretchMeter(progress, options.threadClock);
  const endSlice = () => meter.end();
  const resumed = () => meter.start();

  db.setWriteBarrier?.('The local data is still being prepared; try again in a moment.');
  try {
    await until(() => ready);
    resumed();
    let sent = 0;
    for await (const batch of batches) {
      options.signal?.throwIfAborted();
      send({ type: 'batch', batch });
      sent += 1;
      progress.chunks += 1;
      endSlice();
      await yieldTurn();
      if (sent - acked > MAX_IN_FLIGHT) await until(() => sent - acked <= MAX_IN_FLIGHT / 2);
      resumed();
    }
    options.signal?.throwIfAborted();
    send({ type: 'finish' });
    endSlice();
    await until(() => done !== null);
  } catch (error) {
    if (!failure) send({ type: 'abort' });
    // The worker rolls back and closes its connection; wait for that before reporting.
    await new Promise<void>((resolve) => (worker.threadId === -1 ? resolve() : worker.once('exit', () => resolve())));
    throw error;
  } finally {
    db.setWriteBarrier?.(null);
  }

  const finished = done as Extract<BuildReply, { type: 'done' }> | null;
  if (!finished) throw new Error('replica build ended without a result');
  const phases = finished.phases;
  progress.rows = finished.rows;
  progress.interactions = finished.interactions;
  progress.items = finished.items;
  progress.writeMs =
    phases.prepareMs +
    phases.rowsMs +
    phases.indexesMs +
    phases.searchMs +
    phases.countersMs +
    phases.commitMs +
    phases.checkpointMs;
  db.notifyChanged({ reset: true });
  options.onProgress?.({ ...progress });
  return { ...progress, phases };
}
