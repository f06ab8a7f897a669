import type {
  Channel,
  Client,
  Contact,
  Interaction,
  Item,
  Note,
  Reply,
  SavedReply,
  Thread,
  User,
  Workspace,
} from '../../../shared/domain/entities';
import type { EntityBatch } from '../../../shared/domain/batch';
import type { WritableDb } from './db';
import { buildNewReplica, isEmptyReplica } from './build';
import { bulkContacts, bulkInteractions, bulkItems, bulkReplies, bulkThreads } from './bulk';
import { flushSearchIndex, SEARCH_PIECE } from './search';
import { upsertChannel, upsertClient, upsertNote, upsertSavedReply, upsertUser, upsertWorkspace } from './upserts';

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
  /** Build path: how many stretches between event-loop turns held the caller over 16 ms. */
  stretchesOver16ms?: number;
  /** Which path wrote: 'build' (worker, new replica) or 'incremental'. */
  mode?: 'build' | 'incremental';
}

export interface IngestOptions {
  /**
   * Entities per transaction. By default the size adapts so each chunk takes about
   * `chunkBudgetMs` on this machine (between 16 and 4,000 entities); a number fixes it.
   */
  chunkRows?: number;
  chunkBudgetMs?: number;
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
  /** How to give the event loop a turn between chunks (tests may count turns). */
  yieldToEventLoop?: () => Promise<void>;
  /**
   * 'incremental' (default): chunked transactions on the caller's connection, every index and
   * trigger live. 'build-if-empty': when the replica holds no rows yet and has a file, a worker
   * thread builds it in one transaction (build.ts) — much faster, nothing visible until done.
   */
  mode?: 'incremental' | 'build-if-empty';
}

const MIN_CHUNK = 16;
const MAX_CHUNK = 4000;
/** Leaves room under the 16 ms frame for the caller's own work and the commit's variance. */
export const DEFAULT_CHUNK_BUDGET_MS = 10;

/** One entity of a batch, tagged with its kind; a chunk is a run of these, parents first. */
type Entry =
  | { kind: 'workspace'; value: Workspace }
  | { kind: 'client'; value: Client }
  | { kind: 'user'; value: User }
  | { kind: 'channel'; value: Channel }
  | { kind: 'savedReply'; value: SavedReply }
  | { kind: 'contact'; value: Contact }
  | { kind: 'thread'; value: Thread }
  | { kind: 'interaction'; value: Interaction }
  | { kind: 'item'; value: Item }
  | { kind: 'reply'; value: Reply }
  | { kind: 'note'; value: Note };

function* entriesOf(batch: ReplicaBatch): Generator<Entry> {
  if (batch.workspace) yield { kind: 'workspace', value: batch.workspace };
  for (const value of batch.clients ?? []) yield { kind: 'client', value };
  for (const value of batch.users ?? []) yield { kind: 'user', value };
  for (const value of batch.channels ?? []) yield { kind: 'channel', value };
  for (const value of batch.savedReplies ?? []) yield { kind: 'savedReply', value };
  for (const value of batch.contacts ?? []) yield { kind: 'contact', value };
  for (const value of batch.threads ?? []) yield { kind: 'thread', value };
  for (const value of batch.interactions ?? []) yield { kind: 'interaction', value };
  for (const value of batch.items ?? []) yield { kind: 'item', value };
  for (const value of batch.replies ?? []) yield { kind: 'reply', value };
  for (const value of batch.notes ?? []) yield { kind: 'note', value };
}

/** Writes a run of entries: consecutive entities of one kind together (bulk.ts). */
function writeEntries(db: WritableDb, entries: readonly Entry[]): void {
  let start = 0;
  while (start < entries.length) {
    const kind = entries[start]?.kind;
    let end = start;
    while (end < entries.length && entries[end]?.kind === kind) end += 1;
    writeRun(db, entries.slice(start, end));
    start = end;
  }
}

function writeRun(db: WritableDb, run: readonly Entry[]): void {
  const values = <K extends Entry['kind']>(kind: K) =>
    run.flatMap((entry) => (entry.kind === kind ? [entry.value as Extract<Entry, { kind: K }>['value']] : []));
  switch (run[0]?.kind) {
    case 'workspace':
      return values('workspace').forEach((value) => upsertWorkspace(db, value));
    case 'client':
      return values('client').forEach((value) => upsertClient(db, value));
    case 'user':
      return values('user').forEach((value) => upsertUser(db, value));
    case 'channel':
      return values('channel').forEach((value) => upsertChannel(db, value));
    case 'savedReply':
      return values('savedReply').forEach((value) => upsertSavedReply(db, value));
    case 'contact':
      return bulkContacts(db, values('contact'));
    case 'thread':
      return bulkThreads(db, values('thread'));
    case 'interaction':
      return bulkInteractions(db, values('interaction'));
    case 'item':
      return bulkItems(db, values('item'));
    case 'reply':
      return bulkReplies(db, values('reply'));
    case 'note':
      return values('note').forEach((value) => upsertNote(db, value));
    case undefined:
      return;
  }
}

const setImmediateTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Writes one batch in one transaction (small batches: setup, a sync page). */
export function ingestBatch(db: WritableDb, batch: ReplicaBatch): void {
  db.transaction(() => {
    writeEntries(db, [...entriesOf(batch)]);
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
  let chunkRows = fixed ?? 64;
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

  /** Interactions and contacts written since the last search piece (each queues one row). */
  let queuedForSearch = 0;
  const writeChunk = (chunk: readonly Entry[]) => {
    const started = performance.now();
    db.transaction(
      () => {
        writeEntries(db, chunk);
        // Bulk writes touch too many rows to list: the renderer refetches what it shows.
        db.notifyChanged({ reset: true });
      },
      { bulk: true },
    );
    const elapsed = performance.now() - started;
    progress.writeMs += elapsed;
    progress.longestMs = Math.max(progress.longestMs, elapsed);
    if (fixed === null) {
      // Steer the next chunk toward the budget; damped so one slow commit does not halve it.
      const perRow = elapsed / chunk.length;
      const target = perRow > 0 ? budgetMs / perRow : MAX_CHUNK;
      chunkRows = Math.round(Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, (chunkRows + target) / 2)));
    }
    progress.chunks += 1;
    progress.rows += chunk.length;
    for (const entry of chunk) {
      if (entry.kind === 'interaction') progress.interactions += 1;
      else if (entry.kind === 'item') progress.items += 1;
    }
    queuedForSearch += chunk.filter((entry) => entry.kind === 'interaction' || entry.kind === 'contact').length;
    options.onProgress?.({ ...progress });
  };

  /** Search indexing of what the chunks queued, in pieces of its own (see search.ts). */
  const indexPiece = (all: boolean): boolean => {
    if (!all && queuedForSearch < SEARCH_PIECE) return false;
    const started = performance.now();
    const done = db.transaction(() => flushSearchIndex(db, SEARCH_PIECE));
    const elapsed = performance.now() - started;
    progress.writeMs += elapsed;
    progress.longestMs = Math.max(progress.longestMs, elapsed);
    queuedForSearch = Math.max(0, queuedForSearch - done);
    return done > 0;
  };

  let chunk: Entry[] = [];
  for await (const batch of batches) {
    for (const entry of entriesOf(batch)) {
      chunk.push(entry);
      if (chunk.length >= chunkRows) {
        options.signal?.throwIfAborted();
        writeChunk(chunk);
        chunk = [];
        await yieldTurn();
        if (indexPiece(false)) await yieldTurn();
      }
    }
  }
  if (chunk.length > 0) {
    options.signal?.throwIfAborted();
    writeChunk(chunk);
  }
  while (indexPiece(true)) await yieldTurn();
  return progress;
}
