/**
 * A team server in a process of its own, for the desktop benchmarks (bench-sync-desktop.ts): a
 * desktop and its team server never share a thread in real use, and a benchmark that ran both in
 * one process would count the server's work as the desktop's (and block the desktop's event loop
 * with it). The parent asks for CPU figures (this process and PostgreSQL's backends) and stops it.
 *
 * The process is this file run with `--bench-server`; the config comes in BENCH_SERVER_CONFIG.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createServer } from '../server/app';
import type { ServerConfig } from '../server/config';
import { createLogger } from '../server/log';
import { databaseCpuByPid } from './bench-sync-snapshot';

const message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), url: z.string(), seedMs: z.number() }),
  z.object({
    type: z.literal('cpu'),
    nodeMs: z.number(),
    databaseByPid: z.record(z.string(), z.number()).nullable(),
  }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
type ServerMessage = z.infer<typeof message>;

const request = z.object({ type: z.enum(['cpu', 'stop']) });

async function serve(): Promise<void> {
  const send = (answer: ServerMessage) => process.send?.(answer);
  try {
    const config = JSON.parse(process.env.BENCH_SERVER_CONFIG ?? '') as ServerConfig;
    const started = performance.now();
    const server = await createServer(config, { logger: createLogger('silent') });
    const seedMs = performance.now() - started;
    const url = await server.listen();
    process.on('message', (raw: unknown) => {
      const asked = request.safeParse(raw);
      if (!asked.success) return;
      if (asked.data.type === 'cpu') {
        const cpu = process.cpuUsage();
        void databaseCpuByPid(server.db).then((databaseByPid) =>
          send({ type: 'cpu', nodeMs: (cpu.user + cpu.system) / 1000, databaseByPid }),
        );
      } else {
        void server.close().then(() => process.exit(0));
      }
    });
    send({ type: 'ready', url, seedMs });
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}

/** CPU used so far, ms: the server's Node process and each PostgreSQL process (null on PGlite). */
export interface ServerCpu {
  readonly nodeMs: number;
  readonly databaseByPid: Record<string, number> | null;
}

export class BenchServerProcess {
  private waiting: ((answer: ServerMessage) => void)[] = [];
  /** The server's base URL and how long it took to start (migrate and seed), once ready. */
  url = '';
  seedMs = 0;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (raw: unknown) => {
      const parsed = message.safeParse(raw);
      if (parsed.success) this.waiting.shift()?.(parsed.data);
    });
  }

  static async start(config: ServerConfig, timeoutMs: number): Promise<BenchServerProcess> {
    const child = fork(fileURLToPath(import.meta.url), ['--bench-server'], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_SERVER_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const server = new BenchServerProcess(child);
    const ready = await server.next(timeoutMs).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    if (ready.type !== 'ready') {
      child.kill('SIGKILL');
      throw new Error(`bench server: ${ready.type === 'failed' ? ready.message : 'no url'}`);
    }
    server.url = ready.url;
    server.seedMs = ready.seedMs;
    return server;
  }

  private next(timeoutMs: number): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bench server: no answer')), timeoutMs);
      this.waiting.push((answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
  }

  async cpu(): Promise<ServerCpu> {
    const answer = this.next(30_000);
    this.child.send({ type: 'cpu' });
    const found = await answer;
    if (found.type !== 'cpu') throw new Error('bench server: unexpected answer');
    return { nodeMs: found.nodeMs, databaseByPid: found.databaseByPid };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

if (process.argv.includes('--bench-server')) void serve();
