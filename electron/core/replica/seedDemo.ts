import { generateDemo, type DemoOptions } from '../../../shared/demo';
import type { WritableDb } from './db';
import { ingest, type IngestOptions, type IngestProgress } from './ingest';

/**
 * Fills the replica with the demo workspace (shared/demo). Same seed and `now`, same replica.
 *
 * An empty replica opened from a file is built by a worker thread (build.ts); the caller's
 * thread only generates the demo, DEMO_BATCH items at a time (a few milliseconds each), and
 * yields between batches. A replica that has rows takes the incremental path, in bounded chunks.
 */

/** Items generated per batch on the caller's thread: one short stretch each (about 45 µs an item). */
const DEMO_BATCH = 64;

export function seedDemo(db: WritableDb, demo: DemoOptions, options: IngestOptions = {}): Promise<IngestProgress> {
  return ingest(db, generateDemo({ batchSize: DEMO_BATCH, ...demo }), { mode: 'build-if-empty', ...options });
}
