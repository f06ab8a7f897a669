import type BetterSqlite3 from 'better-sqlite3';
import type * as FileSystem from 'node:fs';
import type * as WorkerThreads from 'node:worker_threads';
import { createRowWriter, type ColumnHelpers, type WriteOrder } from './buildRows';
import { insertHead, rowMaker, type ReplicaTables } from './columns';
import type { ReplicaBatch } from './ingest';

/**
 * The worker side of a new-replica build (build.ts runs it). Self-contained on purpose: the
 * function's source text is what the worker evaluates (`buildWorkerSource`), so it may use
 * nothing from outside itself — no imports at run time, no helpers of this module — and runs the
 * same under Node, tsx, vitest and Electron's bundle.
 *
 * The whole build is ONE write transaction on the worker's own connection:
 * 1. the secondary indexes and the triggers (search queue, counters, labels) are dropped;
 * 2. rows go in with explicit pks, references resolved from id → pk maps kept here, derived
 *    columns (search_handles, labeled, prio_key) computed as the triggers would;
 * 3. the indexes and triggers are created again from their exact SQL, both FTS indexes rebuilt
 *    in one pass, the counters computed with one GROUP BY each;
 * 4. commit. Readers see an empty replica until then and the complete one after; a crash or an
 *    abort anywhere before the commit leaves the replica as empty as it was (WAL rollback), so
 *    the next start sees an empty replica and builds again.
 */

export type BuildRequest = { type: 'batch'; batch: ReplicaBatch } | { type: 'finish' } | { type: 'abort' };

export interface BuildPhases {
  /** Opening, checking emptiness, dropping indexes and triggers. */
  prepareMs: number;
  /** Writing rows (inside the worker, excluding waiting for batches). */
  rowsMs: number;
  indexesMs: number;
  searchMs: number;
  countersMs: number;
  commitMs: number;
  /** Copying the WAL back into the file (see finish). */
  checkpointMs: number;
  /**
   * CPU time the worker thread used from start to done, ms, where the OS tells (Linux); null
   * elsewhere. On a busy machine the phases above also count time other processes had the CPU.
   */
  cpuMs: number | null;
}

export type BuildReply =
  | { type: 'ready' }
  | { type: 'ack'; rows: number; interactions: number; items: number }
  | { type: 'done'; phases: BuildPhases; rows: number; interactions: number; items: number }
  | { type: 'error'; message: string; code: 'not_empty' | 'failed' };

export interface BuildWorkerData {
  modulePath: string;
  file: string;
  nativeBinding: string | null;
  /** columns.ts's `replicaTables`, as data: the worker imports nothing. */
  tables: ReplicaTables;
  /** The registry's entities in rank order (`writeOrder`), as data too. */
  order: readonly WriteOrder[];
}

type Require = (id: string) => unknown;

export function buildWorkerMain(load: Require, rowWriter: typeof createRowWriter, columns: ColumnHelpers): void {
  const { parentPort, workerData } = load('node:worker_threads') as typeof WorkerThreads;
  const fs = load('node:fs') as typeof FileSystem;
  /** This thread's CPU time, ms (Linux: the first field of schedstat, ns); NaN where unknown. */
  const cpuNow = () => {
    try {
      return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
    } catch {
      return Number.NaN;
    }
  };
  const cpuStarted = cpuNow();
  const data = workerData as BuildWorkerData;
  const Database = load(data.modulePath) as typeof BetterSqlite3;
  const port = parentPort;
  if (!port) return;
  const send = (reply: BuildReply) => port.postMessage(reply);
  const now = () => performance.now();
  const phases: BuildPhases = {
    prepareMs: 0,
    rowsMs: 0,
    indexesMs: 0,
    searchMs: 0,
    countersMs: 0,
    commitMs: 0,
    checkpointMs: 0,
    cpuMs: null,
  };

  let started = now();
  const db = new Database(data.file, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
  // Per connection: the build's pages stay in memory until the commit writes them once; no
  // automatic checkpoint on this thread (the replica's checkpointer folds the WAL back).
  db.pragma('foreign_keys = OFF');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -1048576');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN IMMEDIATE');

  const fail = (message: string, code: 'not_empty' | 'failed') => {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    send({ type: 'error', message, code });
    port.close();
  };

  const big = ['contacts', 'threads', 'interactions', 'items', 'replies', 'notes'];
  for (const table of big) {
    if (db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined) {
      fail(`replica: ${table} is not empty, a new-replica build needs an empty replica`, 'not_empty');
      return;
    }
  }

  const schema = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
       AND tbl_name NOT LIKE '%fts%' ORDER BY rowid`,
    )
    .all() as { type: 'index' | 'trigger'; name: string; sql: string }[];
  for (const entry of schema) db.exec(`DROP ${entry.type.toUpperCase()} "${entry.name}"`);
  const rows = rowWriter(db, big, data.tables, columns, data.order);
  const counts = rows.counts;
  phases.prepareMs = now() - started;

  const finish = () => {
    started = now();
    rows.flush();
    phases.rowsMs += now() - started;
    started = now();
    for (const entry of schema) if (entry.type === 'index') db.exec(entry.sql);
    // Statistics ANALYZE took of these tables while they were empty would mislead the planner.
    if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get() !== undefined) {
      db.prepare(`DELETE FROM sqlite_stat1 WHERE tbl IN (SELECT value FROM json_each(?))`).run(JSON.stringify(big));
    }
    phases.indexesMs = now() - started;
    started = now();
    // One segment per index at the end ('optimize'): the incremental writes that follow add
    // small segments that searchMerge.ts merges in steps, never into a pile of mid-sized ones.
    db.exec(`INSERT INTO interactions_fts (interactions_fts) VALUES ('rebuild');
      INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
      INSERT INTO interactions_fts (interactions_fts) VALUES ('optimize');
      INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize');
      DELETE FROM search_pending; DELETE FROM search_pending_contacts;`);
    phases.searchMs = now() - started;
    started = now();
    db.exec(`DELETE FROM item_counts; DELETE FROM item_assignee_counts;
      INSERT INTO item_counts (channel_pk, status, sensitive, client_pk, n)
        SELECT channel_pk, status, sensitive, client_pk, count(*) FROM items GROUP BY channel_pk, status, sensitive;
      INSERT INTO item_assignee_counts (assignee_pk, status, n)
        SELECT assignee_pk, status, count(*) FROM items WHERE assignee_pk IS NOT NULL GROUP BY assignee_pk, status;`);
    for (const entry of schema) if (entry.type === 'trigger') db.exec(entry.sql);
    phases.countersMs = now() - started;
    started = now();
    db.exec('COMMIT');
    phases.commitMs = now() - started;
    // The build's pages are all in the WAL: copy them into the file here, off the caller's
    // thread, so readers do not start on a WAL as large as the replica. PASSIVE never waits for
    // readers; what it leaves, the replica's checkpointer finishes.
    started = now();
    db.pragma('wal_checkpoint(PASSIVE)');
    phases.checkpointMs = now() - started;
    db.close();
    const cpu = cpuNow() - cpuStarted;
    phases.cpuMs = Number.isFinite(cpu) ? cpu : null;
    send({ type: 'done', phases, ...counts });
    port.close();
  };

  send({ type: 'ready' });
  port.on('message', (request: BuildRequest) => {
    try {
      if (request.type === 'abort') {
        fail('replica: build aborted', 'failed');
      } else if (request.type === 'batch') {
        const t = now();
        rows.write(request.batch);
        phases.rowsMs += now() - t;
        send({ type: 'ack', ...counts });
      } else {
        finish();
      }
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error), 'failed');
    }
  });
}

/**
 * What the worker evaluates: the function above, called with the worker's `require`, the row
 * writer and the two functions that read columns.ts's tables (the tables come as workerData).
 */
export function buildWorkerSource(): string {
  // Bundlers and tsx may wrap named functions in `__name(…)`; give the worker a no-op one.
  const columns = `{ insertHead: ${insertHead.toString()}, rowMaker: ${rowMaker.toString()} }`;
  return `const __name = (fn) => fn;\n(${buildWorkerMain.toString()})(require, ${createRowWriter.toString()}, ${columns});`;
}
