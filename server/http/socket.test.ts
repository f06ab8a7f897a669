import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { anonymous, as, Clock, login, mutationOf, openWorldDb, pushOf, startTestServer } from '../testing/harness';
import { openSocket } from '../testing/socket-client';
import type { TestSocket } from '../testing/socket-client';
import { itemId, OTHER, people, PHARMA } from '../testing/world';

let db: Db;
let server: ModeratorServer;
let url: string;
const sockets: TestSocket[] = [];
const clock = new Clock();

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, clock, { socketRecheckMs: 200 });
  url = await server.listen();
});

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.close()));
  await server.close();
  await db.close();
});

async function connect(
  email: string | null,
  how: 'query' | 'message' = 'query',
): Promise<{ socket: TestSocket; token: string | null }> {
  const token = email === null ? null : await login(server.app, email);
  const socket = await openSocket(url, how === 'query' ? token : null);
  sockets.push(socket);
  if (how === 'message' && token !== null) socket.send({ type: 'auth', token });
  if (token !== null) await socket.next((message) => message.type === 'ready');
  return { socket, token };
}

describe('/sync/socket', () => {
  it('authenticates with a first message, and refuses anything else before it', async () => {
    const socket = await openSocket(url, null);
    sockets.push(socket);
    socket.send({ type: 'presence', itemId: itemId(PHARMA, 1), activity: 'viewing' });
    expect(await socket.next((message) => message.type === 'error')).toMatchObject({ error: { code: 'unauthorized' } });
    socket.send({ type: 'auth', token: await login(server.app, people.lead.email) });
    expect(await socket.next((message) => message.type === 'ready')).toEqual({ type: 'ready', userId: people.lead.id });
    socket.send({ type: 'ping' });
    expect(await socket.next((message) => message.type === 'pong')).toEqual({ type: 'pong' });
  });

  it('closes with 4401 for a bad token', async () => {
    const socket = await openSocket(url, 'not-a-token');
    expect(await socket.next((message) => message.type === 'error')).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await socket.closed()).toBe(4401);
  });

  it('answers each invalid message with an error and closes after five', async () => {
    const { socket } = await connect(people.lead.email, 'message');
    const invalid = [
      'not json',
      '{"type":"explode"}',
      '{"type":"presence","itemId":"x","activity":"dancing"}',
      '[]',
      '{"type":"ping","extra":1}',
    ];
    for (const text of invalid) socket.send(text);
    for (let i = 0; i < invalid.length; i += 1) {
      expect(await socket.next((message) => message.type === 'error')).toMatchObject({
        error: { code: 'invalid_request' },
      });
    }
    expect(await socket.closed()).toBe(4400);
  });

  it('pokes, without data, the users who may see a commit', async () => {
    const { socket: lead } = await connect(people.lead.email);
    const { socket: otherApprover } = await connect(people.otherApprover.email);
    const moderator = as(server.app, await login(server.app, people.moderator.email));
    await moderator.push(
      pushOf('replica-socket-1', [mutationOf('replica-socket-1', 1, 'item.claim', { itemId: itemId(PHARMA, 1) })]),
    );
    expect(await lead.next((message) => message.type === 'poke')).toEqual({ type: 'poke' });
    await moderator.push(
      pushOf('replica-socket-1', [mutationOf('replica-socket-1', 2, 'item.claim', { itemId: itemId(OTHER, 1) })]),
    );
    await lead.next((message) => message.type === 'poke');
    // Only the second commit concerns the other client: exactly one poke for its approver.
    await otherApprover.next((message) => message.type === 'poke');
    expect(otherApprover.received.filter((message) => message.type === 'poke')).toHaveLength(1);
  });

  it('relays presence to the other users who see the item, and ends it when the socket closes', async () => {
    const { socket: giulia } = await connect(people.moderator.email);
    const { socket: lead } = await connect(people.lead.email);
    const { socket: otherApprover } = await connect(people.otherApprover.email);
    const { socket: pharmaOnly } = await connect(people.pharmaModerator.email);
    giulia.send({ type: 'presence', itemId: itemId(PHARMA, 2), activity: 'replying' });
    expect(await lead.next((message) => message.type === 'presence')).toMatchObject({
      itemId: itemId(PHARMA, 2),
      userId: people.moderator.id,
      name: people.moderator.name,
      activity: 'replying',
    });
    await pharmaOnly.next((message) => message.type === 'presence');
    // Someone who cannot see the item learns nothing about it, and cannot announce it.
    pharmaOnly.send({ type: 'presence', itemId: itemId(OTHER, 2), activity: 'viewing' });
    expect(await pharmaOnly.next((message) => message.type === 'error')).toMatchObject({
      error: { code: 'not_found' },
    });
    await giulia.close();
    expect(await lead.next((message) => message.type === 'presence')).toMatchObject({
      itemId: itemId(PHARMA, 2),
      activity: null,
    });
    expect(otherApprover.received.filter((message) => message.type === 'presence')).toEqual([]);
  });

  it('closes the socket of a session that logs out, and of one that expires', async () => {
    const { socket, token } = await connect(people.admin.email);
    await anonymous(server.app)('POST', '/auth/logout', undefined, token ?? '');
    expect(await socket.closed()).toBe(4401);
    const { socket: later } = await connect(people.admin.email);
    clock.advance(3_600_000);
    expect(await later.closed()).toBe(4401);
  });
});
