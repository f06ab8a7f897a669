import { demoWarmUpSteps, generateDemo, type DemoOptions } from '../../../shared/demo';
import type { WritableDb } from './db';
import { ingest, type IngestOptions, type IngestProgress } from './ingest';
import { mergeStretches, stretchMeter } from './stretches';

/**
 * Fills the replica with the demo workspace (shared/demo). Same seed and `now`, same replica.
 *
 * An empty replica opened from a file is built by a worker thread (build.ts); the caller's
 * thread only generates the demo and yields between batches. A replica that has rows takes the
 * incremental path, in time-boxed chunks. Either way the caller is held in short stretches: the
 * generator's one-off start-up work runs first as separate steps (demoWarmUpSteps), and a batch
 * ends after DEMO_BATCH items or DEMO_BATCH_BUDGET_MS, whichever comes first.
 */

/** Items generated per batch on the caller's thread (about 45 µs an item). */
const DEMO_BATCH = 64;
/** A batch ends early once generating it took this long, leaving room for handing it over. */
const DEMO_BATCH_BUDGET_MS = 8;

const setImmediateTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function seedDemo(
  db: WritableDb,
  demo: DemoOptions,
  options: IngestOptions = {},
): Promise<IngestProgress> {
  const yieldTurn = options.yieldToEventLoop ?? setImmediateTurn;
  const warmUp: IngestProgress = { chunks: 0, rows: 0, interactions: 0, items: 0, writeMs: 0, longestMs: 0 };
  const meter = stretchMeter(warmUp, options.threadClock);
  for (const step of demoWarmUpSteps()) {
    options.signal?.throwIfAborted();
    meter.start();
    step();
    meter.end();
    await yieldTurn();
  }
  const clock = () => performance.now();
  const progress = await ingest(
    db,
    generateDemo({ batchSize: DEMO_BATCH, budgetMs: DEMO_BATCH_BUDGET_MS, clock, ...demo }),
    { mode: 'build-if-empty', ...options },
  );
  return mergeStretches(progress, warmUp);
}
