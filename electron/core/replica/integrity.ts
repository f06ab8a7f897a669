import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * Looks at an existing replica file without changing it: can SQLite read it, which schema
 * version it has and whether `PRAGMA quick_check` passes.
 *
 * quick_check reads the whole file (about a second at a million items), so by default it runs
 * in a worker thread on its own read-only connection and the caller's event loop stays free.
 */
export type IntegrityCheckMode = 'worker' | 'inline';

const notDatabaseCodes = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB']);

function readOnly(file: string, nativeBinding: string | undefined): Database.Database {
  return new Database(file, {
    readonly: true,
    fileMustExist: true,
    ...(nativeBinding === undefined ? {} : { nativeBinding }),
  });
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

/** The schema version, or why the file is not a readable database. Throws on other errors. */
export function readVersion(
  file: string,
  nativeBinding: string | undefined,
): { state: 'readable'; version: number } | { state: 'corrupt'; reason: string } {
  let connection: Database.Database | undefined;
  try {
    connection = readOnly(file, nativeBinding);
    // Reading the schema forces SQLite to parse the header and sqlite_schema.
    connection.prepare('SELECT count(*) FROM sqlite_schema').get();
    const version = connection.pragma('user_version', { simple: true });
    return { state: 'readable', version: typeof version === 'number' ? version : 0 };
  } catch (error) {
    if (notDatabaseCodes.has(errorCode(error))) {
      return { state: 'corrupt', reason: error instanceof Error ? error.message : String(error) };
    }
    throw error;
  } finally {
    connection?.close();
  }
}

function quickCheckInline(file: string, nativeBinding: string | undefined): string[] {
  const connection = readOnly(file, nativeBinding);
  try {
    const rows = connection.pragma('quick_check') as { quick_check: string }[];
    return rows.map((row) => row.quick_check);
  } finally {
    connection.close();
  }
}

// Plain JavaScript: the worker runs without the TypeScript loader, in Node and in Electron.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
let connection;
try {
  const options = { readonly: true, fileMustExist: true };
  if (workerData.nativeBinding) options.nativeBinding = workerData.nativeBinding;
  connection = new Database(workerData.file, options);
  const lines = connection.pragma('quick_check').map((row) => row.quick_check);
  parentPort.postMessage({ lines });
} catch (error) {
  parentPort.postMessage({ error: String(error && error.message), code: String(error && error.code) });
} finally {
  if (connection) connection.close();
}
`;

type WorkerAnswer = { lines: string[] } | { error: string; code: string };

function quickCheckInWorker(file: string, nativeBinding: string | undefined): Promise<string[]> {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { modulePath, file, nativeBinding: nativeBinding ?? null },
    });
    let answered = false;
    worker.once('message', (answer: WorkerAnswer) => {
      answered = true;
      if ('lines' in answer) resolve(answer.lines);
      else if (notDatabaseCodes.has(answer.code)) resolve([answer.error]);
      else reject(new Error(`quick_check failed: ${answer.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`quick_check worker exited with code ${code}`));
    });
  });
}

export async function quickCheck(
  file: string,
  nativeBinding: string | undefined,
  mode: IntegrityCheckMode,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const lines =
    mode === 'worker' ? await quickCheckInWorker(file, nativeBinding) : quickCheckInline(file, nativeBinding);
  if (lines.length === 1 && lines[0] === 'ok') return { ok: true };
  return { ok: false, reason: lines.slice(0, 5).join('; ') || 'quick_check returned nothing' };
}
