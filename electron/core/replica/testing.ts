import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplicaLog } from './errors';
import { openReplica, type OpenReplicaOptions, type OpenedReplica } from './open';
import { seedDemo } from './seedDemo';

/** Helpers for the replica's tests and the benchmark: temp folders, a quiet log, seeded replicas. */

/** A fixed "now" so demo data and due times are the same on every run. */
export const TEST_NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown> | undefined;
}

export function recordingLog(): ReplicaLog & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message, fields) => void lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => void lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => void lines.push({ level: 'error', message, fields }),
  };
}

export interface TempDir {
  path: string;
  file: (name?: string) => string;
  remove: () => void;
}

export function tempDir(prefix = 'replica-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    file: (name = 'replica.db') => join(path, name),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

export interface TempReplica extends OpenedReplica {
  dir: TempDir;
  log: ReturnType<typeof recordingLog>;
  dispose: () => Promise<void>;
}

export async function openTempReplica(options: Partial<OpenReplicaOptions> = {}): Promise<TempReplica> {
  const dir = tempDir();
  const log = recordingLog();
  const opened = await openReplica({ file: dir.file(), log, integrityCheck: 'inline', ...options });
  return {
    ...opened,
    dir,
    log,
    dispose: async () => {
      await opened.replica.close();
      dir.remove();
    },
  };
}

/** A replica holding the demo workspace of `items` items. */
export async function openDemoReplica(items: number, seed = 7): Promise<TempReplica> {
  const opened = await openTempReplica();
  await seedDemo(opened.replica.writer, { seed, items, now: TEST_NOW });
  return opened;
}
