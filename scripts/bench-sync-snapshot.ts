/**
 * Parts of `npm run bench:sync` (bench-sync.ts): the database's CPU time, and the server side of
 * a new replica's snapshot paged over HTTP.
 */
import { readFileSync } from 'node:fs';
import { users as demoUsers } from '../shared/demo';
import type { LoginResponse } from '../shared/sync/server-api';
import { snapshotResponse } from '../shared/sync/server-api';
import { createServer } from '../server/app';
import type { ModeratorServer } from '../server/app';
import type { ServerConfig } from '../server/config';
import { sql } from '../server/db/sql';
import { createLogger } from '../server/log';
import { DEMO_PASSWORD } from '../server/seed/demo';

/**
 * CPU time of each PostgreSQL process (backends and background workers) from /proc, in ms by pid.
 * Null on PGlite (in-process) or where /proc is not there.
 */
export async function databaseCpuByPid(db: ModeratorServer['db']): Promise<Record<string, number> | null> {
  if (db.kind !== 'postgres') return null;
  const pids = (await db.query(sql`SELECT pid FROM pg_stat_activity`)).map((row) => Number(row.pid));
  const byPid: Record<string, number> = {};
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      byPid[String(pid)] = ((Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 1000) / 100;
    } catch {
      // The process ended meanwhile (a pool closed an idle connection).
    }
  }
  return byPid;
}

/**
 * CPU the database used between two readings, ms: processes that started meanwhile count whole;
 * one that ended meanwhile is missed (a pool closing a connection it had stopped using).
 */
export function databaseCpuBetween(
  before: Record<string, number> | null,
  after: Record<string, number> | null,
): number | null {
  if (before === null || after === null) return null;
  return Object.entries(after).reduce((sum, [pid, ms]) => sum + ms - (before[pid] ?? 0), 0);
}

/** CPU time of the PostgreSQL processes, in ms: how much of the machine the database used. */
export async function databaseCpuMs(db: ModeratorServer['db']): Promise<number | null> {
  const byPid = await databaseCpuByPid(db);
  return byPid === null ? null : Object.values(byPid).reduce((sum, ms) => sum + ms, 0);
}

const snapshotTail = snapshotResponse.pick({ next: true, progress: true });

/** A new replica's whole snapshot over HTTP, as the lead sees it (every client). */
export async function snapshotPaging(
  config: ServerConfig,
  log: (line: string) => void,
): Promise<{
  ms: number;
  nodeCpuMs: number;
  databaseCpuMs: number | null;
  rows: number;
  pages: number;
  megabytes: number;
  seedSeconds: number;
}> {
  const seeding = performance.now();
  const server = await createServer(config, { logger: createLogger('silent') });
  const seedSeconds = Number(((performance.now() - seeding) / 1000).toFixed(1));
  try {
    const url = await server.listen();
    const lead = demoUsers.find((user) => user.role === 'lead');
    if (lead === undefined) throw new Error('no demo lead');
    const login = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: lead.email, password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as LoginResponse;
    const page = async (next: string | null) => {
      const query = `clientId=bench-snapshot-replica&limit=5000${next === null ? '' : `&page=${next}`}`;
      const response = await fetch(`${url}/sync/snapshot?${query}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`/sync/snapshot: ${response.status} ${await response.text()}`);
      const text = await response.text();
      // The server's side only: the rows are not parsed here (the desktop's import is measured on
      // its side); the page's tail holds what paging needs.
      const tail = snapshotTail.parse(JSON.parse(`{${text.slice(text.lastIndexOf('"next":'))}`));
      return { body: tail, bytes: text.length };
    };
    const once = async () => {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const databaseBefore = await databaseCpuByPid(server.db);
      let rows = 0;
      let pages = 0;
      let bytes = 0;
      for (let next: string | null = null, first = true; first || next !== null; first = false) {
        const answer = await page(next);
        rows = answer.body.progress.done;
        pages += 1;
        bytes += answer.bytes;
        next = answer.body.next;
      }
      const cpu = process.cpuUsage(cpuBefore);
      const databaseAfter = await databaseCpuByPid(server.db);
      return {
        ms: Math.round(performance.now() - started),
        nodeCpuMs: Math.round((cpu.user + cpu.system) / 1000),
        databaseCpuMs: databaseCpuBetween(databaseBefore, databaseAfter),
        rows,
        pages,
        megabytes: Number((bytes / 1024 / 1024).toFixed(1)),
      };
    };
    await once(); // warm-up: caches, JIT, prepared statements
    const runs = [await once(), await once(), await once()].sort((a, b) => a.ms - b.ms);
    const median = runs[1] ?? runs[0];
    if (median === undefined) throw new Error('no snapshot run');
    log(`  seeded in ${seedSeconds} s; snapshot runs ${runs.map((run) => run.ms).join(', ')} ms`);
    return { ...median, seedSeconds };
  } finally {
    await server.close();
  }
}
