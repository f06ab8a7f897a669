/**
 * A throwaway PostgreSQL cluster for tests and the benchmark: found under
 * /usr/lib/postgresql/<version>/bin (or PG_BIN, or the PATH), created in a temp folder, started on a
 * free port, stopped and removed afterwards. As root the cluster runs as user `postgres`, which
 * PostgreSQL requires. Missing binaries are an error with instructions, never a silent skip.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresCluster {
  readonly url: string;
  /** The same database over its Unix socket (same host: cheaper than loopback TCP). */
  readonly socketUrl: string;
  readonly port: number;
  readonly version: string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** fsync off: fine for tests (the cluster is thrown away), never for the benchmark's figures. */
  readonly durable?: boolean;
  readonly maxConnections?: number;
}

function findBinaries(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debian, version, 'bin')));
  }
  for (const folder of (process.env.PATH ?? '').split(':')) if (folder) candidates.push(folder);
  const found = candidates.find((folder) => existsSync(join(folder, 'initdb')) && existsSync(join(folder, 'pg_ctl')));
  if (found === undefined) {
    throw new Error(
      'PostgreSQL binaries (initdb, pg_ctl) were not found. Install them (Debian/Ubuntu: apt-get install -y postgresql; ' +
        'macOS: brew install postgresql) or set PG_BIN to the folder that holds initdb and pg_ctl.',
    );
  }
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export async function startPostgres(options: ClusterOptions = {}): Promise<PostgresCluster> {
  const bin = findBinaries();
  const root = mkdtempSync(join(tmpdir(), 'md-pg-'));
  const data = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const line = [join(bin, command), ...args].map(quote).join(' ');
    if (asRoot) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', line], { stdio: 'pipe' });
    else execFileSync('/bin/sh', ['-c', line], { stdio: 'pipe' });
  };
  if (asRoot) {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(root, uid, gid);
    } catch {
      rmSync(root, { recursive: true, force: true });
      throw new Error('Running as root, PostgreSQL needs the user "postgres" (created by the postgresql package).');
    }
  }
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-k ${root}`,
    `-c max_connections=${options.maxConnections ?? 100}`,
    ...(options.durable === true ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  let started = false;
  const stopNow = () => {
    if (!started) return;
    started = false;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    run('pg_ctl', ['-D', data, '-o', settings, '-l', join(root, 'log'), '-w', 'start']);
    started = true;
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    const detail =
      error instanceof Error && 'stderr' in error ? String((error as { stderr: unknown }).stderr) : String(error);
    throw new Error(`PostgreSQL could not start: ${detail}`);
  }
  // A crashed test run must not leave a server running.
  process.once('exit', stopNow);
  const version = execFileSync(join(bin, 'pg_ctl'), ['--version']).toString().trim();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    socketUrl: `postgres://postgres@/postgres?host=${encodeURIComponent(root)}&port=${port}`,
    port,
    version,
    async stop() {
      process.removeListener('exit', stopNow);
      stopNow();
    },
  };
}
