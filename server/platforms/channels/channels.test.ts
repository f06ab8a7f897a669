/**
 * Channel management as admins, leads, moderators and approvers meet it: who may connect, pause,
 * resume and reconnect a channel, who sees which channels, that the new channel reaches the
 * desktops through the change log, and that the pasted token never comes back — not in an
 * answer, not in a log line, not in the audit trail — while a tampered sealed token is reported
 * with a code.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../../shared/sync/protocol';
import type { ModeratorServer } from '../../app';
import { createServer } from '../../app';
import { readChainPage } from '../../audit/store';
import type { Db } from '../../db/db';
import { sql } from '../../db/sql';
import { createLogger } from '../../log';
import { as, Clock, login, openWorldDb, testConfig } from '../../testing/harness';
import { OTHER, people, PHARMA } from '../../testing/world';
import { createTokenVault } from '../vault';
import type { ChannelView } from './store';
import { openChannelToken } from './store';

const TOKEN = 'EAAGm0PX4ZCpsBAPastedSystemUserToken0123456789abcdef';
const NEW_TOKEN = 'EAAGm0PX4ZCpsBANewSystemUserToken9876543210fedcba';
const KEYS = [{ id: 'test-key', key: randomBytes(32) }];
const vault = createTokenVault(KEYS);
const clock = new Clock();
const lines: string[] = [];
let db: Db;
let server: ModeratorServer;
const tokens = new Map<string, string>();

type Answer = {
  status: number;
  body: { channel?: ChannelView; channels?: ChannelView[]; error?: { code: string } };
  raw: string;
};

async function call(email: string, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown): Promise<Answer> {
  const token = tokens.get(email) ?? (await login(server.app, email));
  tokens.set(email, token);
  const response = await server.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
  return { status: response.statusCode, body: response.json(), raw: response.body };
}

const connect = (email: string, overrides: Record<string, unknown> = {}) =>
  call(email, 'POST', '/channels', {
    clientId: PHARMA,
    platform: 'facebook',
    externalAccountId: '1234567890321',
    name: 'Pharma Italia',
    credentials: { accessToken: TOKEN },
    ...overrides,
  });

let channelId = '';

beforeAll(async () => {
  db = await openWorldDb();
  server = await createServer(
    { ...testConfig, logLevel: 'trace', tokenVault: { kind: 'keys', keys: KEYS } },
    { db, now: clock.now, logger: createLogger('trace', { write: (line: string) => void lines.push(line) }) },
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
  await db.close();
});

describe('POST /channels', () => {
  it('is refused to moderators, approvers and leads, and to bodies that do not fit', async () => {
    for (const person of [people.moderator, people.medical, people.lead]) {
      const answer = await connect(person.email);
      expect(answer.status).toBe(403);
      expect(answer.body.error?.code).toBe('forbidden');
    }
    expect((await connect(people.admin.email, { platform: 'youtube' })).status).toBe(400);
    expect((await connect(people.admin.email, { externalAccountId: '../me' })).status).toBe(400);
    expect((await connect(people.admin.email, { credentials: {} })).status).toBe(400);
    expect((await connect(people.admin.email, { clientId: 'c-nobody' })).body.error?.code).toBe('not_found');
    expect(await db.query(sql`SELECT 1 FROM channel_credentials`)).toEqual([]);
  });

  it('connects a channel for an admin: the desktops receive the channel, the server keeps the token sealed', async () => {
    const desk = as(server.app, await login(server.app, people.pharmaModerator.email));
    const before = (await desk.pull('replica-channels-1', 0, 5000)).body.cursor;
    const answer = await connect(people.admin.email);
    expect(answer.status).toBe(201);
    const channel = answer.body.channel;
    channelId = channel?.id ?? '';
    expect(channel).toMatchObject({
      clientId: PHARMA,
      platform: 'facebook',
      name: 'Pharma Italia',
      externalAccountId: '1234567890321',
      state: 'connected',
      stateReason: null,
      lastEventAt: null,
    });
    const pulled = (await desk.pull('replica-channels-1', before, 5000)).body as PullResponse;
    expect(JSON.stringify(pulled)).toContain(channelId);
    expect(JSON.stringify(pulled)).not.toContain(TOKEN);

    const [stored] = await db.query(
      sql`SELECT sealed_token, key_id FROM channel_credentials WHERE channel_id = ${channelId}`,
    );
    expect(stored?.key_id).toBe('test-key');
    expect(String(stored?.sealed_token)).not.toContain(TOKEN);
    expect(vault.open(String(stored?.sealed_token), channelId)).toBe(TOKEN);

    const again = await connect(people.admin.email, { name: 'Twice' });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('channel_exists');
  });
});

describe('GET /channels', () => {
  it('shows each user the channels of their clients only, with state and never a token', async () => {
    const seen = async (email: string) => {
      const answer = await call(email, 'GET', '/channels');
      expect(answer.status).toBe(200);
      expect(answer.raw).not.toContain(TOKEN);
      return (answer.body.channels ?? []).map((channel) => channel.id);
    };
    expect(await seen(people.admin.email)).toEqual(expect.arrayContaining([channelId, 'ch-pharma', 'ch-other']));
    expect(await seen(people.medical.email)).toContain(channelId);
    expect(await seen(people.pharmaModerator.email)).not.toContain('ch-other');
    const otherApprover = await seen(people.otherApprover.email);
    expect(otherApprover).toEqual(['ch-other']);
    const unconnected = (await call(people.admin.email, 'GET', '/channels')).body.channels?.find(
      (channel) => channel.id === 'ch-other',
    );
    expect(unconnected).toMatchObject({ state: null, externalAccountId: null });
    expect((await server.app.inject({ method: 'GET', url: '/channels' })).statusCode).toBe(401);
  });
});

describe('PATCH /channels/:id and POST /channels/:id/reconnect', () => {
  it("lets admins and leads pause and resume, and nobody else; another client's channel is not found", async () => {
    expect((await call(people.moderator.email, 'PATCH', `/channels/${channelId}`, { paused: true })).status).toBe(403);
    const paused = await call(people.lead.email, 'PATCH', `/channels/${channelId}`, { paused: true });
    expect(paused.body.channel).toMatchObject({ state: 'paused', stateReason: 'paused_by_user' });
    const resumed = await call(people.admin.email, 'PATCH', `/channels/${channelId}`, { paused: false });
    expect(resumed.body.channel).toMatchObject({ state: 'connected', stateReason: null });
    expect((await call(people.admin.email, 'PATCH', '/channels/ch-nope', { paused: true })).status).toBe(404);
    expect((await call(people.admin.email, 'PATCH', `/channels/${channelId}`, { paused: 'yes' })).status).toBe(400);
  });

  it('reports a tampered sealed token as reconnect_needed with a code, and a reconnect makes it whole again', async () => {
    // One character of the ciphertext changed, as a bad backup restore or a hand edit would.
    const [row] = await db.query(sql`SELECT sealed_token FROM channel_credentials WHERE channel_id = ${channelId}`);
    const parts = String(row?.sealed_token).split('.');
    const data = parts[3] ?? '';
    parts[3] = (data.startsWith('A') ? 'B' : 'A') + data.slice(1);
    await db.query(
      sql`UPDATE channel_credentials SET sealed_token = ${parts.join('.')} WHERE channel_id = ${channelId}`,
    );
    const opened = await openChannelToken(db, vault, channelId, clock.now());
    expect(opened).toEqual({ ok: false, code: 'vault_tampered' });
    const listed = (await call(people.pharmaModerator.email, 'GET', '/channels')).body.channels?.find(
      (channel) => channel.id === channelId,
    );
    expect(listed).toMatchObject({ state: 'reconnect_needed', stateReason: 'vault_tampered' });
    const resume = await call(people.admin.email, 'PATCH', `/channels/${channelId}`, { paused: false });
    expect(resume.body.error?.code).toBe('channel_needs_reconnect');

    const reconnectBody = { credentials: { accessToken: NEW_TOKEN } };
    expect((await call(people.lead.email, 'POST', `/channels/${channelId}/reconnect`, reconnectBody)).status).toBe(403);
    const reconnected = await call(people.admin.email, 'POST', `/channels/${channelId}/reconnect`, reconnectBody);
    expect(reconnected.status).toBe(200);
    expect(reconnected.raw).not.toContain(NEW_TOKEN);
    expect(reconnected.body.channel).toMatchObject({ state: 'connected', stateReason: null });
    const reopened = await openChannelToken(db, vault, channelId, clock.now());
    expect(reopened.ok && reopened.token).toBe(NEW_TOKEN);
  });

  it('audited every change by ids, and no log line or audit event holds a token', async () => {
    const events = (await readChainPage(db, PHARMA, 0, 1000)).filter((event) => event.entity === 'channel');
    expect(events.map((event) => [event.actor.id, (event.after as { change?: string } | null)?.change])).toEqual([
      [people.admin.id, 'connect'],
      [people.lead.id, 'pause'],
      [people.admin.id, 'resume'],
      [people.admin.id, 'reconnect'],
    ]);
    expect(events.at(-1)?.before).toEqual({ state: 'reconnect_needed', stateReason: 'vault_tampered' });
    const everything = JSON.stringify(events) + lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(NEW_TOKEN);
    expect(everything).not.toContain(KEYS[0]?.key.toString('base64') ?? 'no key');
    expect(OTHER).not.toBe(PHARMA);
  });
});
