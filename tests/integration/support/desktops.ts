/**
 * Real desktop cores for integration tests: start one signed in to a team server, call it as the
 * renderer does, wait for what a user would wait for.
 */
import { join } from 'node:path';
import type { CallName, CallResult, EventPayload, ItemActionRequest } from '../../../shared/contract';
import type { Item } from '../../../shared/domain/entities';
import { users } from '../../../shared/demo';
import { startCore, type Core } from '../../../electron/core';
import { silentLogger } from '../../../electron/core/log';
import { dispatchCall } from '../../../electron/core/api/dispatch';
import { createServer, type ModeratorServer } from '../../../server/app';
import { createLogger } from '../../../server/log';
import { DEMO_PASSWORD } from '../../../server/seed/demo';

export const emailOf = (id: string) => users.find((u) => u.id === id)?.email ?? '';

/** A call as the renderer makes it: validated, defaults applied, failures as errors. */
export async function call<N extends CallName>(core: Core, name: N, args: unknown): Promise<CallResult<N>> {
  const result = await dispatchCall(core.handlers, name, args, silentLogger);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as CallResult<N>;
}

/**
 * One item action through the one path the app uses (`items:act`), thrown like `call` when the
 * local rules refuse it: `items:act: <code>: <message>`.
 */
export async function act(core: Core, itemId: string, action: ItemActionRequest): Promise<Item> {
  const { applied, refused } = await call(core, 'items:act', { itemIds: [itemId], action });
  const refusal = refused[0];
  if (refusal !== undefined) throw new Error(`items:act: ${refusal.code}: ${refusal.message}`);
  const done = applied[0];
  if (done === undefined) throw new Error('items:act: internal: no answer for the item');
  return done.after;
}

/** Polls `probe` until it answers something (not null or false). */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | false> | T | null | false,
  timeoutMs = 60_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== null && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The core replays its last sync status to a new listener: read it that way. */
export function lastStatus(core: Core): EventPayload<'sync:status'> | null {
  const seen: EventPayload<'sync:status'>[] = [];
  core.events.on('sync:status', (status) => seen.push(status))();
  return seen.at(-1) ?? null;
}

/** A desktop in `folder/name`, signed in to the team server as `userId`, after its first sync. */
export async function signedInDesktop(folder: string, name: string, serverUrl: string, userId: string): Promise<Core> {
  const core = await startCore({
    appName: 'test',
    appVersion: '0.0.0',
    dataFolder: join(folder, name),
    systemLocale: 'it-IT',
    host: 'web',
    log: silentLogger,
    sync: 'ask',
  });
  const signedIn = await call(core, 'connection:signIn', {
    mode: 'team',
    serverUrl,
    email: emailOf(userId),
    password: DEMO_PASSWORD,
  });
  if (signedIn.user.id !== userId) throw new Error(`signed in as ${signedIn.user.id}, not ${userId}`);
  await until(`${name}'s first sync`, () => lastStatus(core)?.state === 'online', 120_000);
  return core;
}

/** A team server on PGlite in `folder/server`, seeded with a demo workspace of `demoItems`. */
export async function startDemoServer(
  folder: string,
  demoItems: number,
): Promise<{ server: ModeratorServer; url: string }> {
  const server = await createServer(
    {
      port: 0,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: join(folder, 'server') },
      sessionTtlMs: 3_600_000,
      logLevel: 'silent',
      seed: 'demo',
      demoItems,
    },
    { logger: createLogger('silent') },
  );
  return { server, url: await server.listen() };
}
