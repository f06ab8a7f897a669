/**
 * A power cut never loses a change silently. The replica runs `synchronous = NORMAL`: a cut can
 * roll its file back past mutations it had already pushed, and the next local change then gets
 * an id the server already holds. Here the file is rolled back for real (copied before a push,
 * put back after it) and the desktop restarts offline, as after a cut: the change made then must
 * reach the server (or be listed as refused), never be skipped as a resend and dropped.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../shared/domain/entities';
import { REPLICA_FILE, startCore, type Core } from '../../electron/core';
import { silentLogger } from '../../electron/core/log';
import type { ModeratorServer } from '../../server/app';
import { toJson } from '../../server/db/db';
import { sql } from '../../server/db/sql';
import { startProxy, type CuttableProxy } from './support/proxy';
import { act, call, lastStatus, signedInDesktop, startDemoServer, until } from './support/desktops';

const folder = mkdtempSync(join(tmpdir(), 'power-cut-'));
const FILES = ['', '-wal', '-shm'].map((suffix) => join(folder, 'a', `${REPLICA_FILE}${suffix}`));
let server: ModeratorServer;
let proxy: CuttableProxy;
let a: Core | null = null;

beforeAll(async () => {
  const started = await startDemoServer(folder, 60);
  server = started.server;
  proxy = await startProxy(new URL(started.url));
  a = await signedInDesktop(folder, 'a', proxy.url, 'us-giulia');
}, 180_000);

afterAll(async () => {
  await a?.close();
  await proxy?.close();
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** The same desktop started again on its folder: it resumes its stored session. */
const restart = () =>
  startCore({
    appName: 'test',
    appVersion: '0.0.0',
    dataFolder: join(folder, 'a'),
    systemLocale: 'it-IT',
    host: 'web',
    log: silentLogger,
    sync: 'ask',
  });

async function serverLabels(itemId: string): Promise<string[]> {
  const [found] = await server.db.query(sql`SELECT data FROM entities WHERE entity = 'item' AND id = ${itemId}`);
  return (toJson(found?.data) as Item | undefined)?.labels ?? [];
}

describe('a replica file rolled back by a power cut', () => {
  it('applies the change made after the restart: its id is not taken for a resend', async () => {
    if (a === null) throw new Error('no desktop');
    const page = await call(a, 'queue:list', { view: 'inbox', sort: 'oldest', limit: 20 });
    const [pushedItem, laterItem] = page.rows.map((row) => row.itemId);
    if (pushedItem === undefined || laterItem === undefined) throw new Error('no items');

    // The file as the last checkpoint left it.
    await a.close();
    a = null;
    for (const file of FILES) if (existsSync(file)) copyFileSync(file, `${file}.checkpoint`);

    // A change, pushed and applied by the server…
    a = await restart();
    await act(a, pushedItem, { type: 'label', label: 'prima', op: 'add' });
    await until('the first change on the server', async () => (await serverLabels(pushedItem)).includes('prima'));

    // …then the power goes: the file goes back to the checkpoint, the change is no longer in it.
    await a.close();
    a = null;
    for (const file of FILES) {
      rmSync(file, { force: true });
      if (existsSync(`${file}.checkpoint`)) copyFileSync(`${file}.checkpoint`, file);
    }

    // Restarted without network; the moderator works before the desktop reaches the server.
    proxy.cut();
    a = await restart();
    await act(a, laterItem, { type: 'label', label: 'dopo', op: 'add' });
    proxy.restore();
    await call(a, 'sync:retry', {});
    const core = a;
    await until('the desktop to be in sync', () => {
      const status = lastStatus(core);
      return status?.state === 'online' && status.pending === 0;
    });

    const refused = (await call(a, 'sync:refused', {})).changes;
    expect(refused).toEqual([]);
    expect(await serverLabels(laterItem)).toContain('dopo');
    expect((await call(a, 'item:get', { itemId: laterItem })).item.labels).toContain('dopo');
    // The first change is still there too (the server kept it; the replica has it back from the pull).
    expect((await call(a, 'item:get', { itemId: pushedItem })).item.labels).toContain('prima');
  }, 180_000);
});
