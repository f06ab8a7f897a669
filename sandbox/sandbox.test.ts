/**
 * End to end, in-process: the Meta connector polls the sandbox platform and receives its signed
 * webhooks — with a duplicate, a reordered and dropped deliveries (found by polling), a throttle
 * (classified with its "until"), an expired token (reconnect needed, then a reconnect), a timeout.
 */
import { fastify } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountContext, Connector, NormalizedEvent, RawHeaders } from '../server/platforms/connector';
import { createMetaConnector } from '../server/platforms/meta/connector';
import { graphCall } from '../server/platforms/meta/graph';
import { startSandbox } from './server';
import type { Sandbox } from './server';

const APP_SECRET = 'sandbox-test-secret';
const NOW = Date.UTC(2026, 11, 8, 1, 0, 0);
/** Wait for a state, generously: the machine running the tests may be busy. */
const WAIT = { timeout: 15_000, interval: 20 };

interface Receiver {
  readonly url: string;
  readonly events: NormalizedEvent[];
  readonly refused: string[];
  close(): Promise<void>;
}

/** A stand-in for the team server's webhook route: raw bytes in, the connector decides. */
async function startReceiver(connector: Connector): Promise<Receiver> {
  const app: FastifyInstance = fastify();
  const events: NormalizedEvent[] = [];
  const refused: string[] = [];
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/webhooks/meta', async (request, reply) => {
    const result = connector.parseWebhook(request.body as Buffer, request.headers as RawHeaders);
    if (!result.ok) {
      refused.push(result.refusal);
      return reply.code(401).send();
    }
    events.push(...result.events);
    return reply.code(200).send();
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/webhooks/meta`, events, refused, close: () => app.close() };
}

/** Every event of a stream, page after page. */
async function pollAll(connector: Connector, account: AccountContext, stream: string): Promise<NormalizedEvent[]> {
  const all: NormalizedEvent[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const result = await connector.poll(account, stream, cursor);
    if (!result.ok) throw new Error(`poll ${stream}: ${result.failure.kind} ${result.failure.code}`);
    all.push(...result.value.events);
    cursor = result.value.nextCursor;
    if (cursor === null) return all;
  }
  throw new Error('too many pages');
}

const key = (event: NormalizedEvent) => `${event.platform}:${event.externalId}:${event.version}`;

describe('sandbox platform ↔ Meta connector', () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  let connector: Connector;
  const account = (id: string): AccountContext => {
    const found = sandbox.world.account(id);
    return { platform: found.platform, accountId: found.id, accessToken: found.token };
  };

  beforeEach(async () => {
    let baseUrl = '';
    connector = createMetaConnector({
      get baseUrl() {
        return baseUrl;
      },
      appSecret: APP_SECRET,
      verifyToken: 'verify',
      pageSize: 2, // small pages: paging is exercised on every stream
      timeoutMs: 15_000,
      now: () => NOW,
    });
    receiver = await startReceiver(connector);
    sandbox = await startSandbox({ appSecret: APP_SECRET, callbackUrl: receiver.url, seed: 7, timeoutHoldMs: 3_000 });
    baseUrl = sandbox.url;
  });

  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('nothing missed, nothing twice: webhooks (one duplicated, one reordered, two dropped) plus polling', async () => {
    Object.assign(sandbox.webhooks.faults, { duplicate: 1, reorder: 1, drop: 2 });
    await sandbox.generate(12);
    await sandbox.webhooks.flush();
    // 12 interactions − 2 dropped + 1 duplicate = 11 deliveries, all accepted.
    await vi.waitFor(() => expect(sandbox.webhooks.sent).toHaveLength(11), WAIT);
    expect(sandbox.webhooks.sent.every((delivery) => delivery.status === 200)).toBe(true);
    expect(receiver.refused).toEqual([]);

    const polled: NormalizedEvent[] = [];
    for (const { id, platform } of sandbox.world.accounts.values()) {
      if (platform === 'facebook') polled.push(...(await pollAll(connector, account(id), 'feed')));
      for (const post of sandbox.world.posts.filter((candidate) => candidate.accountId === id)) {
        polled.push(...(await pollAll(connector, account(id), `comments:${post.id}`)));
      }
      polled.push(...(await pollAll(connector, account(id), 'conversations')));
    }

    const seen = new Map<string, number>();
    for (const event of [...receiver.events, ...polled]) seen.set(key(event), (seen.get(key(event)) ?? 0) + 1);
    const ids = new Set([...receiver.events, ...polled].map((event) => event.externalId));
    const expected = [...sandbox.world.comments.map((c) => c.id), ...sandbox.world.messages.map((m) => m.mid)];
    expect(expected).toHaveLength(12);
    for (const id of expected) expect(ids.has(id)).toBe(true); // nothing missed
    const webhookIds = new Set(receiver.events.map((event) => event.externalId));
    expect(expected.filter((id) => !webhookIds.has(id))).toHaveLength(2); // the dropped two, found by polling only
    // Dedupe by (platform, external id, version) leaves exactly one of each.
    expect(new Set(expected.map((id) => [...seen.keys()].filter((k) => k.split(':')[1] === id).length))).toEqual(
      new Set([1]),
    );
    expect([...seen.values()].some((count) => count > 1)).toBe(true); // the duplicate did arrive twice
  });

  it('walks a Page feed through time-based paging (until + __paging_token)', async () => {
    const pageId = '104857600000002';
    for (let i = 0; i < 4; i += 1)
      sandbox.world.addPost(pageId, `Post ${i}`, { id: `9${i}`, name: `Visitor ${i}`, username: `v${i}` });
    const first = await connector.poll(account(pageId), 'feed', null);
    if (!first.ok) throw new Error(first.failure.code);
    expect(first.value.nextCursor).toMatch(/until=\d+&__paging_token=/);
    const posts = await pollAll(connector, account(pageId), 'feed');
    expect(posts.map((post) => post.text)).toEqual(['Post 3', 'Post 2', 'Post 1', 'Post 0', expect.any(String)]);
    expect(posts.filter((post) => post.isOwn)).toHaveLength(1); // the Page's own seeded post
  });

  it('delivers a held-back webhook after the one that followed it', async () => {
    const post = sandbox.world.posts.find((candidate) => candidate.accountId === '104857600000001');
    if (!post) throw new Error('no seeded post');
    const person = { id: '61234', name: 'Anna', username: 'anna' };
    const first = sandbox.world.addComment(post.id, post.id, person, 'prima');
    const second = sandbox.world.addComment(post.id, first.id, person, 'seconda');
    sandbox.webhooks.faults.reorder = 1;
    await sandbox.announce({ kind: 'comment', commentId: first.id });
    await sandbox.announce({ kind: 'comment', commentId: second.id });
    await vi.waitFor(() => expect(receiver.events).toHaveLength(2), WAIT);
    expect(receiver.events.map((event) => event.externalId)).toEqual([second.id, first.id]);
    expect(receiver.events[0]).toMatchObject({ kind: 'reply', parentId: first.id, text: 'seconda' });
  });

  it('signs the bytes it sends, non-ASCII escaped as Meta does, and the text arrives intact', async () => {
    const media = sandbox.world.posts.find((post) => post.accountId === '17841400000000003');
    if (!media) throw new Error('no seeded media');
    const comment = sandbox.world.addComment(
      media.id,
      media.id,
      { id: '88', name: 'Zoë', username: 'zoe' },
      'Perché? 🙏',
    );
    await sandbox.announce({ kind: 'comment', commentId: comment.id });
    await vi.waitFor(() => expect(receiver.events).toHaveLength(1), WAIT);
    expect(sandbox.webhooks.sent[0]?.body).toContain('Perch\\u00e9? \\ud83d\\ude4f');
    expect(receiver.events[0]).toMatchObject({ platform: 'instagram', text: 'Perché? 🙏', author: { handle: 'zoe' } });
  });

  it('classifies a throttle with the time Meta estimates, and a timeout as retry', async () => {
    sandbox.faults.inject('comments', { kind: 'rate_limit', code: 32, status: 429, regainMinutes: 7 });
    const page = account('104857600000001');
    const post = sandbox.world.posts.find((candidate) => candidate.accountId === page.accountId);
    const throttled = await connector.poll(page, `comments:${post?.id ?? ''}`, null);
    expect(throttled).toEqual({
      ok: false,
      failure: { kind: 'rate_limited', code: 'meta:32', until: NOW + 7 * 60_000 },
    });
    sandbox.faults.inject('feed', { kind: 'timeout' });
    const impatient = createMetaConnector({
      baseUrl: sandbox.url,
      appSecret: APP_SECRET,
      verifyToken: 'v',
      timeoutMs: 300,
    });
    expect(await impatient.poll(page, 'feed', null)).toEqual({
      ok: false,
      failure: { kind: 'retry', code: 'timeout' },
    });
    expect((await connector.poll(page, 'feed', null)).ok).toBe(true);
  });

  it('an expired token needs a reconnect; after it, polling works again', async () => {
    const pageId = '104857600000002';
    sandbox.world.account(pageId).tokenState = 'expired';
    expect(await connector.poll(account(pageId), 'feed', null)).toEqual({
      ok: false,
      failure: { kind: 'reconnect_needed', code: 'meta:190/463' },
    });
    // A token for another Page sees "does not exist" on this Page's edges: also a reconnect.
    const foreign = { ...account('104857600000001'), accountId: pageId };
    expect(await connector.poll(foreign, 'feed', null)).toEqual({
      ok: false,
      failure: { kind: 'reconnect_needed', code: 'meta:100/33' },
    });
    const stale = account(pageId);
    sandbox.world.reconnect(pageId);
    expect((await connector.poll(stale, 'feed', null)).ok).toBe(false);
    expect((await connector.poll(account(pageId), 'feed', null)).ok).toBe(true);
  });

  it('our own message comes back as an echo carrying the outbox id; a fetched mention is read in full', async () => {
    const pageId = '104857600000001';
    const sent = await graphCall(
      { baseUrl: sandbox.url, appSecret: APP_SECRET },
      account(pageId),
      'POST',
      `${pageId}/messages`,
      {
        recipient: JSON.stringify({ id: '6123400000000001' }),
        messaging_type: 'RESPONSE',
        message: JSON.stringify({ text: 'Grazie, le rispondiamo in privato.', metadata: 'outbox-42' }),
      },
    );
    expect(sent).toMatchObject({ ok: true, value: { recipient_id: '6123400000000001' } });
    await vi.waitFor(() => expect(receiver.events).toHaveLength(1), WAIT);
    expect(receiver.events[0]).toMatchObject({
      kind: 'message',
      isOwn: true,
      echoMetadata: 'outbox-42',
      threadId: '6123400000000001',
    });

    const media = sandbox.world.posts.find((post) => post.accountId === '17841400000000003');
    const comment = sandbox.world.addComment(
      media?.id ?? '',
      media?.id ?? '',
      { id: '77', name: 'Eva', username: 'eva' },
      '@dermavita_official top!',
    );
    const fetched = await connector.fetchObject(account('17841400000000003'), {
      kind: 'mention',
      externalId: comment.id,
    });
    expect(fetched).toMatchObject({
      ok: true,
      value: { kind: 'mention', text: '@dermavita_official top!', author: { handle: 'eva' } },
    });
    const missing = await connector.fetchObject(account('17841400000000003'), { kind: 'mention', externalId: 'nope' });
    expect(missing).toEqual({ ok: true, value: null });
  });
});
