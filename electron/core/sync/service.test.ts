import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventPayload } from '../../../shared/contract';
import type { Actor } from '../../../shared/domain';
import type { PullResponse } from '../../../shared/sync/protocol';
import { createItemActions, readUser } from '../api/item-actions';
import { EventHub } from '../events';
import { silentLogger } from '../log';
import { pendingCount } from '../replica/outbox';
import { sql } from '../replica/sql';
import { recordPull } from '../replica/syncMeta';
import { openDemoReplica, TEST_NOW, type TempReplica } from '../replica/testing';
import { SyncService } from './service';
import { UNAUTHORIZED_CLOSE } from './socket';
import { SyncNetworkError, type SyncTransport } from './transport';

/** Long enough that nothing in these tests comes back by waiting out a backoff. */
const LONG_BACKOFF = { baseMs: 120_000, maxMs: 120_000 };

let opened: TempReplica;
let actor: Actor;
let itemId: string;
let service: SyncService | null = null;
let server: FakeTeamServer | null = null;

beforeEach(async () => {
  opened = await openDemoReplica(30);
  const { writer, reader } = opened.replica;
  writer.transaction(() => writer.run(sql`UPDATE sync_meta SET snapshot_done = 1 WHERE singleton = 1`));
  const user = readUser(reader, 'us-giulia');
  if (!user) throw new Error('demo user missing');
  actor = user;
  const open = reader.column<string>(sql`SELECT id FROM items WHERE status IN ('new', 'open') ORDER BY id LIMIT 1`)[0];
  if (!open) throw new Error('no open item');
  itemId = open;
});

afterEach(async () => {
  await service?.close();
  service = null;
  await server?.stop();
  server = null;
  await opened.dispose();
});

/** The team server as the desktop sees it: HTTP sync (a fake transport) and the socket (real ws). */
interface FakeTeamServer {
  url: string;
  transport: SyncTransport;
  /** The outage: requests fail, the socket is dropped and new ones are refused. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

async function startFakeServer(): Promise<FakeTeamServer> {
  let reachable = true;
  let cursor = 1;
  let wss: WebSocketServer | null = null;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      const next: WebSocketServer = new WebSocketServer({ host: '127.0.0.1', port, path: '/sync/socket' }, () =>
        resolve((next.address() as AddressInfo).port),
      );
      next.on('connection', (socket: WebSocket) =>
        socket.on('message', (raw) => {
          const message = JSON.parse(String(raw)) as { type: string };
          if (message.type === 'auth') socket.send(JSON.stringify({ type: 'ready', userId: 'us-giulia' }));
        }),
      );
      wss = next;
    });
  const close = () =>
    new Promise<void>((resolve) => {
      const current = wss;
      wss = null;
      if (!current) return resolve();
      for (const client of current.clients) client.terminate();
      current.close(() => resolve());
    });
  const port = await listen(0);
  const unreachable = () => new SyncNetworkError('The team server cannot be reached.');
  const pull = (lastMutationId: number): PullResponse => ({
    changes: [],
    cursor: (cursor += 1),
    more: false,
    lastMutationId,
    refused: [],
  });
  let confirmed = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    transport: {
      login: () => Promise.reject(unreachable()),
      logout: () => Promise.resolve(),
      push: (_token, _client, mutations) => {
        if (!reachable) return Promise.reject(unreachable());
        confirmed = mutations.at(-1)?.id ?? confirmed;
        return Promise.resolve({ lastMutationId: confirmed, gapAt: null });
      },
      pull: () => (reachable ? Promise.resolve(pull(confirmed)) : Promise.reject(unreachable())),
      snapshot: () => Promise.reject(unreachable()),
      decide: () => Promise.reject(unreachable()),
    },
    async down() {
      reachable = false;
      await close();
    },
    async up() {
      await listen(port);
      reachable = true;
    },
    stop: close,
  };
}

async function startService(fake: FakeTeamServer): Promise<{ statuses: EventPayload<'sync:status'>[] }> {
  const events = new EventHub();
  const statuses: EventPayload<'sync:status'>[] = [];
  events.on('sync:status', (status) => statuses.push(status));
  service = await SyncService.start({
    dataFolder: opened.dir.path,
    replica: opened.replica,
    events,
    log: silentLogger,
    now: () => TEST_NOW,
    secretBox: null,
    demoItems: 0,
    soloUserId: 'us-giulia',
    resume: { mode: 'team', serverUrl: fake.url, userId: 'us-giulia', token: 'token', expiresAt: TEST_NOW + 3_600_000 },
    replay: () => undefined,
    readUser: (id) => readUser(opened.replica.reader, id),
    transportFor: () => fake.transport,
    backoff: LONG_BACKOFF,
  });
  return { statuses };
}

/** Waits for a state (never for a fixed time). */
async function until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the sync service after an outage', () => {
  it('says "live" only while pokes can arrive, and is live again as soon as a sync gets through', async () => {
    server = await startFakeServer();
    const fake = server;
    const { statuses } = await startService(fake);
    const last = () => statuses.at(-1);
    await until('live', () => last()?.state === 'online' && last()?.live === true);

    await fake.down();
    // The last sync succeeded, but the socket is gone: changes would only come at the next poll.
    await until('the socket to drop', () => last()?.live === false);
    expect(last()?.state).toBe('online');

    // A change made during the outage fails to go out, and the sync backs off (for minutes here).
    createItemActions({ db: opened.replica.writer, actor: () => actor, now: () => TEST_NOW }).act(itemId, {
      type: 'label',
      label: 'during-outage',
      op: 'add',
    });
    service?.localChange();
    await until('offline', () => last()?.state === 'offline');

    // The server is back; the user presses "retry" (or the socket got through): one of the two
    // reaching the server brings the other back at once, not after its own backoff.
    await fake.up();
    await service?.handlers['sync:retry']({});
    await until('live again', () => last()?.state === 'online' && last()?.live === true);
    expect(pendingCount(opened.replica.reader)).toBe(0);
  });
});

describe('the sync status a window asks for', () => {
  it('is the current one, with the last sync an earlier run recorded, before any sign-in', async () => {
    const { writer } = opened.replica;
    const at = TEST_NOW - 3_600_000;
    writer.transaction(() => recordPull(writer, { cursor: 9, confirmedMutationId: 0, at }));
    service = await SyncService.start({
      dataFolder: opened.dir.path,
      replica: opened.replica,
      events: new EventHub(),
      log: silentLogger,
      now: () => TEST_NOW,
      secretBox: null,
      demoItems: 0,
      soloUserId: 'us-giulia',
      resume: null,
      replay: () => undefined,
      readUser: () => null,
    });
    expect(await service.handlers['sync:status']({})).toMatchObject({
      state: 'offline',
      live: false,
      lastSyncAt: at,
      pending: 0,
    });
  });
});

describe('the refused changes a window lists', () => {
  it('come page by page, newest first, until every one the count announces was shown', async () => {
    const { writer } = opened.replica;
    const total = 450;
    writer.transaction(() => {
      for (let id = 1; id <= total; id += 1)
        writer.run(sql`INSERT INTO pending_mutations (client_id, mutation_id, name, args, created_at, status,
            refused_code, refused_message)
          VALUES ('replica-1', ${id}, 'item.claim', ${JSON.stringify({ itemId })}, ${TEST_NOW}, 'refused',
            'already_assigned', 'someone else holds this item')`);
    });
    const events = new EventHub();
    service = await SyncService.start({
      dataFolder: opened.dir.path,
      replica: opened.replica,
      events,
      log: silentLogger,
      now: () => TEST_NOW,
      secretBox: null,
      demoItems: 0,
      soloUserId: 'us-giulia',
      resume: null,
      replay: () => undefined,
      readUser: () => null,
    });
    const count = (await service.handlers['sync:status']({})).refused;
    const seen: number[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await service.handlers['sync:refused'](
        before === undefined ? { limit: 200 } : { before, limit: 200 },
      );
      if (page.changes.length === 0) break;
      seen.push(...page.changes.map((change) => change.id));
      before = page.changes.at(-1)?.id;
    }
    expect(count).toBe(total);
    expect(seen).toEqual(Array.from({ length: total }, (_, index) => total - index));
  });
});

describe('why the sync stopped, as a code the UI words', () => {
  it('says the team server ended the session when the socket is closed as unauthorized', async () => {
    const wss = await new Promise<WebSocketServer>((resolve) => {
      const next: WebSocketServer = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/sync/socket' }, () =>
        resolve(next),
      );
    });
    wss.on('connection', (socket: WebSocket) => socket.on('message', () => socket.close(UNAUTHORIZED_CLOSE)));
    const url = `http://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    // Pushes and pulls fail (and back off for minutes): only the socket answers.
    const unreachable = () => Promise.reject(new SyncNetworkError('The team server cannot be reached.'));
    const fake: FakeTeamServer = {
      url,
      transport: {
        login: unreachable,
        logout: unreachable,
        push: unreachable,
        pull: unreachable,
        snapshot: unreachable,
        decide: unreachable,
      },
      down: () => Promise.resolve(),
      up: () => Promise.resolve(),
      stop: () =>
        new Promise<void>((resolve) => {
          for (const client of wss.clients) client.terminate();
          wss.close(() => resolve());
        }),
    };
    server = fake;
    const { statuses } = await startService(fake);
    await until('signed out', () => statuses.at(-1)?.problem?.code === 'session_ended');
    expect(statuses.at(-1)).toMatchObject({ state: 'offline', problem: { code: 'session_ended' } });
  });
});
