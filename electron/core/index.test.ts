import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calls } from '../../shared/contract';
import { dispatchCall } from './api/dispatch';
import { REPLICA_FILE, startCore, type Core, type CoreOptions } from './index';
import { silentLogger } from './log';

let dir: string;
const cores: Core[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'core-'));
});
afterEach(async () => {
  while (cores.length) await cores.pop()?.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(options: Partial<CoreOptions> = {}) {
  const core = await startCore({
    appName: 'Moderator Desk',
    appVersion: '1.0.0',
    dataFolder: dir,
    systemLocale: 'it-IT',
    host: 'web',
    log: silentLogger,
    demoItems: 200,
    // The replica alone (seeded directly) unless a test asks for the server: fast, no PGlite.
    sync: 'off',
    ...options,
  });
  cores.push(core);
  await core.ready;
  const call = (name: string, args: unknown = {}) => dispatchCall(core.handlers, name, args, silentLogger);
  return { core, call };
}

describe('desktop core', () => {
  it('starts on a new data folder with the demo workspace in the replica', async () => {
    const { call } = await start();
    const page = await call('queue:list', { limit: 5 });
    expect(page).toMatchObject({ ok: true });
    if (page.ok) expect((page.value as { rows: unknown[] }).rows).toHaveLength(5);
    expect(await call('app:info')).toMatchObject({ ok: true, value: { notices: [] } });
  });

  it('first run: asks how to work, and "work on this computer" fills the replica from the in-process server', async () => {
    const { core, call } = await start({ sync: 'ask' });
    expect(await call('connection:get')).toMatchObject({ ok: true, value: { mode: null, user: null } });
    const online = new Promise<void>((resolve) => {
      const stop = core.events.on('sync:status', (status) => {
        if (status.state === 'online') {
          queueMicrotask(() => stop());
          resolve();
        }
      });
    });
    const signedIn = await call('connection:signIn', { mode: 'solo' });
    expect(signedIn).toMatchObject({ ok: true, value: { user: { id: 'us-giulia' } } });
    await online;
    const page = await call('queue:list', { limit: 5 });
    expect(page.ok && (page.value as { rows: unknown[] }).rows.length).toBe(5);
    expect(await call('connection:get')).toMatchObject({ ok: true, value: { mode: 'solo' } });
  }, 120_000);

  it('still starts on a corrupt replica: the file is replaced and the user is told', async () => {
    await writeFile(join(dir, REPLICA_FILE), 'this is not a database'.repeat(500));
    const { call } = await start();
    expect(await call('app:info')).toMatchObject({ ok: true, value: { notices: ['replica_recovered'] } });
    expect(await call('queue:counts', {})).toMatchObject({ ok: true });
  });

  it('still starts on a replica from a newer app, leaves it untouched and says to update', async () => {
    const db = new Database(join(dir, REPLICA_FILE));
    db.pragma('user_version = 999');
    db.exec('CREATE TABLE from_the_future (x)');
    db.close();
    const { core, call } = await start();
    expect(await call('app:info')).toMatchObject({ ok: true, value: { notices: ['replica_newer'] } });
    const page = await call('queue:list', {});
    expect(page).toMatchObject({ ok: false, error: { code: 'replica_newer' } });
    if (!page.ok) expect(page.error.message).toMatch(/newer|update/i);
    const after = new Database(join(dir, REPLICA_FILE), { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(999);
    after.close();
    expect(Object.keys(core.handlers).sort()).toEqual(Object.keys(calls).sort());
  });

  it('answers exactly the calls of the contract, with or without a sync service', async () => {
    for (const sync of ['off', 'ask'] as const) {
      const { core, call } = await start({ sync, dataFolder: join(dir, sync) });
      expect(Object.keys(core.handlers).sort()).toEqual(Object.keys(calls).sort());
      // Not signed in: the policy editor is told it needs the team server.
      expect(await call('policy:clients')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    }
  });

  it('archives an item through the domain rule, queues its mutation, and undo puts it back', async () => {
    const { call } = await start();
    const counts = async () =>
      ((await call('queue:counts', {})) as { value: { views: { inbox: number } } }).value.views.inbox;
    const before = await counts();
    const page = (await call('queue:list', { limit: 1 })) as { value: { rows: { itemId: string }[] } };
    const itemId = page.value.rows[0]!.itemId;
    const archived = await call('items:act', {
      itemIds: [itemId],
      action: { type: 'archive', reason: 'no_reply_needed' },
    });
    expect(archived).toMatchObject({
      ok: true,
      value: { applied: [{ after: { status: 'done', closedReason: 'no_reply_needed' } }], refused: [] },
    });
    expect(await counts()).toBe(before - 1);
    expect(await call('items:act', { itemIds: [itemId], action: { type: 'reopen' } })).toMatchObject({
      ok: true,
      value: { applied: [{ after: { status: 'open' } }] },
    });
    expect(await counts()).toBe(before);
  });

  it('refuses an action the domain forbids, with its reason, and changes nothing', async () => {
    const { call } = await start();
    const page = (await call('queue:list', { limit: 1 })) as { value: { rows: { itemId: string }[] } };
    const itemId = page.value.rows[0]!.itemId;
    const result = await call('items:act', { itemIds: [itemId], action: { type: 'snooze', until: 1 } });
    expect(result).toMatchObject({ ok: true, value: { applied: [], refused: [{ itemId, code: 'refused' }] } });
    const refusal = result.ok ? (result.value as { refused: { message: string }[] }).refused[0] : undefined;
    expect(refusal?.message).toContain('snooze_in_past');
  });
});
