/**
 * `npm run bench:sync` (tsx scripts/bench-sync.ts): sync throughput figures.
 *
 *   push_per_s_pg      mutations/s the server applies on a real PostgreSQL (durable: fsync and
 *                      synchronous_commit on), replicas pushing batches over HTTP in parallel
 *   push_per_s_pglite  the same on the embedded PGlite (one connection: no parallelism)
 *   snapshot_100k_ms   the server paging a 100k-item workspace to a new replica over HTTP (all
 *                      pages of /sync/snapshot, 5000 rows each), on PostgreSQL
 *   convergence_p95_ms a change made on desktop A until it is in desktop B's replica (real desktop
 *                      cores: push, poke, pull), p95 over --convergence-changes N (100)
 *   initial_sync_100k_ms a new desktop signs in until its replica holds the whole snapshot of a
 *                      --snapshot-items workspace and the queue answers (bench-sync-desktop.ts; the
 *                      server in its own process; CPU per side in the note and the log)
 *   initial_sync_longest_block_ms  the desktop's event loop held at most this long meanwhile
 *   soak_heap_growth_mb  the server's heap (after GC) at the end of a soak minus after warm-up:
 *                      20 clients logged in, WebSocket open, pushing, pulling on pokes, presence
 *                      (bench-sync-soak.ts; the server runs in its own process)
 *
 * Options: --json (one JSON object on stdout: { figures, details }),
 * --only pg|pglite|snapshot|convergence|initial|soak, --convergence-changes N (100),
 * --mutations N (per database, default 20000 on PostgreSQL, 4000 on PGlite), --replicas N (8),
 * --batch N (200, at most 500), --snapshot-items N (100000), --soak-minutes N (10),
 * --soak-clients N (20), --soak-sample-seconds N (10).
 *
 * Each benchmark is an entry of BENCHMARKS returning figures (one table, one JSON object).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Mutation } from '../shared/sync/mutations';
import { SYNC_PROTOCOL_VERSION } from '../shared/sync/protocol';
import type { PushResponse } from '../shared/sync/protocol';
import type { LoginResponse } from '../shared/sync/server-api';
import { users as demoUsers } from '../shared/demo';
import { createServer } from '../server/app';
import type { ServerConfig } from '../server/config';
import { toText } from '../server/db/db';
import { sql } from '../server/db/sql';
import { createLogger } from '../server/log';
import { DEMO_PASSWORD } from '../server/seed/demo';
import { startPostgres } from '../tests/integration/support/postgres';
import { convergence, initialSync } from './bench-sync-desktop';
import type { SoakOptions } from './bench-sync-soak';
import { soak } from './bench-sync-soak';
import { databaseCpuMs, snapshotPaging } from './bench-sync-snapshot';

const BENCHMARK_NAMES = ['pg', 'pglite', 'snapshot', 'convergence', 'initial', 'soak'] as const;
type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

interface Options {
  json: boolean;
  only: BenchmarkName | null;
  mutations: number | null;
  replicas: number;
  batch: number;
  snapshotItems: number;
  convergenceChanges: number;
  soak: SoakOptions;
}

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note: string;
}

interface Benchmark {
  readonly name: string;
  readonly run: (
    options: Options,
    log: (line: string) => void,
  ) => Promise<{ figures: Figure[]; details: Record<string, unknown> }>;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      mutations: { type: 'string' },
      replicas: { type: 'string', default: '8' },
      batch: { type: 'string', default: '200' },
      'snapshot-items': { type: 'string', default: '100000' },
      'convergence-changes': { type: 'string', default: '100' },
      'soak-minutes': { type: 'string', default: '10' },
      'soak-clients': { type: 'string', default: '20' },
      'soak-sample-seconds': { type: 'string', default: '10' },
    },
  });
  const whole = (name: string, value: string | undefined, max: number): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > max)
      throw new Error(`--${name} must be a whole number from 1 to ${max}`);
    return parsed;
  };
  const only = BENCHMARK_NAMES.find((name) => name === values.only) ?? null;
  if (values.only !== undefined && only === null)
    throw new Error(`--only must be one of ${BENCHMARK_NAMES.join(', ')}`);
  return {
    json: values.json ?? false,
    only,
    mutations: values.mutations === undefined ? null : whole('mutations', values.mutations, 10_000_000),
    replicas: whole('replicas', values.replicas, 64),
    batch: whole('batch', values.batch, 500),
    snapshotItems: whole('snapshot-items', values['snapshot-items'], 1_000_000),
    convergenceChanges: whole('convergence-changes', values['convergence-changes'], 100_000),
    soak: {
      minutes: whole('soak-minutes', values['soak-minutes'], 24 * 60),
      clients: whole('soak-clients', values['soak-clients'], 200),
      sampleSeconds: whole('soak-sample-seconds', values['soak-sample-seconds'], 3600),
    },
  };
}

/** Moderators who see every client: each replica works its own slice of the items. */
const WORKERS = demoUsers.filter((user) => user.role !== 'approver' && user.clientIds === null);

/** A cycle of mutations on one item that always applies: nothing is refused, everything writes. */
function workload(clientId: string, items: readonly string[], count: number, now: number): Mutation[] {
  const mutations: Mutation[] = [];
  const cycle = (itemId: string, round: number) => {
    const label = `bench-${round}`;
    const steps = [
      { name: 'item.label', args: { itemId, label, op: 'add' } },
      { name: 'item.snooze', args: { itemId, until: now + 86_400_000 + round } },
      { name: 'item.reopen', args: { itemId } },
      { name: 'item.label', args: { itemId, label, op: 'remove' } },
    ] as const;
    return steps;
  };
  let round = 0;
  const perItem = items.map((itemId) => [{ name: 'item.claim' as const, args: { itemId } }]);
  while (mutations.length < count) {
    for (const [index, itemId] of items.entries()) {
      const queue = perItem[index] ?? [];
      for (const step of [...queue, ...cycle(itemId, round)]) {
        if (mutations.length >= count) break;
        mutations.push({ clientId, id: mutations.length + 1, name: step.name, args: step.args, createdAt: now });
      }
      perItem[index] = [];
      if (mutations.length >= count) break;
    }
    round += 1;
  }
  return mutations;
}

async function pushThroughput(
  config: ServerConfig,
  total: number,
  options: Options,
  log: (line: string) => void,
): Promise<{
  perSecond: number;
  seconds: number;
  refused: number;
  nodeCpuMsPerMutation: number;
  databaseCpuMsPerMutation: number | null;
}> {
  const server = await createServer(config, { logger: createLogger('silent') });
  try {
    const url = await server.listen();
    const items = (
      await server.db.query(
        sql`SELECT id FROM entities WHERE entity = 'item' AND data->>'status' = 'new' AND data->'assigneeId' = 'null'::jsonb ORDER BY id`,
      )
    ).map((row) => toText(row.id));
    const perReplica = Math.ceil(total / options.replicas);
    const slice = Math.floor(items.length / options.replicas);
    if (slice < 1) throw new Error('not enough items for the replicas');
    const post = async <T>(path: string, token: string | null, body: unknown): Promise<T> => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const replicas = await Promise.all(
      Array.from({ length: options.replicas }, async (_, index) => {
        const user = WORKERS[index % WORKERS.length];
        if (user === undefined) throw new Error('no demo moderator to push as');
        const login = await post<LoginResponse>('/auth/login', null, { email: user.email, password: DEMO_PASSWORD });
        const clientId = `bench-replica-${index}-${Date.now()}`;
        const mine = items.slice(index * slice, (index + 1) * slice);
        return { token: login.token, clientId, mutations: workload(clientId, mine, perReplica, Date.now()) };
      }),
    );
    log(`  ${options.replicas} replicas × ${perReplica} mutations in batches of ${options.batch}`);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const databaseBefore = await databaseCpuMs(server.db);
    await Promise.all(
      replicas.map(async (replica) => {
        for (let at = 0; at < replica.mutations.length; at += options.batch) {
          const batch = replica.mutations.slice(at, at + options.batch);
          const answer = await post<PushResponse>('/sync/push', replica.token, {
            protocol: SYNC_PROTOCOL_VERSION,
            clientId: replica.clientId,
            mutations: batch,
          });
          if (answer.gapAt !== null) throw new Error(`unexpected gap at ${answer.gapAt}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const databaseAfter = await databaseCpuMs(server.db);
    const serverCpuMsPerMutation = (cpu.user + cpu.system) / 1000 / total;
    const [refused] = await server.db.query(
      sql`SELECT count(*) AS n FROM commits WHERE refused_code IS NOT NULL AND client_id LIKE 'bench-replica-%'`,
    );
    const applied = replicas.reduce((sum, replica) => sum + replica.mutations.length, 0);
    return {
      perSecond: Math.round(applied / seconds),
      seconds,
      refused: Number(refused?.n ?? 0),
      nodeCpuMsPerMutation: Number(serverCpuMsPerMutation.toFixed(3)),
      databaseCpuMsPerMutation:
        databaseBefore === null || databaseAfter === null
          ? null
          : Number(((databaseAfter - databaseBefore) / total).toFixed(3)),
    };
  } finally {
    await server.close();
  }
}

const baseConfig = (database: ServerConfig['database'], demoItems: number): ServerConfig => ({
  port: 0,
  host: '127.0.0.1',
  database,
  sessionTtlMs: 3_600_000,
  logLevel: 'silent',
  seed: 'demo',
  demoItems,
});

export const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'pg',
    async run(options, log) {
      const total = options.mutations ?? 20_000;
      const cluster = await startPostgres({ durable: process.env.BENCH_PG_FAST !== '1' });
      log(`PostgreSQL (${cluster.version}, fsync on) on port ${cluster.port}`);
      try {
        const result = await pushThroughput(
          baseConfig(
            { kind: 'postgres', url: process.env.BENCH_PG_TCP === '1' ? cluster.url : cluster.socketUrl },
            2000,
          ),
          total,
          options,
          log,
        );
        return {
          figures: [
            {
              name: 'push_per_s_pg',
              value: result.perSecond,
              unit: 'mutations/s',
              note: `${total} in ${result.seconds.toFixed(1)} s, target ≥ 5000`,
            },
          ],
          details: { pg: { ...result, total, postgres: cluster.version } },
        };
      } finally {
        await cluster.stop();
      }
    },
  },
  {
    name: 'pglite',
    async run(options, log) {
      const total = options.mutations ?? 4_000;
      const dataDir = mkdtempSync(join(tmpdir(), 'md-bench-pglite-'));
      log(`PGlite in ${dataDir}`);
      try {
        const result = await pushThroughput(baseConfig({ kind: 'pglite', dataDir }, 2000), total, options, log);
        return {
          figures: [
            {
              name: 'push_per_s_pglite',
              value: result.perSecond,
              unit: 'mutations/s',
              note: `${total} in ${result.seconds.toFixed(1)} s`,
            },
          ],
          details: { pglite: { ...result, total } },
        };
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'snapshot',
    async run(options, log) {
      const items = options.snapshotItems;
      const cluster = await startPostgres({ durable: false });
      log(`PostgreSQL (${cluster.version}) on port ${cluster.port}: snapshot of ${items} items`);
      try {
        const result = await snapshotPaging(baseConfig({ kind: 'postgres', url: cluster.socketUrl }, items), log);
        return {
          figures: [
            {
              name: `snapshot_${Math.round(items / 1000)}k_ms`,
              value: result.ms,
              unit: 'ms',
              note: `${result.rows} rows in ${result.pages} pages, ${result.megabytes} MB (server side of the initial sync)`,
            },
          ],
          details: { snapshot: { ...result, items } },
        };
      } finally {
        await cluster.stop();
      }
    },
  },
  // The desktop side (scripts/bench-sync-desktop.ts): real desktop cores against the server.
  { name: 'convergence', run: (options, log) => convergence(options.convergenceChanges, log) },
  { name: 'initial', run: (options, log) => initialSync(options.snapshotItems, log) },
  {
    name: 'soak',
    async run(options, log) {
      const cluster = await startPostgres({ durable: false });
      log(
        `Soak: ${options.soak.clients} clients for ${options.soak.minutes} min, server memory every ${options.soak.sampleSeconds} s`,
      );
      try {
        const result = await soak(cluster.socketUrl, options.soak, log);
        const { heap, rss } = result;
        return {
          figures: [
            {
              name: 'soak_heap_growth_mb',
              value: Number((heap.end - heap.start).toFixed(1)),
              unit: 'MB',
              note: `heap after GC ${heap.start} → ${heap.end} MB (peak ${heap.peak}), ${heap.slopeMbPerMin} MB/min, ${options.soak.minutes} min; ${result.afterClients.heapMb} MB once the clients left`,
            },
            {
              name: 'soak_rss_growth_mb',
              value: Number((rss.end - rss.start).toFixed(1)),
              unit: 'MB',
              note: `rss ${rss.start} → ${rss.end} MB (peak ${rss.peak}), ${rss.slopeMbPerMin} MB/min`,
            },
          ],
          details: { soak: { ...result, options: options.soak } },
        };
      } finally {
        await cluster.stop();
      }
    },
  },
];

async function main(): Promise<void> {
  const options = parseOptions();
  const log = (line: string) => {
    if (!options.json) console.log(line);
    else console.error(line);
  };
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  for (const benchmark of BENCHMARKS) {
    if (options.only !== null && benchmark.name !== options.only) continue;
    const result = await benchmark.run(options, log);
    figures.push(...result.figures);
    Object.assign(details, result.details);
  }
  if (options.json) {
    console.log(
      JSON.stringify({ figures: Object.fromEntries(figures.map((figure) => [figure.name, figure.value])), details }),
    );
    return;
  }
  const width = Math.max(...figures.map((figure) => figure.name.length), 6);
  console.log(`\n${'figure'.padEnd(width)}  ${'value'.padStart(10)}  unit          note`);
  for (const figure of figures) {
    console.log(
      `${figure.name.padEnd(width)}  ${String(figure.value).padStart(10)}  ${figure.unit.padEnd(12)}  ${figure.note}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
