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
import type { WritableDb } from './db';
import {
  upsertChannel,
  upsertClient,
  upsertContact,
  upsertInteraction,
  upsertItem,
  upsertNote,
  upsertReply,
  upsertSavedReply,
  upsertThread,
  upsertUser,
  upsertWorkspace,
} from './upserts';

/**
 * Writes many entities without blocking the caller: rows go in chunks of bounded size, each
 * chunk in its own transaction, and the event loop runs between chunks. Within a batch,
 * parents are written before children (clients before channels before threads …), so a chunk
 * only ever references rows of its own or of an earlier, committed chunk.
 */

export interface ReplicaBatch {
  workspace?: Workspace;
  users?: readonly User[];
  clients?: readonly Client[];
  channels?: readonly Channel[];
  savedReplies?: readonly SavedReply[];
  contacts?: readonly Contact[];
  threads?: readonly Thread[];
  interactions?: readonly Interaction[];
  items?: readonly Item[];
  replies?: readonly Reply[];
  notes?: readonly Note[];
}

export interface IngestProgress {
  chunks: number;
  /** Entities written so far (all kinds). */
  rows: number;
  interactions: number;
  items: number;
  /** Time spent inside write transactions, ms (excludes producing the batches and yielding). */
  writeMs: number;
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
}

const MIN_CHUNK = 16;
const MAX_CHUNK = 4000;
/** Leaves room under the 16 ms frame for the caller's own work and the commit's variance. */
export const DEFAULT_CHUNK_BUDGET_MS = 8;

type Write = (db: WritableDb) => void;
interface Unit {
  write: Write;
  counts: 'interaction' | 'item' | 'other';
}

/** The batch as an ordered list of single-entity writes, parents first. */
function* unitsOf(batch: ReplicaBatch): Generator<Unit> {
  const { workspace } = batch;
  if (workspace) yield { write: (db) => upsertWorkspace(db, workspace), counts: 'other' };
  for (const client of batch.clients ?? []) yield { write: (db) => upsertClient(db, client), counts: 'other' };
  for (const user of batch.users ?? []) yield { write: (db) => upsertUser(db, user), counts: 'other' };
  for (const channel of batch.channels ?? []) yield { write: (db) => upsertChannel(db, channel), counts: 'other' };
  for (const saved of batch.savedReplies ?? []) {
    yield { write: (db) => upsertSavedReply(db, saved), counts: 'other' };
  }
  for (const contact of batch.contacts ?? []) yield { write: (db) => upsertContact(db, contact), counts: 'other' };
  for (const thread of batch.threads ?? []) yield { write: (db) => upsertThread(db, thread), counts: 'other' };
  for (const interaction of batch.interactions ?? []) {
    yield { write: (db) => upsertInteraction(db, interaction), counts: 'interaction' };
  }
  for (const item of batch.items ?? []) yield { write: (db) => upsertItem(db, item), counts: 'item' };
  for (const reply of batch.replies ?? []) yield { write: (db) => upsertReply(db, reply), counts: 'other' };
  for (const note of batch.notes ?? []) yield { write: (db) => upsertNote(db, note), counts: 'other' };
}

const setImmediateTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Writes one batch in one transaction (small batches: setup, a sync page). */
export function ingestBatch(db: WritableDb, batch: ReplicaBatch): void {
  db.transaction(() => {
    for (const unit of unitsOf(batch)) unit.write(db);
    db.notifyChanged({ reset: true });
  });
}

export async function ingest(
  db: WritableDb,
  batches: Iterable<ReplicaBatch> | AsyncIterable<ReplicaBatch>,
  options: IngestOptions = {},
): Promise<IngestProgress> {
  const fixed = options.chunkRows === undefined ? null : Math.max(1, Math.floor(options.chunkRows));
  const budgetMs = options.chunkBudgetMs ?? DEFAULT_CHUNK_BUDGET_MS;
  let chunkRows = fixed ?? 64;
  const yieldTurn = options.yieldToEventLoop ?? setImmediateTurn;
  const progress: IngestProgress = { chunks: 0, rows: 0, interactions: 0, items: 0, writeMs: 0 };

  const writeChunk = (chunk: readonly Unit[]) => {
    const started = performance.now();
    db.transaction(() => {
      for (const unit of chunk) unit.write(db);
      // Bulk writes touch too many rows to list: the renderer refetches what it shows.
      db.notifyChanged({ reset: true });
    });
    const elapsed = performance.now() - started;
    progress.writeMs += elapsed;
    if (fixed === null) {
      // Steer the next chunk toward the budget; damped so one slow commit does not halve it.
      const perRow = elapsed / chunk.length;
      const target = perRow > 0 ? budgetMs / perRow : MAX_CHUNK;
      chunkRows = Math.round(Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, (chunkRows + target) / 2)));
    }
    progress.chunks += 1;
    progress.rows += chunk.length;
    for (const unit of chunk) {
      if (unit.counts === 'interaction') progress.interactions += 1;
      else if (unit.counts === 'item') progress.items += 1;
    }
    options.onProgress?.({ ...progress });
  };

  let chunk: Unit[] = [];
  for await (const batch of batches) {
    for (const unit of unitsOf(batch)) {
      chunk.push(unit);
      if (chunk.length >= chunkRows) {
        options.signal?.throwIfAborted();
        writeChunk(chunk);
        chunk = [];
        await yieldTurn();
      }
    }
  }
  if (chunk.length > 0) {
    options.signal?.throwIfAborted();
    writeChunk(chunk);
  }
  return progress;
}
