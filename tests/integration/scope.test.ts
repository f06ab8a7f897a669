/**
 * docs/sync.md property 3, endpoint by endpoint: an approver of one client receives nothing of another
 * client — not by pull, snapshot, poke, presence, refusal messages or the account endpoint — while
 * that other client is busy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeratorServer } from '../../server/app';
import type { Db } from '../../server/db/db';
import {
  anonymous,
  as,
  Clock,
  login,
  mutationOf,
  openWorldDb,
  pushOf,
  startTestServer,
} from '../../server/testing/harness';
import { openSocket } from '../../server/testing/socket-client';
import type { TestSocket } from '../../server/testing/socket-client';
import { itemId, OTHER, people, PHARMA } from '../../server/testing/world';

/** Anything naming the regulated client or its people, rows or ids. */
const PHARMA_WORDS = [
  'c-pharma',
  'it-pharma',
  'ix-pharma',
  'th-pharma',
  'ch-pharma',
  'ct-pharma',
  'sr-pharma',
  'r-seed-pharma',
  'n-seed',
  'u-medical',
  'u-legal',
  'u-mod-pharma',
  'Cardio',
  'effetti',
];

let db: Db;
let server: ModeratorServer;
let url: string;
let approverToken: string;
let approverSocket: TestSocket;
let moderatorSocket: TestSocket;
const heard: string[] = [];

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, new Clock());
  url = await server.listen();
  approverToken = await login(server.app, people.otherApprover.email);
  approverSocket = await openSocket(url, approverToken);
  await approverSocket.next((message) => message.type === 'ready');
  moderatorSocket = await openSocket(url, await login(server.app, people.moderator.email));
  await moderatorSocket.next((message) => message.type === 'ready');
});

afterAll(async () => {
  await approverSocket.close();
  await moderatorSocket.close();
  await server.close();
  await db.close();
});

function expectNoPharma(what: string, payload: unknown): void {
  const text = JSON.stringify(payload);
  heard.push(text);
  for (const word of PHARMA_WORDS) expect(text, `${what} mentions ${word}`).not.toContain(word);
}

describe('an approver of one client', () => {
  it('gets nothing of the other client while it is busy, from any endpoint', async () => {
    const approver = as(server.app, approverToken);
    const replica = 'replica-scope-approver';
    // Everything that exists, by snapshot and by log.
    let page: string | null = null;
    let rows = 0;
    do {
      const answer = await approver.snapshot(replica, page, 3);
      expect(answer.status).toBe(200);
      expectNoPharma('snapshot', answer.body);
      rows += answer.body.rows.length;
      page = answer.body.next;
    } while (page !== null);
    expect(rows).toBeGreaterThan(10);
    const before = await approver.pull(replica, 0, 5000);
    expectNoPharma('pull', before.body);
    expect(before.body.changes.some((change) => change.id === itemId(OTHER, 1))).toBe(true);

    // The regulated client gets busy: claims, replies, a note on a shared contact, presence.
    const moderator = as(server.app, await login(server.app, people.moderator.email));
    const busy = 'replica-scope-moderator';
    const answer = await moderator.push(
      pushOf(busy, [
        mutationOf(busy, 1, 'item.claim', { itemId: itemId(PHARMA, 1) }),
        mutationOf(busy, 2, 'reply.draft', {
          replyId: 'r-scope-1',
          itemId: itemId(PHARMA, 1),
          text: 'Effetti collaterali? Ne parli con il medico.',
          visibility: 'public',
          savedReplyId: null,
        }),
        mutationOf(busy, 3, 'reply.submit', { replyId: 'r-scope-1', escalated: true, note: null }),
        mutationOf(busy, 4, 'item.label', { itemId: itemId(PHARMA, 2), label: 'urgente', op: 'add' }),
      ]),
    );
    expect(answer.body.lastMutationId).toBe(4);
    const pharmaOnly = as(server.app, await login(server.app, people.pharmaModerator.email));
    await pharmaOnly.push(
      pushOf('replica-scope-pharma', [
        mutationOf('replica-scope-pharma', 1, 'note.add', {
          noteId: 'n-scope-1',
          contactId: 'ct-both',
          text: 'Chiede del Cardio',
        }),
      ]),
    );
    moderatorSocket.send({ type: 'presence', itemId: itemId(PHARMA, 1), activity: 'replying' });

    // Its own client moves too, so the approver's socket has something to say.
    await moderator.push(pushOf(busy, [mutationOf(busy, 5, 'item.claim', { itemId: itemId(OTHER, 1) })]));
    await approverSocket.next((message) => message.type === 'poke');
    moderatorSocket.send({ type: 'presence', itemId: itemId(OTHER, 1), activity: 'viewing' });
    await approverSocket.next((message) => message.type === 'presence');
    // One poke (its client's commit) and one presence (its client's item), nothing else.
    expect(approverSocket.received.map((message) => message.type)).toEqual(['ready', 'poke', 'presence']);
    expectNoPharma('socket', approverSocket.received);

    const after = await approver.pull(replica, before.body.cursor, 5000);
    expectNoPharma('pull', after.body);
    expect(after.body.changes.map((change) => `${change.entity}:${change.id}`)).toEqual([`item:${itemId(OTHER, 1)}`]);

    // Reaching for the other client's rows is answered as if they did not exist.
    await approver.push(
      pushOf(replica, [
        mutationOf(replica, 1, 'approval.decide', {
          replyId: 'r-scope-1',
          approvalId: 'a-x',
          stepIndex: 0,
          decision: 'approved',
          textHash: 'h',
          comment: null,
        }),
        mutationOf(replica, 2, 'note.add', { noteId: 'n-x', contactId: 'ct-pharma', text: 'x' }),
      ]),
    );
    const refused = await approver.pull(replica, after.body.cursor);
    expect(refused.body.refused.map((entry) => entry.code)).toEqual(['not_found', 'not_found']);
    expectNoPharma('refusals', refused.body);
    approverSocket.send({ type: 'presence', itemId: itemId(PHARMA, 1), activity: 'viewing' });
    const error = await approverSocket.next((message) => message.type === 'error');
    expect(error).toMatchObject({ error: { code: 'not_found' } });

    const me = await anonymous(server.app)('GET', '/auth/me', undefined, approverToken);
    expectNoPharma('me', me.body);
    expect(heard.length).toBeGreaterThan(5);
  });
});
