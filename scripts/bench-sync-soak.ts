/**
 * The soak entry of `npm run bench:sync`: the team server in its own process (so its memory is
 * the server's alone), on a throwaway PostgreSQL, with simulated desktop clients that log in,
 * take a snapshot, keep a WebSocket open, push small batches at a human pace, pull on every
 * poke (and every 60 s), and send presence. The server's heap (after a forced GC, so garbage does
 * not look like a leak) and RSS are sampled every few seconds; the first fifth of the run is
 * warm-up (JIT, statement caches, pools), the rest decides: start, end (the last sample under
 * load), peak and the slope; one more sample after the clients left shows what the server kept.
 *
 * The server process is this same file run with `--soak-server` (it answers `sample`/`stop`
 * over the IPC channel).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { users as demoUsers } from '../shared/demo';
import type { Mutation } from '../shared/sync/mutations';
import type { PullResponse, PushResponse } from '../shared/sync/protocol';
import { SYNC_PROTOCOL_VERSION } from '../shared/sync/protocol';
import type { LoginResponse, SnapshotResponse } from '../shared/sync/server-api';
import { createServer } from '../server/app';
import type { ServerConfig } from '../server/config';
import { createLogger } from '../server/log';
import { DEMO_PASSWORD } from '../server/seed/demo';

export interface SoakOptions {
  readonly clients: number;
  readonly minutes: number;
  readonly sampleSeconds: number;
}

interface Sample {
  readonly atMs: number;
  readonly heapMb: number;
  readonly rssMb: number;
}

export interface SoakResult {
  readonly samples: readonly Sample[];
  readonly heap: { start: number; end: number; peak: number; slopeMbPerMin: number };
  readonly rss: { start: number; end: number; peak: number; slopeMbPerMin: number };
  /** Once every client logged off and closed its socket: what the server kept of them. */
  readonly afterClients: { heapMb: number; rssMb: number };
  readonly pushes: number;
  readonly mutations: number;
  readonly pulls: number;
  readonly pokes: number;
  readonly errors: number;
}

type ServerMessage =
  | { type: 'ready'; url: string }
  | { type: 'sample'; heapUsed: number; rss: number }
  | { type: 'failed'; message: string };

const MB = 1024 * 1024;
const round1 = (value: number) => Math.round(value * 10) / 10;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Least squares slope of y over x. */
function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function summarise(samples: readonly Sample[], pick: (sample: Sample) => number) {
  const warm = samples.slice(Math.min(samples.length - 1, Math.floor(samples.length / 5)));
  const values = warm.map(pick);
  return {
    start: round1(values[0] ?? 0),
    end: round1(values[values.length - 1] ?? 0),
    peak: round1(Math.max(...samples.map(pick))),
    slopeMbPerMin: Number(slope(warm.map((sample) => [sample.atMs / 60_000, pick(sample)])).toFixed(3)),
  };
}

/** The server process: asked for samples, stopped by the parent. */
async function serveSoak(): Promise<void> {
  const send = (message: ServerMessage) => process.send?.(message);
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    database: { kind: 'postgres', url: process.env.SOAK_DATABASE_URL ?? '' },
    sessionTtlMs: 3_600_000,
    logLevel: 'silent',
    seed: 'demo',
    demoItems: 2000,
  };
  const server = await createServer(config, { logger: createLogger('silent') });
  const url = await server.listen();
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'sample') {
      gc?.();
      const memory = process.memoryUsage();
      send({ type: 'sample', heapUsed: memory.heapUsed, rss: memory.rss });
    } else if (message.type === 'stop') {
      void server.close().then(() => process.exit(0));
    }
  });
  send({ type: 'ready', url });
}

class ServerProcess {
  private waiting: ((message: ServerMessage) => void)[] = [];

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ServerMessage) => this.waiting.shift()?.(message));
  }

  static async start(databaseUrl: string): Promise<{ process: ServerProcess; url: string }> {
    const child = fork(fileURLToPath(import.meta.url), ['--soak-server'], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      env: { ...process.env, SOAK_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const server = new ServerProcess(child);
    const ready = await server.next(120_000);
    if (ready.type !== 'ready') throw new Error(`soak server: ${ready.type === 'failed' ? ready.message : 'no url'}`);
    return { process: server, url: ready.url };
  }

  private next(timeoutMs: number): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('soak server: no answer')), timeoutMs);
      this.waiting.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  }

  async sample(): Promise<{ heapMb: number; rssMb: number }> {
    const answer = this.next(30_000);
    this.child.send({ type: 'sample' });
    const message = await answer;
    if (message.type !== 'sample') throw new Error('soak server: unexpected answer');
    return { heapMb: message.heapUsed / MB, rssMb: message.rss / MB };
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

interface Counters {
  pushes: number;
  mutations: number;
  pulls: number;
  pokes: number;
  errors: number;
}

/** One simulated desktop: login, snapshot, socket, then push/pull at a human pace until `until`. */
async function runClient(url: string, index: number, until: number, counters: Counters): Promise<void> {
  const user = demoUsers[index % demoUsers.length];
  if (user === undefined) throw new Error('no demo user');
  const call = async <T>(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  const { token } = await call<LoginResponse>('POST', '/auth/login', null, {
    email: user.email,
    password: DEMO_PASSWORD,
  });
  const clientId = `soak-${index}-${Date.now()}`;
  const items: string[] = [];
  let cursor = 0;
  for (let page: string | null = null, first = true; first || page !== null; first = false) {
    const query: string = `clientId=${clientId}&limit=2000${page === null ? '' : `&page=${page}`}`;
    const snapshot: SnapshotResponse = await call('GET', `/sync/snapshot?${query}`, token);
    cursor = snapshot.cursor;
    for (const row of snapshot.rows) if (row.entity === 'item') items.push(row.id);
    page = snapshot.next;
  }

  let pulling: Promise<void> | null = null;
  let again = false;
  const pull = (): Promise<void> => {
    if (pulling !== null) {
      again = true;
      return pulling;
    }
    pulling = (async () => {
      do {
        again = false;
        let more = true;
        while (more) {
          const page: PullResponse = await call('GET', `/sync/pull?clientId=${clientId}&cursor=${cursor}`, token);
          counters.pulls += 1;
          cursor = page.cursor;
          more = page.more;
        }
      } while (again);
    })()
      .catch(() => {
        counters.errors += 1;
      })
      .finally(() => {
        pulling = null;
      });
    return pulling;
  };

  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/sync/socket?token=${encodeURIComponent(token)}`);
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { type?: string };
    if (message.type === 'poke') {
      counters.pokes += 1;
      void pull();
    }
  });
  socket.on('error', () => {
    counters.errors += 1;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });

  let nextId = 1;
  const labelled = new Set<string>();
  let lastPeriodicPull = Date.now();
  const label = `soak-${index}`;
  while (Date.now() < until) {
    await sleep(1000 + Math.random() * 2000);
    if (items.length === 0) continue;
    const itemId = items[Math.floor(Math.random() * items.length)] ?? '';
    if (Math.random() < 0.3) socket.send(JSON.stringify({ type: 'presence', itemId, activity: 'viewing' }));
    const count = 1 + Math.floor(Math.random() * 5);
    const mutations: Mutation[] = [];
    for (let n = 0; n < count; n += 1) {
      const target = items[Math.floor(Math.random() * items.length)] ?? itemId;
      const op = labelled.has(target) ? 'remove' : 'add';
      if (op === 'add') labelled.add(target);
      else labelled.delete(target);
      mutations.push({
        clientId,
        id: nextId,
        name: 'item.label',
        args: { itemId: target, label, op },
        createdAt: Date.now(),
      });
      nextId += 1;
    }
    try {
      await call<PushResponse>('POST', '/sync/push', token, {
        protocol: SYNC_PROTOCOL_VERSION,
        clientId,
        mutations,
      });
      counters.pushes += 1;
      counters.mutations += mutations.length;
    } catch {
      counters.errors += 1;
    }
    if (Date.now() - lastPeriodicPull > 60_000) {
      lastPeriodicPull = Date.now();
      void pull();
    }
  }
  await pulling;
  await new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.close();
  });
}

export async function soak(
  databaseUrl: string,
  options: SoakOptions,
  log: (line: string) => void,
): Promise<SoakResult> {
  const { process: server, url } = await ServerProcess.start(databaseUrl);
  const counters: Counters = { pushes: 0, mutations: 0, pulls: 0, pokes: 0, errors: 0 };
  const samples: Sample[] = [];
  let afterClients = { heapMb: 0, rssMb: 0 };
  try {
    const started = Date.now();
    const until = started + options.minutes * 60_000;
    const clients = Promise.all(
      Array.from({ length: options.clients }, (_, index) => runClient(url, index, until, counters)),
    );
    let clientsDone = false;
    void clients.then(
      () => (clientsDone = true),
      () => (clientsDone = true),
    );
    for (;;) {
      const memory = await server.sample();
      const atMs = Date.now() - started;
      samples.push({ atMs, heapMb: memory.heapMb, rssMb: memory.rssMb });
      log(
        `  ${(atMs / 1000).toFixed(0).padStart(5)} s  heap ${memory.heapMb.toFixed(1)} MB  rss ${memory.rssMb.toFixed(1)} MB  ` +
          `pushes ${counters.pushes}  pulls ${counters.pulls}  pokes ${counters.pokes}  errors ${counters.errors}`,
      );
      if (clientsDone || Date.now() >= until) break;
      await sleep(Math.max(0, Math.min(options.sampleSeconds * 1000, until - Date.now())));
    }
    await clients;
    const after = await server.sample();
    afterClients = { heapMb: round1(after.heapMb), rssMb: round1(after.rssMb) };
  } finally {
    await server.stop();
  }
  return {
    samples: samples.map((sample) => ({
      atMs: sample.atMs,
      heapMb: round1(sample.heapMb),
      rssMb: round1(sample.rssMb),
    })),
    heap: summarise(samples, (sample) => sample.heapMb),
    rss: summarise(samples, (sample) => sample.rssMb),
    afterClients,
    ...counters,
  };
}

if (process.argv.includes('--soak-server')) {
  serveSoak().catch((error: unknown) => {
    process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
}
