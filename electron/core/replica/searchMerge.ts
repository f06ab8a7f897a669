import type { ReplicaChange, WritableDb } from './db';
import { ReplicaError, type ReplicaLog } from './errors';
import { sql, type SqlFragment } from './sql';

/**
 * The search indexes' segment merges, in bounded steps (see migration 006).
 *
 * Every write that indexes rows adds one small FTS5 segment per index; a search reads every
 * segment, so they must be merged. FTS5's own `automerge` did that inside the writing
 * transaction, in lumps of hundreds of pages. Here a step is one `merge` command of a few pages
 * in a transaction of its own: FTS5 merges a level once it holds `usermerge` (4) segments, goes
 * on with a level it started, and stops after about `pages` pages at the next term (a term's
 * list is never cut in two, so one very common term may add a few pages more). Steps run after
 * each ingest piece (ingest.ts) and, for other writes (sync pages, local edits), once the replica
 * has been quiet for a moment (`startSearchMerger`), with an event-loop turn between steps.
 */

export type SearchIndexTable = 'interactions_fts' | 'contacts_fts';
export const SEARCH_INDEX_TABLES: readonly SearchIndexTable[] = ['interactions_fts', 'contacts_fts'];

/** Pages a step asks FTS5 to write (its page is about 4 KB): a few milliseconds of work. */
export const MERGE_PAGES = 16;

function mergeCommand(table: SearchIndexTable, pages: number): SqlFragment {
  switch (table) {
    case 'interactions_fts':
      return sql`INSERT INTO interactions_fts (interactions_fts, rank) VALUES ('merge', ${pages})`;
    case 'contacts_fts':
      return sql`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('merge', ${pages})`;
  }
}

const totalChanges = (db: WritableDb): number => db.column<number>(sql`SELECT total_changes()`)[0] ?? 0;

/**
 * One merge step on one index, in its own transaction. Returns whether it did any work: FTS5
 * counts a change for every page it writes or deletes, and fewer than two means nothing was left.
 */
export function mergeIndexStep(db: WritableDb, table: SearchIndexTable, pages = MERGE_PAGES): boolean {
  // `bulk`: a small search backlog waiting in the queue is not indexed inside this step.
  return db.transaction(
    () => {
      const before = totalChanges(db);
      db.run(mergeCommand(table, Math.max(1, Math.floor(pages))));
      return totalChanges(db) - before >= 2;
    },
    { bulk: true },
  );
}

/**
 * One step on the first index that has merging to do (an index with none costs a look at its
 * structure record). Returns false when neither index has segments left to merge.
 */
export function mergeSearchStep(db: WritableDb, pages = MERGE_PAGES): boolean {
  return SEARCH_INDEX_TABLES.some((table) => mergeIndexStep(db, table, pages));
}

const setImmediateTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Merges until nothing is left, one step per transaction, an event-loop turn between steps. */
export async function mergeSearchIndex(
  db: WritableDb,
  options: { pages?: number; yieldTurn?: () => Promise<void>; signal?: AbortSignal } = {},
): Promise<number> {
  const yieldTurn = options.yieldTurn ?? setImmediateTurn;
  let steps = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    if (!mergeSearchStep(db, options.pages)) return steps;
    steps += 1;
    await yieldTurn();
  }
}

export interface SearchMerger {
  /** Asks for a pass once the replica has been quiet for `quietMs` (the replica's changes do too). */
  kick(): void;
  /** Stops scheduling, and waits for a running step sequence to reach its next turn. */
  stop(): Promise<void>;
}

/**
 * Runs merge passes after writes, once the replica has had no change for `quietMs`, or at the
 * latest `maxDelayMs` after the first change a pass has not seen (a stream of sync pages must
 * not pile segments up until FTS5's crisis merge does them in one go). A long ingest merges as
 * it goes (ingest.ts), so passes mostly follow sync pages and local edits. A pass that meets a
 * write barrier (a new replica being built) tries again later.
 */
export function startSearchMerger(options: {
  writer: WritableDb;
  onChange: (listener: (change: ReplicaChange) => void) => () => void;
  log: ReplicaLog;
  quietMs?: number;
  maxDelayMs?: number;
  pages?: number;
  yieldTurn?: () => Promise<void>;
}): SearchMerger {
  const quietMs = options.quietMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 1_000;
  let lastChange = Date.now();
  /** When the oldest change no pass has started after yet happened (null: none). */
  let unseenSince: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const controller = new AbortController();

  const arm = (ms: number) => {
    if (stopped || timer !== null) return;
    timer = setTimeout(fire, Math.max(0, ms));
    // Housekeeping: it never keeps the process alive.
    timer.unref?.();
  };
  const pass = async () => {
    try {
      await mergeSearchIndex(options.writer, {
        signal: controller.signal,
        ...(options.pages === undefined ? {} : { pages: options.pages }),
        ...(options.yieldTurn === undefined ? {} : { yieldTurn: options.yieldTurn }),
      });
    } catch (error) {
      if (stopped) return;
      if (error instanceof ReplicaError && error.code === 'unavailable') {
        again = true;
        return;
      }
      options.log.warn('replica: search index merge failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  function fire() {
    timer = null;
    if (stopped) return;
    const now = Date.now();
    const overdue = unseenSince !== null && now - unseenSince >= maxDelayMs;
    const wait = lastChange + quietMs - now;
    if (wait > 0 && !overdue) return arm(Math.min(wait, (unseenSince ?? now) + maxDelayMs - now));
    if (running) {
      again = true;
      return;
    }
    unseenSince = null;
    running = pass().finally(() => {
      running = null;
      if (again) {
        again = false;
        arm(quietMs);
      }
    });
  }
  const kick = () => {
    lastChange = Date.now();
    unseenSince ??= lastChange;
    if (running) again = true;
    else arm(quietMs);
  };
  const unsubscribe = options.onChange(kick);
  kick();

  return {
    kick,
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      timer = null;
      controller.abort();
      await running;
    },
  };
}
