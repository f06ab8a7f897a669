import { generateDemo, type DemoOptions } from '../../../shared/demo';
import type { WritableDb } from './db';
import { ingest, type IngestOptions, type IngestProgress } from './ingest';

/**
 * Fills the replica with the demo workspace (shared/demo), in bounded chunks that let the event
 * loop run in between. Same seed and `now`, same replica.
 */
export function seedDemo(db: WritableDb, demo: DemoOptions, options: IngestOptions = {}): Promise<IngestProgress> {
  return ingest(db, generateDemo(demo), options);
}
