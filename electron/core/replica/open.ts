import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { startCheckpointer } from './checkpointer';
import { createDbFacades, type DbFacades, type ReplicaChange } from './db';
import { ReplicaError, type ReplicaLog, type ReplicaRecovery } from './errors';
import { quickCheck, readVersion, type IntegrityCheckMode } from './integrity';
import { latestVersion, migrate, migrations, newerReplicaError, type Migration } from './migrations';
import { drainSearchIndex, flushSmallSearchBacklog } from './search';
import { startSearchMerger, type SearchMerger } from './searchMerge';

export interface OpenReplicaOptions {
  file: string;
  /** Path of a better-sqlite3 addon built for the host's ABI (the Electron shell passes one). */
  nativeBinding?: string;
  log: ReplicaLog;
  /** Where quick_check runs; 'worker' keeps the event loop free (default). */
  integrityCheck?: IntegrityCheckMode;
  /** Names the moved-aside file; injectable for tests. */
  now?: () => number;
  /** Tests open intermediate schema versions; the app always uses every migration. */
  migrations?: readonly Migration[];
  /** 'background' (default) copies the WAL back from a worker thread; see checkpointer.ts. */
  checkpoints?: 'background' | 'inline';
}

export interface Replica {
  readonly file: string;
  readonly reader: DbFacades['reader'];
  readonly writer: DbFacades['writer'];
  onChange(listener: (change: ReplicaChange) => void): () => void;
  /** Stops the checkpoint worker, then closes the connection (which folds the WAL back in). */
  close(): Promise<void>;
}

export interface OpenedReplica {
  replica: Replica;
  /** Set when the old file was unreadable and a fresh replica replaced it (the server has the truth). */
  recovery: ReplicaRecovery | null;
  migrated: { from: number; to: number };
}

const siblings = ['-wal', '-shm'] as const;

function moveAside(file: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  renameSync(file, target);
  for (const suffix of siblings) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}

/** The read-only look may create empty -wal/-shm files; remove the ones it created. */
function removeCreatedSiblings(file: string, existedBefore: ReadonlySet<string>): void {
  for (const suffix of siblings) {
    const path = file + suffix;
    if (!existedBefore.has(suffix) && existsSync(path) && (suffix === '-shm' || statSync(path).size === 0)) {
      rmSync(path, { force: true });
    }
  }
}

function applyPragmas(connection: Database.Database, checkpoints: 'background' | 'inline'): void {
  // Only takes effect on a new, empty file (before the first table). Measured: fewer, larger
  // pages cut the cost of the queue indexes' scattered writes per commit.
  connection.pragma('page_size = 8192');
  connection.pragma('journal_mode = WAL');
  // With background checkpoints, the writer's own is only a safety net (about 160 MB of WAL).
  if (checkpoints === 'background') connection.pragma('wal_autocheckpoint = 20000');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('temp_store = MEMORY');
  // Reads of a large replica go through memory maps instead of read() calls.
  connection.pragma('mmap_size = 1073741824');
  connection.pragma('cache_size = -65536');
  // Keeps the WAL from growing without bound between checkpoints.
  connection.pragma('journal_size_limit = 67108864');
}

/**
 * Opens (creating, recovering or migrating) the local replica.
 *
 * - A file from a newer app is refused with `ReplicaError('replica_newer')` and left as it was.
 * - A file SQLite cannot read, or that fails quick_check, is moved to `<file>.corrupt-<time>`
 *   and replaced by a fresh replica; `recovery` says so, for the UI to tell the user.
 */
export async function openReplica(options: OpenReplicaOptions): Promise<OpenedReplica> {
  const { file, nativeBinding, log } = options;
  const list = options.migrations ?? migrations;
  const now = options.now ?? Date.now;
  let recovery: ReplicaRecovery | null = null;

  if (existsSync(file) && statSync(file).size > 0) {
    const existedBefore = new Set(siblings.filter((suffix) => existsSync(file + suffix)));
    let inspection = readVersion(file, nativeBinding);
    if (inspection.state === 'readable' && inspection.version > latestVersion(list)) {
      removeCreatedSiblings(file, existedBefore);
      log.error('replica: written by a newer app', { version: inspection.version });
      throw newerReplicaError(inspection.version, latestVersion(list));
    }
    if (inspection.state === 'readable') {
      const check = await quickCheck(file, nativeBinding, options.integrityCheck ?? 'worker').catch(
        (error: unknown) => {
          // A worker that cannot start (an unusual host) must not keep the app from opening.
          log.warn('replica: quick_check worker failed, checking inline', { error: String(error) });
          return quickCheck(file, nativeBinding, 'inline');
        },
      );
      if (!check.ok) inspection = { state: 'corrupt', reason: check.reason };
    }
    if (inspection.state === 'corrupt') {
      const movedTo = moveAside(file, now());
      log.warn('replica: unreadable file moved aside, starting fresh', { movedTo });
      recovery = { code: 'replica_corrupt_recovered', movedTo, reason: inspection.reason };
    }
  }

  const checkpoints = options.checkpoints ?? 'background';
  mkdirSync(dirname(file), { recursive: true });
  const connection = new Database(file, nativeBinding === undefined ? {} : { nativeBinding });
  try {
    applyPragmas(connection, checkpoints);
    const facades = createDbFacades(connection, undefined, {
      file,
      ...(nativeBinding === undefined ? {} : { nativeBinding }),
    });
    const migrated = migrate(facades.writer, log, list);
    // Schema 2 brought the search index; tests may open older schemas.
    if (migrated.to >= 2) {
      facades.addBeforeCommit(flushSmallSearchBacklog);
      // Rows a bulk write queued but did not index before the app stopped.
      await drainSearchIndex(facades.writer);
    }
    // Schema 6 turned FTS5's merges inside writes off: these passes do them in small steps.
    const merger: SearchMerger | null =
      migrated.to >= 6 ? startSearchMerger({ writer: facades.writer, onChange: facades.onChange, log }) : null;
    log.info('replica: open', { from: migrated.from, to: migrated.to, recovered: recovery !== null });
    const checkpointer =
      checkpoints === 'background'
        ? startCheckpointer({ file, log, ...(nativeBinding === undefined ? {} : { nativeBinding }) })
        : null;
    const replica: Replica = {
      file,
      reader: facades.reader,
      writer: facades.writer,
      onChange: facades.onChange,
      async close() {
        await merger?.stop();
        await checkpointer?.stop();
        if (!connection.open) return;
        try {
          connection.pragma('optimize');
        } finally {
          connection.close();
        }
      },
    };
    return { replica, recovery, migrated };
  } catch (error) {
    connection.close();
    if (error instanceof ReplicaError) throw error;
    log.error('replica: open failed', { error: error instanceof Error ? error.message : String(error) });
    throw new ReplicaError('internal', 'The local database could not be opened.', { cause: error });
  }
}
