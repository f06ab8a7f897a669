/**
 * Responsiveness of the serving process:
 * `npm run bench:responsiveness [-- --json] [-- --items N] [-- --only bulk_archive,…]`.
 *
 * This process plays the browser host (electron/web/host.ts) with the desktop core in a child
 * process (electron/remote/), as `npm run web` runs them, and measures its own event loop while
 * the core works: `serving_block_max_ms` is the longest the loop was held (perf_hooks
 * monitorEventLoopDelay, 1 ms resolution), `page_latency_max_ms` the slowest GET of the page,
 * asked every 50 ms, while one WebSocket client receives the core's events. Phases, each on a
 * new data folder unless said:
 *   first_start_solo   `--solo` on a new data folder: the core starts, forks the solo server
 *                      (PGlite, migrations, demo seed of --solo-items), and syncs the replica
 *   initial_sync       the same with --items demo items (default 100,000)
 *   replica_build      a replica of --replica-items demo items (default 1,000,000), no server
 *   bulk_archive       archiving --archive-items (default 5,000) items of that replica at once,
 *                      asked over the WebSocket as the page asks (the answer crosses the host)
 * `--only` runs the named phases (bulk_archive needs the replica, built unmeasured then).
 * Targets: serving_block_max_ms ≤ 16, page_latency_max_ms ≤ 50. Wall-clock figures on a
 * possibly shared machine: the load average is printed next to them, and
 * `serving_block_cpu_max_ms` is the longest stretch in this thread's own CPU time, which other
 * processes do not inflate. Runs from source (tsx).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { calls } from '../shared/contract';
import { MAX_BULK_ITEMS } from '../shared/contract/actions';
import { silentLogger } from '../electron/core/log';
import { startRemoteCore, type RemoteCore } from '../electron/remote/client';
import { forkCoreProcess, SOURCE_CORE_ENTRY } from '../electron/remote/fork';
import { startWebHost, type WebHost } from '../electron/web/host';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    items: { type: 'string' },
    'solo-items': { type: 'string' },
    'replica-items': { type: 'string' },
    'archive-items': { type: 'string' },
    only: { type: 'string' },
  },
});
const PHASES = ['first_start_solo', 'initial_sync', 'replica_build', 'bulk_archive'] as const;
const only = values.only?.split(',').map((phase) => phase.trim());
for (const phase of only ?? []) {
  if (!(PHASES as readonly string[]).includes(phase)) throw new Error(`not a phase (${PHASES.join(', ')}): ${phase}`);
}
const runs = (phase: (typeof PHASES)[number]) => !only || only.includes(phase);
const count = (value: string | undefined, fallback: number) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new Error(`not an item count from 1 to 1000000: ${value}`);
  return n;
};
const syncItems = count(values.items, 100_000);
const soloItems = count(values['solo-items'], 3000);
const replicaItems = count(values['replica-items'], 1_000_000);
const archiveItems = Math.min(count(values['archive-items'], 5000), replicaItems);
const say = (line: string) => {
  if (!values.json) console.error(line);
};

const TARGETS = { serving_block_max_ms: 16, page_latency_max_ms: 50 };
const PAGE_EVERY_MS = 50;

/**
 * CPU time this thread has used, ms (Linux: schedstat's first field, ns), as in
 * bench-replica.ts: on a shared machine the wall clock also counts the time other processes
 * had the CPU, so the loop's stretches are measured in CPU time as well.
 */
const threadClock = (() => {
  const read = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  try {
    return Number.isFinite(read()) ? read : undefined;
  } catch {
    return undefined;
  }
})();

interface PhaseFigures {
  seconds: number;
  serving_block_max_ms: number;
  /** The most CPU time this thread spent between two turns of a 1 ms timer (NaN off Linux). */
  serving_block_cpu_max_ms: number;
  page_latency_max_ms: number;
  pages: number;
}

/**
 * The page's end of the WebSocket, in a worker thread: what the page does with a frame (unmask
 * its call, validate and read the answer) happens in the browser, not on the serving thread this
 * benchmark measures. It reports each answer's id and outcome from the frame's head.
 */
const PAGE_SOCKET = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require(workerData.ws);
const socket = new WebSocket(workerData.url, { headers: { origin: workerData.origin } });
socket.on('open', () => parentPort.postMessage({ type: 'open' }));
socket.on('error', (error) => parentPort.postMessage({ type: 'error', message: String(error) }));
socket.on('message', (data) => {
  const head = /^\\{"type":"result","id":(\\d+),"result":\\{"ok":(true|false)/.exec(data.subarray(0, 64).toString());
  if (head) parentPort.postMessage({ type: 'answer', id: Number(head[1]), ok: head[2] === 'true' });
});
parentPort.on('message', (text) => (text === null ? socket.close() : socket.send(text)));
`;

type PageMessage = { type: 'open' } | { type: 'error'; message: string } | { type: 'answer'; id: number; ok: boolean };

/** One serving process: the host on a free port, its core in a child, a page poller, a socket. */
class Serving {
  private readonly answers = new Map<number, (ok: boolean) => void>();
  private nextId = 1;

  private constructor(
    readonly core: RemoteCore,
    readonly host: WebHost,
    private readonly page: Worker,
  ) {
    page.on('message', (message: PageMessage) => {
      if (message.type !== 'answer') return;
      this.answers.get(message.id)?.(message.ok);
      this.answers.delete(message.id);
    });
  }

  static async start(dataFolder: string, rendererDir: string, sync: 'solo' | 'off', demoItems: number) {
    const core = await startRemoteCore(
      forkCoreProcess({ entry: SOURCE_CORE_ENTRY }),
      {
        appName: 'Moderator Desk',
        appVersion: 'bench',
        dataFolder,
        systemLocale: 'it-IT',
        host: 'web',
        sync,
        demoItems,
      },
      { log: silentLogger, startTimeoutMs: 600_000, callTimeoutMs: 600_000 },
    );
    const host = await startWebHost({ core, rendererDir, port: 0, log: silentLogger });
    const page = new Worker(PAGE_SOCKET, {
      eval: true,
      workerData: {
        ws: createRequire(import.meta.url).resolve('ws'),
        url: host.url.replace(/^http/, 'ws') + 'contract',
        origin: host.url.replace(/\/$/, ''),
      },
    });
    await new Promise<void>((resolve, reject) => {
      page.on('message', (message: PageMessage) => {
        if (message.type === 'open') resolve();
        if (message.type === 'error') reject(new Error(message.message));
      });
      page.once('error', reject);
    });
    return new Serving(core, host, page);
  }

  /** A call as the page makes it, over the host's WebSocket. */
  socketCall(name: string, args: unknown): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.answers.set(id, (ok) => (ok ? resolve() : reject(new Error(`${name} failed`))));
      this.page.postMessage(JSON.stringify({ type: 'call', id, name, args }));
    });
  }

  async close(): Promise<void> {
    this.page.postMessage(null);
    await this.page.terminate();
    await this.host.close();
    await this.core.close();
  }
}

/** Measures this process's event loop and page latency while `work` runs. */
async function measure(pageUrl: () => string | null, work: () => Promise<void>): Promise<PhaseFigures> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const latencies: number[] = [];
  let polling = true;
  let cpuMax = 0;
  let lastCpu = threadClock?.() ?? 0;
  const sampler = setInterval(() => {
    if (!threadClock) return;
    const now = threadClock();
    cpuMax = Math.max(cpuMax, now - lastCpu);
    lastCpu = now;
  }, 1);
  const poller = (async () => {
    while (polling) {
      const url = pageUrl();
      const started = performance.now();
      if (url) {
        const response = await fetch(url);
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
      }
      const wait = Math.max(0, PAGE_EVERY_MS - (performance.now() - started));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  const started = performance.now();
  try {
    await work();
  } finally {
    polling = false;
    await poller;
    loop.disable();
    clearInterval(sampler);
  }
  return {
    seconds: (performance.now() - started) / 1000,
    // The histogram counts the sampling timer's own 1 ms period; what exceeds it held the loop.
    serving_block_max_ms: Math.max(0, loop.max / 1e6 - 1),
    serving_block_cpu_max_ms: threadClock ? cpuMax : Number.NaN,
    page_latency_max_ms: latencies.length ? Math.max(...latencies) : Number.NaN,
    pages: latencies.length,
  };
}

/** Resolves once the first sync filled the replica (online, no progress, a last sync time). */
function synced(serving: Serving): Promise<void> {
  return new Promise((resolve) => {
    const stop = serving.core.events.on('sync:status', (status) => {
      if (status.state === 'online' && status.progress === null && status.lastSyncAt !== null) {
        queueMicrotask(() => stop());
        resolve();
      }
    });
  });
}

async function soloPhase(root: string, rendererDir: string, name: string, items: number) {
  say(`${name}: solo mode on a new data folder, ${items.toLocaleString('en')} demo items …`);
  let serving: Serving | null = null;
  const figures = await measure(
    () => serving?.host.url ?? null,
    async () => {
      serving = await Serving.start(join(root, name), rendererDir, 'solo', items);
      await synced(serving);
    },
  );
  const done = serving as Serving | null;
  await done?.close();
  return figures;
}

/** replica_build (measured when asked) and then bulk_archive on that replica. */
async function replicaPhases(root: string, rendererDir: string, figures: Record<string, PhaseFigures>) {
  say(`replica_build: ${replicaItems.toLocaleString('en')} demo items into a new replica …`);
  let serving: Serving | null = null;
  const build = async () => {
    serving = await Serving.start(join(root, 'replica'), rendererDir, 'off', replicaItems);
    await serving.core.ready;
  };
  if (runs('replica_build')) figures.replica_build = await measure(() => serving?.host.url ?? null, build);
  else await build();
  const built = serving as Serving | null;
  if (!built) throw new Error('the replica phase did not start');
  if (runs('bulk_archive')) figures.bulk_archive = await bulkArchive(built);
  await built.close();
}

/** Archives --archive-items items of the built replica, asked over the WebSocket. */
async function bulkArchive(built: Serving): Promise<PhaseFigures> {
  say(`bulk_archive: ${archiveItems.toLocaleString('en')} items at once …`);
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page = await built.core.handlers['queue:list'](calls['queue:list'].args.parse({ limit: 200, after }));
    ids.push(...page.rows.map((row) => row.itemId));
    after = page.nextCursor;
  } while (after !== null && ids.length < archiveItems);
  const targets = ids.slice(0, archiveItems);
  return measure(
    () => built.host.url,
    async () => {
      for (let i = 0; i < targets.length; i += MAX_BULK_ITEMS) {
        await built.socketCall('items:act', {
          itemIds: targets.slice(i, i + MAX_BULK_ITEMS),
          action: { type: 'archive', reason: 'no_reply_needed' },
        });
      }
    },
  );
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bench-responsiveness-'));
  const rendererDir = join(root, 'renderer');
  await mkdir(rendererDir);
  // The page the host serves: its size does not matter to the loop, its answering does.
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Moderator Desk</title>');
  const figures: Record<string, PhaseFigures> = {};
  try {
    // Once, unmeasured: what every process does once before it serves anything (loading the
    // HTTP server, the socket and this benchmark's own HTTP client), not what the core's work costs.
    const warm = await Serving.start(join(root, 'warm-up'), rendererDir, 'off', 0);
    await (await fetch(warm.host.url)).arrayBuffer();
    await warm.close();

    if (runs('first_start_solo')) {
      figures.first_start_solo = await soloPhase(root, rendererDir, 'first_start_solo', soloItems);
    }
    if (runs('initial_sync')) figures.initial_sync = await soloPhase(root, rendererDir, 'initial_sync', syncItems);

    if (runs('replica_build') || runs('bulk_archive')) await replicaPhases(root, rendererDir, figures);
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  const load = loadavg().map((n) => Number(n.toFixed(2)));
  if (values.json) {
    console.log(
      JSON.stringify({
        items: { solo: soloItems, sync: syncItems, replica: replicaItems, archive: archiveItems },
        load,
        targets: TARGETS,
        figures,
      }),
    );
    return;
  }
  console.log(`Responsiveness of the serving process (load average ${load.join(', ')})`);
  console.log(
    '| phase | seconds | serving_block_max_ms (≤ 16) | serving_block_cpu_max_ms | page_latency_max_ms (≤ 50) | pages |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [name, f] of Object.entries(figures)) {
    console.log(
      `| ${name} | ${f.seconds.toFixed(1)} | ${f.serving_block_max_ms.toFixed(1)} | ${f.serving_block_cpu_max_ms.toFixed(1)} | ${f.page_latency_max_ms.toFixed(1)} | ${f.pages} |`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
