/**
 * A policy edited on an admin's desktop reaches a moderator's desktop through the change log:
 * two real desktop cores and one team server on PGlite, over loopback (issue 6).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallName, CallResult, EventPayload } from '../../shared/contract';
import { CONSUMER, users } from '../../shared/demo';
import { startCore, type Core } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import { dispatchCall } from '../../electron/core/api/dispatch';
import { createServer, type ModeratorServer } from '../../server/app';
import { createLogger } from '../../server/log';
import { DEMO_PASSWORD } from '../../server/seed/demo';

const folder = mkdtempSync(join(tmpdir(), 'policy-sync-'));
let server: ModeratorServer;
let admin: Core;
let moderator: Core;

const emailOf = (id: string) => users.find((u) => u.id === id)?.email ?? '';

async function call<N extends CallName>(core: Core, name: N, args: unknown): Promise<CallResult<N>> {
  const result = await dispatchCall(core.handlers, name, args, silentLogger);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as CallResult<N>;
}

async function until<T>(what: string, probe: () => Promise<T | null | false> | T | null | false, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== null && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function lastStatus(core: Core): EventPayload<'sync:status'> | null {
  const seen: EventPayload<'sync:status'>[] = [];
  core.events.on('sync:status', (status) => seen.push(status))();
  return seen.at(-1) ?? null;
}

async function desktop(name: string, serverUrl: string, userId: string): Promise<Core> {
  const core = await startCore({
    appName: 'test',
    appVersion: '0.0.0',
    dataFolder: join(folder, name),
    systemLocale: 'it-IT',
    host: 'web',
    log: silentLogger,
    sync: 'ask',
  });
  await call(core, 'connection:signIn', { mode: 'team', serverUrl, email: emailOf(userId), password: DEMO_PASSWORD });
  await until(`${name}'s first sync`, () => lastStatus(core)?.state === 'online', 120_000);
  return core;
}

beforeAll(async () => {
  server = await createServer(
    {
      port: 0,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: join(folder, 'server') },
      sessionTtlMs: 3_600_000,
      logLevel: 'silent',
      seed: 'demo',
      demoItems: 50,
    },
    { logger: createLogger('silent') },
  );
  const url = await server.listen();
  admin = await desktop('admin', url, 'us-admin');
  moderator = await desktop('moderator', url, 'us-giulia');
}, 180_000);

afterAll(async () => {
  await admin?.close();
  await moderator?.close();
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('a policy edited on one desktop', () => {
  it("reaches the moderator's replica without the moderator asking", async () => {
    const view = await call(admin, 'policy:get', { clientId: CONSUMER });
    const policy = structuredClone(view.policy);
    const topic = policy.sensitivity.topics[0];
    if (topic === undefined) throw new Error('no topic');
    topic.keywords.push('surgelare');
    await call(admin, 'policy:save', { clientId: CONSUMER, version: view.version, policy });
    const seen = await until('the keyword on the moderator desktop', async () => {
      const client = await call(moderator, 'client:get', { clientId: CONSUMER });
      return client.sensitivity.topics[0]?.keywords.includes('surgelare') ? client : null;
    });
    expect(seen.id).toBe(CONSUMER);
  });
});
