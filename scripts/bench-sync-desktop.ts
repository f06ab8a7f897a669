/**
 * The desktop side of `npm run bench:sync`: real desktop cores (replica, outbox, sync engine,
 * socket) against a real team server on PostgreSQL over loopback.
 *
 *   convergence_p95_ms     a change made on desktop A until it is in desktop B's replica (B learns
 *                          of it by a poke and pulls): p50/p95 over N changes, one at a time
 *   initial_sync_100k_ms   a new desktop signs in until its replica holds the whole snapshot of a
 *                          workspace of N items (100k by default) and the queue answers
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CallName, CallResult } from '../shared/contract';
import { users as demoUsers } from '../shared/demo';
import { startCore, type Core } from '../electron/core';
import { dispatchCall } from '../electron/core/api/dispatch';
import { createConsoleLogger, silentLogger, type Logger } from '../electron/core/log';
import { createServer } from '../server/app';
import type { ServerConfig } from '../server/config';
import { createLogger } from '../server/log';
import { DEMO_PASSWORD } from '../server/seed/demo';
import { startPostgres } from '../tests/integration/support/postgres';
import { BenchServerProcess } from './bench-sync-server';
import { databaseCpuBetween } from './bench-sync-snapshot';

const roundOrNull = (value: number | null) => (value === null ? null : Math.round(value));

export interface DesktopFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note: string;
}

const emailOf = (id: string) => demoUsers.find((user) => user.id === id)?.email ?? '';

async function call<N extends CallName>(core: Core, name: N, args: unknown): Promise<CallResult<N>> {
  const result = await dispatchCall(core.handlers, name, args, silentLogger);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as CallResult<N>;
}

function onceOnline(core: Core, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the desktop did not finish its first sync')), timeoutMs);
    const stop = core.events.on('sync:status', (status) => {
      if (status.state === 'online' && status.progress === null) {
        clearTimeout(timer);
        queueMicrotask(() => stop());
        resolve();
      }
    });
  });
}

async function desktop(
  folder: string,
  serverUrl: string,
  userId: string,
  timeoutMs: number,
  log: Logger = silentLogger,
): Promise<Core> {
  const core = await startCore({
    appName: 'bench',
    appVersion: '0.0.0',
    dataFolder: folder,
    systemLocale: 'it-IT',
    host: 'web',
    log,
    sync: 'ask',
  });
  const online = onceOnline(core, timeoutMs);
  await call(core, 'connection:signIn', { mode: 'team', serverUrl, email: emailOf(userId), password: DEMO_PASSWORD });
  await online;
  return core;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;

const serverConfig = (url: string, demoItems: number): ServerConfig => ({
  port: 0,
  host: '127.0.0.1',
  database: { kind: 'postgres', url },
  sessionTtlMs: 3_600_000,
  logLevel: 'silent',
  seed: 'demo',
  demoItems,
});

/** A label added on A, timed until B's replica reports the item changed and holds the label. */
export async function convergence(
  changes: number,
  log: (line: string) => void,
): Promise<{ figures: DesktopFigure[]; details: Record<string, unknown> }> {
  const cluster = await startPostgres({ durable: true });
  const folder = mkdtempSync(join(tmpdir(), 'bench-converge-'));
  const server = await createServer(serverConfig(cluster.socketUrl, 2000), { logger: createLogger('silent') });
  const cores: Core[] = [];
  try {
    const url = await server.listen();
    const a = await desktop(join(folder, 'a'), url, 'us-giulia', 120_000);
    const b = await desktop(join(folder, 'b'), url, 'us-marco', 120_000);
    cores.push(a, b);
    const page = await call(a, 'queue:list', { view: 'all', sort: 'newest', limit: 200 });
    const items = page.rows.map((row) => row.itemId);
    const samples: number[] = [];
    for (let index = 0; index < changes; index += 1) {
      const itemId = items[index % items.length] ?? '';
      const label = `bench-${index}`;
      const seen = new Promise<number>((resolve) => {
        const stop = b.events.on('replica:changed', (change) => {
          if (!change.items.includes(itemId) && !change.reset) return;
          void call(b, 'item:get', { itemId }).then((detail) => {
            if (!detail.item.labels.includes(label)) return;
            stop();
            resolve(performance.now());
          });
        });
      });
      const started = performance.now();
      await call(a, 'items:act', { itemIds: [itemId], action: { type: 'label', label, op: 'add' } });
      samples.push((await seen) - started);
    }
    const sorted = [...samples].sort((x, y) => x - y);
    const p50 = Number(percentile(sorted, 0.5).toFixed(1));
    const p95 = Number(percentile(sorted, 0.95).toFixed(1));
    log(`  convergence over ${changes} changes: p50 ${p50} ms, p95 ${p95} ms, max ${sorted.at(-1)?.toFixed(1)} ms`);
    return {
      figures: [
        {
          name: 'convergence_p95_ms',
          value: p95,
          unit: 'ms',
          note: `A's change in B's replica (push, poke, pull), p50 ${p50} ms, ${changes} changes, PostgreSQL ${cluster.version} fsync on`,
        },
      ],
      details: { convergence: { changes, p50, p95, max: sorted.at(-1) } },
    };
  } finally {
    for (const core of cores) await core.close();
    await server.close();
    await cluster.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** CPU time of this process's main thread (tid = pid) from /proc, ms; null where /proc is not there. */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** What one initial sync cost on each side. */
interface InitialRun {
  ms: number;
  /** The desktop process: main thread, replica build worker and the rest. */
  desktopCpuMs: number;
  mainThreadCpuMs: number | null;
  serverCpuMs: number;
  databaseCpuMs: number | null;
  /** The longest the desktop's event loop was held (monitorEventLoopDelay's max). */
  longestBlockMs: number;
  /** The engine's own account (sync.snapshot_done): waiting for pages, validating, the build. */
  snapshot: Record<string, unknown> | null;
}

/**
 * A new desktop signs in to a workspace of `items` items: until its first sync is done. The team
 * server runs in a process of its own (bench-sync-server.ts), as it does in real use.
 */
export async function initialSync(
  items: number,
  log: (line: string) => void,
): Promise<{ figures: DesktopFigure[]; details: Record<string, unknown> }> {
  const cluster = await startPostgres({ durable: false });
  const folder = mkdtempSync(join(tmpdir(), 'bench-initial-'));
  let server: BenchServerProcess | null = null;
  const runs: InitialRun[] = [];
  try {
    server = await BenchServerProcess.start(serverConfig(cluster.socketUrl, items), 1_800_000);
    const seedSeconds = Number((server.seedMs / 1000).toFixed(1));
    log(`  server (own process) seeded with ${items} items in ${seedSeconds} s`);
    for (let run = 0; run < 3; run += 1) {
      let snapshot: Record<string, unknown> | null = null;
      const recorder = createConsoleLogger((line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.event === 'sync.snapshot_done') snapshot = entry;
      });
      const serverBefore = await server.cpu();
      const cpuBefore = process.cpuUsage();
      const mainBefore = mainThreadCpuMs();
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const started = performance.now();
      const core = await desktop(join(folder, `d${run}`), server.url, 'us-lead', 600_000, recorder);
      const first = await call(core, 'queue:list', { view: 'inbox', sort: 'priority', limit: 50 });
      const ms = performance.now() - started;
      delay.disable();
      const cpu = process.cpuUsage(cpuBefore);
      const mainAfter = mainThreadCpuMs();
      const serverAfter = await server.cpu();
      if (first.rows.length === 0) throw new Error('the queue is empty after the initial sync');
      await core.close();
      runs.push({
        ms: Math.round(ms),
        desktopCpuMs: Math.round((cpu.user + cpu.system) / 1000),
        mainThreadCpuMs: mainBefore === null || mainAfter === null ? null : Math.round(mainAfter - mainBefore),
        serverCpuMs: Math.round(serverAfter.nodeMs - serverBefore.nodeMs),
        databaseCpuMs: roundOrNull(databaseCpuBetween(serverBefore.databaseByPid, serverAfter.databaseByPid)),
        longestBlockMs: Math.round(delay.max / 1e6),
        snapshot,
      });
      const last = runs[runs.length - 1];
      if (last !== undefined) {
        log(
          `  run ${run + 1}: ${last.ms} ms; CPU desktop ${last.desktopCpuMs} ms (main thread ${last.mainThreadCpuMs ?? '?'}), ` +
            `server ${last.serverCpuMs} ms, PostgreSQL ${last.databaseCpuMs ?? '?'} ms; longest main-thread block ${last.longestBlockMs} ms`,
        );
      }
    }
    const sorted = [...runs].sort((x, y) => x.ms - y.ms);
    const median = sorted[1] ?? sorted[0];
    if (median === undefined) throw new Error('no initial sync run');
    const longestBlock = Math.max(...runs.map((run) => run.longestBlockMs));
    return {
      figures: [
        {
          name: items === 100_000 ? 'initial_sync_100k_ms' : `initial_sync_${items}_ms`,
          value: median.ms,
          unit: 'ms',
          note:
            `sign-in to a usable queue, snapshot of ${items} items over loopback, median of 3 ` +
            `(${sorted.map((run) => run.ms).join(', ')}); CPU desktop ${median.desktopCpuMs} ms, ` +
            `server ${median.serverCpuMs} ms + PostgreSQL ${median.databaseCpuMs ?? '?'} ms`,
        },
        {
          name: 'initial_sync_longest_block_ms',
          value: longestBlock,
          unit: 'ms',
          note: "the desktop's event loop held at most this long during the 3 runs (event-loop delay)",
        },
      ],
      details: { initialSync: { items, runs: sorted, seedSeconds } },
    };
  } finally {
    await server?.stop();
    await cluster.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
