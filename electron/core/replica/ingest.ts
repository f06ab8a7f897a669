import type { BatchEntry, EntityBatch } from '../../../shared/domain/batch';
import { batchEntries } from '../../../shared/domain/batch';
import type { EntityTypes, SyncEntity } from '../../../shared/entities/registry';
import type { WritableDb } from './db';
import { buildNewReplica, isEmptyReplica } from './build';
import { flushSearchIndex, SEARCH_PIECE } from './search';
import { mergeSearchStep } from './searchMerge';
import { stretchMeter } from './stretches';
import { writerOf } from './writers';

/**
 * Writes many entities without blocking the caller: rows go in chunks of bounded size, each
 * chunk in its own transaction, and the event loop runs between chunks. Within a batch,
 * parents are written before children (clients before channels before threads …), so a chunk
 * only ever references rows of its own or of an earlier, committed chunk.
 */

/** What the replica ingests: the shared batch of entities. */
export type ReplicaBatch = EntityBatch;

export interface IngestProgress {
  chunks: number;
  /** Entities written so far (all kinds). */
  rows: number;
  interactions: number;
  items: number;
  /** Time spent inside write transactions, ms (excludes producing the batches and yielding). */
  writeMs: number;
  /**
   * How long the caller's thread was held at most, ms: the longest transaction (incremental), or
   * the longest stretch between two event-loop turns (a worker build).
   */
  longestMs: number;
  /** How many stretches between event-loop turns (transactions, incremental) held the caller over 16 ms. */
  stretchesOver16ms?: number;
  /** With `threadClock`: the longest stretch in the caller thread's own CPU time, ms. */
  longestCpuMs?: number;
  /** With `threadClock`: how many stretches used over 16 ms of the thread's CPU time. */
  cpuStretchesOver16ms?: number;
  /** Incremental: the search index merge steps among those stretches (searchMerge.ts). */
  searchMerges?: { steps: number; longestMs: number; longestCpuMs?: number };
  /** Which path wrote: 'build' (worker, new replica) or 'incremental'. */
  mode?: 'build' | 'incremental';
}

export interface IngestOptions {
  /**
   * Entities per transaction. By default a chunk takes entities until it has held the thread
   * about `chunkBudgetMs` (checked every 64 entities); a number fixes the count instead.
   */
  chunkRows?: number;
  chunkBudgetMs?: number;
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
  /** How to give the event loop a turn between chunks (tests may count turns). */
  yieldToEventLoop?: () => Promise<void>;
  /** CPU time the calling thread has used, ms (benchmarks): stretches are measured in it too. */
  threadClock?: () => number;
  /**
   * 'incremental' (default): chunked transactions on the caller's connection, every index and
   * trigger live. 'build-if-empty': when the replica holds no rows yet and has a file, a worker
   * thread builds it in one transaction (build.ts) — much faster, nothing visible until done.
   */
  mode?: 'incremental' | 'build-if-empty';
}

/** Entries written between two looks at the clock (the largest group bulk.ts writes at once). */
const STEP = 64;
/** Entries left over from a batch wait for the next one below this many. */
const KEEP_FOR_NEXT_BATCH = 4 * STEP;
/** The fewest queued rows a search piece indexes (FTS5 writes a segment per transaction). */
const MIN_PIECE = 32;
/** Leaves room under the 16 ms frame for the caller's own work and the commit's variance. */
export const DEFAULT_CHUNK_BUDGET_MS = 8;

/** One entity of a batch, tagged with its kind; a chunk is a run of these, parents first. */
type Entry = BatchEntry;

/** Writes a run of entries: consecutive entities of one kind together (writers.ts, bulk.ts). */
function writeEntries(db: WritableDb, entries: readonly Entry[]): void {
  let start = 0;
  while (start < entries.length) {
    const kind = entries[start]?.entity;
    let end = start;
    while (end < entries.length && entries[end]?.entity === kind) end += 1;
    if (kind !== undefined) writeRun(db, kind, entries.slice(start, end));
    start = end;
  }
}

function writeRun<E extends SyncEntity>(db: WritableDb, kind: E, run: readonly Entry[]): void {
  writerOf(kind).many(
    db,
    run.map((entry) => entry.value as EntityTypes[E]),
  );
}

const setImmediateTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Writes one batch in one transaction (small batches: setup, a sync page). */
export function ingestBatch(db: WritableDb, batch: ReplicaBatch): void {
  db.transaction(() => {
    writeEntries(db, [...batchEntries(batch)]);
    flushSearchIndex(db);
    db.notifyChanged({ reset: true });
  });
}

export async function ingest(
  db: WritableDb,
  batches: Iterable<ReplicaBatch> | AsyncIterable<ReplicaBatch>,
  options: IngestOptions = {},
): Promise<IngestProgress> {
  if (options.mode === 'build-if-empty' && db.location && isEmptyReplica(db)) {
    return buildNewReplica(db, db.location, batches, options);
  }
  return ingestIncremental(db, batches, options);
}

async function ingestIncremental(
  db: WritableDb,
  batches: Iterable<ReplicaBatch> | AsyncIterable<ReplicaBatch>,
  options: IngestOptions,
): Promise<IngestProgress> {
  const fixed = options.chunkRows === undefined ? null : Math.max(1, Math.floor(options.chunkRows));
  const budgetMs = options.chunkBudgetMs ?? DEFAULT_CHUNK_BUDGET_MS;
  const yieldTurn = options.yieldToEventLoop ?? setImmediateTurn;
  const progress: IngestProgress = {
    chunks: 0,
    rows: 0,
    interactions: 0,
    items: 0,
    writeMs: 0,
    longestMs: 0,
    mode: 'incremental',
  };
  const meter = stretchMeter(progress, options.threadClock);
  const held = () => {
    const elapsed = meter.end();
    progress.writeMs += elapsed;
    return elapsed;
  };

  /** Interactions and contacts written since the last search piece (each queues one row). */
  let queuedForSearch = 0;
  /** How long the last step of STEP entries took: the next one is only started if it fits. */
  let stepMs = 0;
  /**
   * Writes entries from the head of `queue` in one transaction and returns how many. With a fixed
   * `chunkRows`, exactly that many (or what is left). Otherwise time-boxed: steps of STEP entries
   * until the next step would not fit in the budget, so a chunk holds the thread about
   * `budgetMs` whatever its rows cost (a returning person costs many times a new thread).
   */
  const writeChunk = (queue: readonly Entry[], from: number): number => {
    meter.start();
    const started = performance.now();
    let end = from;
    db.transaction(
      () => {
        if (fixed !== null) {
          end = Math.min(queue.length, from + fixed);
          writeEntries(db, queue.slice(from, end));
        } else {
          do {
            const stepStarted = performance.now();
            const stepEnd = Math.min(queue.length, end + STEP);
            writeEntries(db, queue.slice(end, stepEnd));
            end = stepEnd;
            stepMs = performance.now() - stepStarted;
          } while (end < queue.length && performance.now() - started + stepMs <= budgetMs);
        }
        // Bulk writes touch too many rows to list: the renderer refetches what it shows.
        db.notifyChanged({ reset: true });
      },
      { bulk: true },
    );
    held();
    progress.chunks += 1;
    progress.rows += end - from;
    for (let i = from; i < end; i += 1) {
      const kind = queue[i]?.entity;
      if (kind === 'interaction') progress.interactions += 1;
      else if (kind === 'item') progress.items += 1;
      if (kind === 'interaction' || kind === 'contact') queuedForSearch += 1;
    }
    options.onProgress?.({ ...progress });
    return end;
  };

  /**
   * Search indexing of what the chunks queued, in pieces of its own (see search.ts): messages and
   * people in separate transactions, each sized so a piece takes about the budget (FTS5's cost
   * per row differs between the two and grows with the index).
   */
  const pieceRows = { interactions: 100, contacts: 100 };
  const piece = (only: 'interactions' | 'contacts'): number => {
    meter.start();
    const done = db.transaction(() => flushSearchIndex(db, pieceRows[only], only));
    const elapsed = held();
    if (elapsed > 0 && (done >= pieceRows[only] || elapsed > budgetMs)) {
      const next = (pieceRows[only] * budgetMs * 0.7) / elapsed;
      pieceRows[only] = Math.round(Math.min(SEARCH_PIECE, Math.max(MIN_PIECE, next)));
    }
    return done;
  };
  const indexPiece = async (all: boolean): Promise<boolean> => {
    if (!all && queuedForSearch < SEARCH_PIECE) return false;
    const messages = piece('interactions');
    await yieldTurn();
    const people = piece('contacts');
    queuedForSearch = Math.max(0, queuedForSearch - messages - people);
    return messages + people > 0;
  };

  /**
   * The search indexes' segment merges the pieces made due (see searchMerge.ts): bounded steps,
   * each its own transaction, until none is left, so the next pieces find few segments.
   */
  const merges: IngestProgress = { chunks: 0, rows: 0, interactions: 0, items: 0, writeMs: 0, longestMs: 0 };
  const mergeMeter = stretchMeter(merges, options.threadClock);
  const mergeSegments = async (): Promise<void> => {
    for (;;) {
      options.signal?.throwIfAborted();
      meter.start();
      mergeMeter.start();
      const merged = mergeSearchStep(db);
      held();
      mergeMeter.end();
      if (!merged) return;
      merges.chunks += 1;
      progress.searchMerges = {
        steps: merges.chunks,
        longestMs: merges.longestMs,
        ...(merges.longestCpuMs === undefined ? {} : { longestCpuMs: merges.longestCpuMs }),
      };
      await yieldTurn();
    }
  };

  /** Entries read from the batches and not written yet (parents always before children). */
  let queue: Entry[] = [];
  let head = 0;
  const writeWhile = async (enough: () => boolean) => {
    while (head < queue.length && enough()) {
      options.signal?.throwIfAborted();
      head = writeChunk(queue, head);
      await yieldTurn();
      if (await indexPiece(false)) {
        await yieldTurn();
        await mergeSegments();
      }
    }
  };
  for await (const batch of batches) {
    queue = queue.slice(head);
    head = 0;
    for (const entry of batchEntries(batch)) queue.push(entry);
    // A short tail waits for the next batch rather than making a small chunk of its own.
    await writeWhile(() => queue.length - head >= (fixed ?? KEEP_FOR_NEXT_BATCH));
  }
  await writeWhile(() => true);
  while (await indexPiece(true)) {
    await yieldTurn();
    await mergeSegments();
  }
  return progress;
}
