/**
 * Two server instances on one real PostgreSQL (started here, in a temp folder, on a free port):
 * a change pushed through one instance reaches a client of the other as a poke (PostgreSQL NOTIFY
 * between instances, no payload) and then by pull; sessions, replica ids and cursors are shared;
 * presence crosses over too (a NOTIFY with a small payload, server/sync/hub.ts).
 * Also the pg adapter's pipelined sessions. Fails, rather than skips, when PostgreSQL is not
 * installed: CI installs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse } from '../../shared/sync/protocol';
import type { LoginResponse } from '../../shared/sync/server-api';
import type { ModeratorServer } from '../../server/app';
import { createServer } from '../../server/app';
import type { Db } from '../../server/db/db';
import { migrate } from '../../server/db/migrations';
import { sql } from '../../server/db/sql';
import { openPostgres } from '../../server/db/postgres';
import { createLogger } from '../../server/log';
import { testConfig } from '../../server/testing/harness';
import { openSocket } from '../../server/testing/socket-client';
import type { TestSocket } from '../../server/testing/socket-client';
import { itemId, OTHER, PASSWORD, people, PHARMA, seedWorld } from '../../server/testing/world';
import { SYNC_PROTOCOL_VERSION } from '../../shared/sync/protocol';
import type { PostgresCluster } from './support/postgres';
import { startPostgres } from './support/postgres';

let cluster: PostgresCluster;
let first: ModeratorServer;
let second: ModeratorServer;
const urls: string[] = [];
const sockets: TestSocket[] = [];

async function startInstance(url: string): Promise<ModeratorServer> {
  const config = { ...testConfig, database: { kind: 'postgres' as const, url } };
  const server = await createServer(config, { logger: createLogger('silent') });
  urls.push(await server.listen());
  return server;
}

beforeAll(async () => {
  cluster = await startPostgres();
  const seeding: Db = await openPostgres({ url: cluster.url });
  await migrate(seeding);
  await seedWorld(seeding);
  await seeding.close();
  [first, second] = await Promise.all([startInstance(cluster.url), startInstance(cluster.url)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.close()));
  await first?.close();
  await second?.close();
  await cluster?.stop();
});

async function call<T>(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const loginAt = async (base: string, email: string) =>
  (await call<LoginResponse>(base, 'POST', '/auth/login', null, { email, password: PASSWORD })).body.token;

describe('two instances on one PostgreSQL', () => {
  it('pokes and serves, through one instance, what was pushed through the other', async () => {
    const [one = '', two = ''] = urls;
    const moderatorToken = await loginAt(one, people.moderator.email);
    const leadToken = await loginAt(two, people.lead.email);
    const otherApproverToken = await loginAt(two, people.otherApprover.email);
    const leadSocket = await openSocket(two, leadToken);
    const approverSocket = await openSocket(two, otherApproverToken);
    sockets.push(leadSocket, approverSocket);
    await leadSocket.next((message) => message.type === 'ready');
    await approverSocket.next((message) => message.type === 'ready');
    const start = (
      await call<PullResponse>(two, 'GET', '/sync/pull?clientId=replica-lead-1&cursor=0&limit=5000', leadToken)
    ).body;

    const replica = 'replica-moderator-1';
    const push = await call<PushResponse>(one, 'POST', '/sync/push', moderatorToken, {
      protocol: SYNC_PROTOCOL_VERSION,
      clientId: replica,
      mutations: [{ clientId: replica, id: 1, name: 'item.claim', args: { itemId: itemId(PHARMA, 1) }, createdAt: 0 }],
    });
    expect(push.body).toEqual({ lastMutationId: 1, gapAt: null });

    // The NOTIFY crossed over: instance two pokes its lead, not the approver of the other client.
    expect(await leadSocket.next((message) => message.type === 'poke', 10_000)).toEqual({ type: 'poke' });
    const pulled = (
      await call<PullResponse>(two, 'GET', `/sync/pull?clientId=replica-lead-1&cursor=${start.cursor}`, leadToken)
    ).body;
    expect(pulled.changes).toEqual([
      expect.objectContaining({
        entity: 'item',
        id: itemId(PHARMA, 1),
        data: expect.objectContaining({ status: 'open', assigneeId: people.moderator.id }),
      }),
    ]);

    // The moderator's session and replica work on the other instance as well.
    const own = (
      await call<PullResponse>(two, 'GET', `/sync/pull?clientId=${replica}&cursor=${start.cursor}`, moderatorToken)
    ).body;
    expect(own.lastMutationId).toBe(1);
    const stolen = await call<{ error: { code: string } }>(
      two,
      'GET',
      `/sync/pull?clientId=${replica}&cursor=0`,
      leadToken,
    );
    expect(stolen.status).toBe(403);

    // A change of the approver's client reaches the approver through the other instance too.
    await call<PushResponse>(one, 'POST', '/sync/push', moderatorToken, {
      protocol: SYNC_PROTOCOL_VERSION,
      clientId: replica,
      mutations: [{ clientId: replica, id: 2, name: 'item.claim', args: { itemId: itemId(OTHER, 1) }, createdAt: 0 }],
    });
    await approverSocket.next((message) => message.type === 'poke', 10_000);
    expect(approverSocket.received.filter((message) => message.type === 'poke')).toHaveLength(1);
  });

  it('shows who views or replies to an item to colleagues connected to the other instance', async () => {
    const [one = '', two = ''] = urls;
    const item = itemId(PHARMA, 3);
    const moderator = await openSocket(one, await loginAt(one, people.moderator.email));
    const lead = await openSocket(two, await loginAt(two, people.lead.email));
    const otherApprover = await openSocket(two, await loginAt(two, people.otherApprover.email));
    sockets.push(moderator, lead, otherApprover);
    for (const socket of [moderator, lead, otherApprover]) await socket.next((message) => message.type === 'ready');

    moderator.send({ type: 'presence', itemId: item, activity: 'replying' });
    expect(await lead.next((message) => message.type === 'presence', 10_000)).toMatchObject({
      itemId: item,
      userId: people.moderator.id,
      activity: 'replying',
    });

    // The moderator's app goes away: "replying" ends on the other instance too.
    await moderator.close();
    expect(await lead.next((message) => message.type === 'presence', 10_000)).toMatchObject({
      itemId: item,
      userId: people.moderator.id,
      activity: null,
    });

    // The approver of another client, on that same instance, heard nothing of it (anything relayed
    // to it would have arrived before the answer to this ping).
    otherApprover.send({ type: 'ping' });
    await otherApprover.next((message) => message.type === 'pong');
    expect(otherApprover.received.filter((message) => message.type === 'presence')).toEqual([]);
  });

  it('keeps cursors gap-free in commit order under concurrent pushes through both instances', async () => {
    const [one = '', two = ''] = urls;
    const tokens = await Promise.all([loginAt(one, people.moderator.email), loginAt(two, people.lead.email)]);
    const bases = [one, two];
    const before = (
      await call<PullResponse>(two, 'GET', '/sync/pull?clientId=replica-lead-2&cursor=0&limit=5000', tokens[1] ?? '')
    ).body.cursor;
    const labels = (who: number, replica: string) =>
      Array.from({ length: 40 }, (_, index) => ({
        clientId: replica,
        id: index + 1,
        name: 'item.label',
        args: { itemId: itemId(OTHER, (index % 3) + 2), label: `w${who}-${index}`, op: 'add' },
        createdAt: 0,
      }));
    await Promise.all(
      [0, 1].map((who) =>
        call<PushResponse>(bases[who] ?? one, 'POST', '/sync/push', tokens[who] ?? '', {
          protocol: SYNC_PROTOCOL_VERSION,
          clientId: `replica-burst-${who}`,
          mutations: labels(who, `replica-burst-${who}`),
        }),
      ),
    );
    const burst = (
      await call<PullResponse>(
        two,
        'GET',
        `/sync/pull?clientId=replica-lead-2&cursor=${before}&limit=5000`,
        tokens[1] ?? '',
      )
    ).body;
    // 80 commits from two instances at once: numbered one by one, each exactly once, in order.
    expect(burst.changes.map((change) => change.cursor)).toEqual(
      Array.from({ length: 80 }, (_, index) => before + index + 1),
    );
    expect(burst.cursor).toBe(before + 80);
    const seen = burst.changes.flatMap((change) =>
      (change.data as { labels: string[] }).labels.filter((label) => label.startsWith('w')),
    );
    // Each item change carries its own label plus the earlier ones: all 80 labels made it.
    expect(new Set(seen).size).toBe(80);
  });
});

describe('checks a push makes against what another instance applied', () => {
  const mutationAt = (replica: string, id: number, name: string, args: unknown) => ({
    clientId: replica,
    id,
    name,
    args,
    createdAt: 0,
  });
  const pushAt = (base: string, token: string, replica: string, mutations: unknown[]) =>
    call<PushResponse>(base, 'POST', '/sync/push', token, {
      protocol: SYNC_PROTOCOL_VERSION,
      clientId: replica,
      mutations,
    });

  it('refuses a send with newer_activity when a colleague answered through the other instance', async () => {
    const [one = '', two = ''] = urls;
    const [moderatorToken, leadToken] = await Promise.all([
      loginAt(one, people.moderator.email),
      loginAt(two, people.lead.email),
    ]);
    const item = itemId(OTHER, 5);
    const draft = (replyId: string) => ({
      replyId,
      itemId: item,
      text: 'Grazie!',
      visibility: 'public',
      savedReplyId: null,
    });
    const mine = 'replica-meanwhile-moderator';
    const theirs = 'replica-meanwhile-lead';
    await pushAt(one, moderatorToken, mine, [mutationAt(mine, 1, 'reply.draft', draft('r-mi-moderator'))]);
    const seenUpTo = Date.now() - 1;
    // The lead takes the conversation and answers it through instance two…
    expect(
      (
        await pushAt(two, leadToken, theirs, [
          mutationAt(theirs, 1, 'item.claim', { itemId: item }),
          mutationAt(theirs, 2, 'reply.draft', draft('r-mi-lead')),
          mutationAt(theirs, 3, 'reply.send', { replyId: 'r-mi-lead', seenUpTo: null, confirmed: true }),
        ])
      ).body,
    ).toEqual({ lastMutationId: 3, gapAt: null });
    const lead = (await call<PullResponse>(two, 'GET', `/sync/pull?clientId=${theirs}&cursor=0&limit=5000`, leadToken))
      .body;
    expect(lead.refused).toEqual([]);
    // …and the moderator's send, through instance one, saw the conversation before that.
    await pushAt(one, moderatorToken, mine, [
      mutationAt(mine, 2, 'reply.send', { replyId: 'r-mi-moderator', seenUpTo }),
    ]);
    const pulled = (
      await call<PullResponse>(two, 'GET', `/sync/pull?clientId=${mine}&cursor=0&limit=5000`, moderatorToken)
    ).body;
    expect(pulled.refused).toEqual([expect.objectContaining({ id: 2, code: 'newer_activity' })]);

    // The same replica id numbered #2 again with other content, through the other instance: answered, not skipped.
    const reused = await pushAt(two, moderatorToken, mine, [
      mutationAt(mine, 2, 'item.label', { itemId: item, label: 'dopo-il-blackout', op: 'add' }),
    ]);
    expect(reused.body).toEqual({ lastMutationId: 2, gapAt: null, reusedAt: 2 });
  });
});

describe('the PostgreSQL adapter', () => {
  it('runs a session of pipelined transactions that see each other, and rolls back the one that fails', async () => {
    const db = await openPostgres({ url: cluster.url, max: 2 });
    try {
      await db.query(sql`CREATE TABLE IF NOT EXISTS adapter_probe (id integer PRIMARY KEY, note text NOT NULL)`);
      const seen = await db.session(async (session) => {
        const values: number[] = [];
        for (let id = 1; id <= 5; id += 1) {
          const { value } = await session.transaction(async (tx) => {
            const [row] = await tx.query(sql`SELECT count(*)::int AS n FROM adapter_probe`);
            tx.defer(sql`INSERT INTO adapter_probe (id, note) VALUES (${id}, ${'ok'})`);
            return Number(row?.n);
          });
          values.push(value);
        }
        return values;
      });
      // Each transaction read what the previous one wrote, although it was sent before that COMMIT answered.
      expect(seen).toEqual([0, 1, 2, 3, 4]);

      const failing = db.session(async (session) => {
        await session.transaction(async (tx) => {
          await tx.query(sql`SELECT 1`);
          tx.defer(sql`INSERT INTO adapter_probe (id, note) VALUES (${6}, ${'kept?'})`);
          tx.defer(sql`INSERT INTO adapter_probe (id, note) VALUES (${1}, ${'duplicate key'})`);
        });
        const { value } = await session.transaction(async (tx) => {
          const [row] = await tx.query(sql`SELECT count(*)::int AS n FROM adapter_probe`);
          return Number(row?.n);
        });
        return value;
      });
      await expect(failing).rejects.toThrow(/duplicate key/);
      const ids = await db.query(sql`SELECT id FROM adapter_probe ORDER BY id`);
      expect(ids.map((row) => row.id)).toEqual([1, 2, 3, 4, 5]);

      await expect(
        db.transaction(async (tx) => {
          await tx.query(sql`INSERT INTO adapter_probe (id, note) VALUES (${7}, ${'rolled back'})`);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      // The pool's connections are still good after all that.
      const [count] = await db.query(sql`SELECT count(*)::int AS n FROM adapter_probe`);
      expect(count?.n).toBe(5);
    } finally {
      await db.query(sql`DROP TABLE IF EXISTS adapter_probe`);
      await db.close();
    }
  });
});
