/**
 * Filling a new replica from the server's snapshot (docs/sync.md "A new replica pulls a snapshot
 * first, then changes"). Pages come one after another (each names the next); while this thread
 * validates page N, the server already prepares page N+1. Rows are validated and handed on in
 * slices, with an event-loop turn between slices, so the app stays responsive during a download of
 * hundreds of thousands of rows.
 *
 * An empty replica is built in one go by the replica's worker (indexes, search and counters made
 * once at the end; a crash or an abort leaves it empty, so the next attempt starts over). One left
 * half-filled by an older attempt takes the slices row by row (insert or update). Either way the
 * replica counts as synced only once every page is in.
 */
import type { SnapshotResponse } from '../../../shared/sync/server-api';
import type { IngestProgress } from '../replica/ingest';
import { ingest } from '../replica/ingest';
import type { Replica } from '../replica/open';
import { sql } from '../replica/sql';
import { applyChanges, snapshotBatch, type ApplyLog } from './apply';
import type { SyncTransport } from './transport';

/**
 * Rows per page asked of the server: about 2 MB of JSON, parsed in one go (some 20 ms); smaller
 * pages cost the server more per row (a query and a session check each).
 */
export const SNAPSHOT_LIMIT = 5000;
/** Rows validated and handed on at once: bounds how long this thread is held. */
export const SNAPSHOT_SLICE = 500;

export interface SnapshotDeps {
  readonly replica: Replica;
  readonly transport: SyncTransport;
  readonly token: string;
  readonly clientId: string;
  readonly log: ApplyLog;
  readonly onProgress: (progress: SnapshotResponse['progress']) => void;
  /** How to give the event loop a turn between slices (tests may count turns). */
  readonly yieldToEventLoop?: () => Promise<void>;
  /** Rows per page and per slice (tests use small ones). */
  readonly pageRows?: number;
  readonly sliceRows?: number;
}

/** What the snapshot cost, for the log line (times in ms). */
export interface SnapshotReport {
  readonly cursor: number;
  readonly rows: number;
  readonly pages: number;
  readonly ms: number;
  /** Waiting for a page the server had not sent yet. */
  readonly waitMs: number;
  /** Validating rows and turning them into replica batches on this thread. */
  readonly validateMs: number;
  /** The longest stretch of validation without a turn of the event loop. */
  readonly longestSliceMs: number;
  readonly mode: 'build' | 'incremental';
  readonly build: IngestProgress | null;
}

const setImmediateTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function fillFromSnapshot(deps: SnapshotDeps): Promise<SnapshotReport> {
  const { writer } = deps.replica;
  const yieldTurn = deps.yieldToEventLoop ?? setImmediateTurn;
  const pageRows = deps.pageRows ?? SNAPSHOT_LIMIT;
  const sliceRows = deps.sliceRows ?? SNAPSHOT_SLICE;
  const started = performance.now();
  const timing = { waitMs: 0, validateMs: 0, longestSliceMs: 0, rows: 0, pages: 0 };
  let cursor: number | null = null;

  async function* pages(): AsyncGenerator<SnapshotResponse> {
    const fetchPage = (page: string | null) => deps.transport.snapshot(deps.token, deps.clientId, page, pageRows);
    let next: Promise<SnapshotResponse> | null = fetchPage(null);
    while (next !== null) {
      const waiting = performance.now();
      const answer: SnapshotResponse = await next;
      timing.waitMs += performance.now() - waiting;
      cursor ??= answer.cursor;
      timing.rows += answer.rows.length;
      timing.pages += 1;
      // One page ahead: the server prepares it while this thread works on this one.
      next = answer.next === null ? null : fetchPage(answer.next);
      // A failed prefetch is reported by the await above on the next turn, not left unhandled.
      next?.catch(() => undefined);
      deps.onProgress(answer.progress);
      yield answer;
    }
  }

  /** Each page in slices; `convert` runs on one slice at a time and is timed. */
  async function* slices<T>(convert: (rows: SnapshotResponse['rows']) => T): AsyncGenerator<T> {
    for await (const answer of pages()) {
      for (let start = 0; start < answer.rows.length; start += sliceRows) {
        if (start > 0) await yieldTurn();
        const slicing = performance.now();
        const converted = convert(answer.rows.slice(start, start + sliceRows));
        const elapsed = performance.now() - slicing;
        timing.validateMs += elapsed;
        timing.longestSliceMs = Math.max(timing.longestSliceMs, elapsed);
        yield converted;
      }
    }
  }

  const resumed = writer.get(sql`SELECT 1 AS x FROM clients LIMIT 1`) !== undefined;
  let build: IngestProgress | null = null;
  if (resumed) {
    for await (const changes of slices((rows) =>
      rows.map((row, index) => ({ ...row, cursor: index + 1, op: 'upsert' as const })),
    )) {
      writer.transaction(() => applyChanges(writer, changes, deps.log));
      await yieldTurn();
    }
  } else {
    build = await ingest(writer, slices(snapshotBatch), { mode: 'build-if-empty' });
  }
  writer.transaction(() => {
    writer.run(sql`UPDATE sync_meta SET snapshot_done = 1, cursor = ${cursor ?? 0} WHERE singleton = 1`);
  });
  writer.notifyChanged({ reset: true });
  return {
    cursor: cursor ?? 0,
    rows: timing.rows,
    pages: timing.pages,
    ms: performance.now() - started,
    waitMs: timing.waitMs,
    validateMs: timing.validateMs,
    longestSliceMs: timing.longestSliceMs,
    mode: resumed ? 'incremental' : (build?.mode ?? 'build'),
    build,
  };
}
