/**
 * Test support: fresh databases fast, a server on them with a movable clock, and typed calls to
 * its endpoints. PGlite's first start (initdb) takes seconds; its result depends only on the
 * PGlite version, so it is kept as a dump in the temp folder and every test database starts from
 * it in under a second.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { PullResponse, PushRequest, PushResponse } from '../../shared/sync/protocol';
import { SYNC_PROTOCOL_VERSION } from '../../shared/sync/protocol';
import type { Mutation, MutationArgs, MutationName } from '../../shared/sync/mutations';
import type { LoginResponse, SnapshotResponse } from '../../shared/sync/server-api';
import { T0 } from '../../shared/domain/testing';
import type { ModeratorServer, ServerDeps } from '../app';
import { createServer } from '../app';
import type { ServerConfig } from '../config';
import type { Db } from '../db/db';
import { migrate } from '../db/migrations';
import { openPglite } from '../db/pglite';
import { createLogger } from '../log';
import { seedWorld, PASSWORD } from './world';

/** The package does not export its package.json: find it above its entry point. */
const pgliteVersion = (): string => {
  let folder = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (folder !== dirname(folder)) {
    const file = join(folder, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
    }
    folder = dirname(folder);
  }
  return 'unknown';
};

let bare: Promise<Blob> | null = null;

/** A freshly initialised, empty PGlite cluster as a dump (cached on disk per PGlite version). */
export function bareCluster(): Promise<Blob> {
  bare ??= (async () => {
    const file = join(tmpdir(), `moderator-desk-pglite-${pgliteVersion()}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const db = await openPglite();
    const blob = await db.dump();
    await db.close();
    // Another worker may write the same file: write aside, then rename (atomic).
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, file);
    return blob;
  })();
  return bare;
}

/** A migrated database with the test world in it (in memory, or in `dataDir`). */
export async function openWorldDb(dataDir?: string): Promise<Db> {
  const db = await openPglite({ loadDataDir: await bareCluster(), ...(dataDir === undefined ? {} : { dataDir }) });
  await migrate(db);
  await seedWorld(db);
  return db;
}

export class Clock {
  constructor(public value = T0 + 86_400_000) {}
  now = (): number => this.value;
  advance(ms: number): void {
    this.value += ms;
  }
}

export const testConfig: ServerConfig = {
  port: 0,
  host: '127.0.0.1',
  database: { kind: 'pglite', dataDir: '' },
  sessionTtlMs: 3_600_000,
  logLevel: 'silent',
  seed: 'none',
  demoItems: 0,
};

export async function startTestServer(
  db: Db,
  clock = new Clock(),
  deps: Partial<ServerDeps> = {},
): Promise<ModeratorServer> {
  return createServer(testConfig, { db, now: clock.now, logger: createLogger('silent'), ...deps });
}

export interface Answer<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Record<string, string | string[] | number | undefined>;
}

async function call<T>(
  app: FastifyInstance,
  options: { method: 'GET' | 'POST'; url: string; token?: string | null; body?: unknown },
): Promise<Answer<T>> {
  const response = await app.inject({
    method: options.method,
    url: options.url,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    ...(options.body === undefined ? {} : { payload: options.body as Record<string, unknown> }),
  });
  const body = (response.body === '' ? null : response.json()) as T;
  return { status: response.statusCode, body, headers: response.headers };
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<string> {
  const answer = await call<LoginResponse>(app, { method: 'POST', url: '/auth/login', body: { email, password } });
  if (answer.status !== 200) throw new Error(`login ${email}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}

/** Endpoints as one user sees them. */
export function as(app: FastifyInstance, token: string) {
  return {
    push: (body: PushRequest) => call<PushResponse>(app, { method: 'POST', url: '/sync/push', token, body }),
    pull: (clientId: string, cursor: number, limit?: number) =>
      call<PullResponse>(app, {
        method: 'GET',
        url: `/sync/pull?clientId=${encodeURIComponent(clientId)}&cursor=${cursor}${limit === undefined ? '' : `&limit=${limit}`}`,
        token,
      }),
    snapshot: (clientId: string, page: string | null = null, limit?: number) =>
      call<SnapshotResponse>(app, {
        method: 'GET',
        url: `/sync/snapshot?clientId=${encodeURIComponent(clientId)}${page === null ? '' : `&page=${page}`}${limit === undefined ? '' : `&limit=${limit}`}`,
        token,
      }),
    raw: <T>(method: 'GET' | 'POST', url: string, body?: unknown) => call<T>(app, { method, url, token, body }),
  };
}

export function anonymous(app: FastifyInstance) {
  return <T>(method: 'GET' | 'POST', url: string, body?: unknown, token?: string) =>
    call<T>(app, { method, url, body, token: token ?? null });
}

export function mutationOf<N extends MutationName>(
  clientId: string,
  id: number,
  name: N,
  args: MutationArgs<N>,
): Mutation {
  return { clientId, id, name, args, createdAt: T0 };
}

export function pushOf(clientId: string, mutations: readonly Mutation[]): PushRequest {
  return { protocol: SYNC_PROTOCOL_VERSION, clientId, mutations: [...mutations] };
}
