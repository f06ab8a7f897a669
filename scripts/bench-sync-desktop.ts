/**
 * The desktop side of `npm run bench:sync`: real desktop cores (replica, outbox, sync engine,
 * socket) against a real team server on PostgreSQL over loopback.
 *
 *   convergence_p95_ms     a change made on desktop A until it is in desktop B's replica (B learns
 *                          of it by a poke and pulls): p50/p95 over N changes, one at a time
 *   initial_sync_100k_ms   a new desktop signs in until its replica holds the whole snapshot of a
 *                          workspace of N items (100k by default) and the queue answers
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallName, CallResult } from '../shared/contract';
import { users as demoUsers } from '../shared/demo';
import { startCore, type Core } from '../electron/core';
import { dispatchCall } from '../electron/core/api/dispatch';
import { silentLogger } from '../electron/core/log';
import { createServer } from '../server/app';
import type { ServerConfig } from '../server/config';
import { createLogger } from '../server/log';
import { DEMO_PASSWORD } from '../server/seed/demo';
import { startPostgres } from '../tests/integration/support/postgres';

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

async function desktop(folder: string, serverUrl: string, userId: string, timeoutMs: number): Promise<Core> {
  const core = await startCore({
    appName: 'bench',
    appVersion: '0.0.0',
    dataFolder: folder,
    systemLocale: 'it-IT',
    host: 'web',
    log: silentLogger,
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
      await call(a, 'item:act', { itemId, action: { type: 'label', label, op: 'add' } });
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

/** A new desktop signs in to a workspace of `items` items: until its first sync is done. */
export async function initialSync(
  items: number,
  log: (line: string) => void,
): Promise<{ figures: DesktopFigure[]; details: Record<string, unknown> }> {
  const cluster = await startPostgres({ durable: false });
  const folder = mkdtempSync(join(tmpdir(), 'bench-initial-'));
  const seeding = performance.now();
  const server = await createServer(serverConfig(cluster.socketUrl, items), { logger: createLogger('silent') });
  const seedSeconds = ((performance.now() - seeding) / 1000).toFixed(1);
  const runs: number[] = [];
  try {
    const url = await server.listen();
    log(`  server seeded with ${items} items in ${seedSeconds} s`);
    for (let run = 0; run < 3; run += 1) {
      const started = performance.now();
      const core = await desktop(join(folder, `d${run}`), url, 'us-lead', 600_000);
      const first = await call(core, 'queue:list', { view: 'inbox', sort: 'priority', limit: 50 });
      runs.push(performance.now() - started);
      if (first.rows.length === 0) throw new Error('the queue is empty after the initial sync');
      await core.close();
    }
    const sorted = [...runs].sort((x, y) => x - y);
    const median = Math.round(percentile(sorted, 0.5));
    log(`  initial sync runs: ${sorted.map((ms) => Math.round(ms)).join(', ')} ms`);
    return {
      figures: [
        {
          name: items === 100_000 ? 'initial_sync_100k_ms' : `initial_sync_${items}_ms`,
          value: median,
          unit: 'ms',
          note: `sign-in to a usable queue, snapshot of ${items} items over loopback, median of 3`,
        },
      ],
      details: { initialSync: { items, runs: sorted, seedSeconds: Number(seedSeconds) } },
    };
  } finally {
    await server.close();
    await cluster.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
