/**
 * What a user or an operator sees when a request carries text the database cannot store (a NUL,
 * half of an emoji) or a number out of range: a refusal that says why, never a 500 — and a push
 * that holds one moves on, so the replica's later changes are not stuck behind it.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../shared/sync/server-api';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { sql } from '../db/sql';
import { approveBody, Browser, decideJson, readReply, submitReply } from '../approvals/testing';
import { installErrorHandlers } from './errors';
import { as, Clock, login, mutationOf, openWorldDb, pushOf, startTestServer } from '../testing/harness';
import { itemId, OTHER, PASSWORD, people, SENSITIVE_ITEM } from '../testing/world';

/** A reply whose emoji was cut in two: the high surrogate of 😀 without its low half. */
const CUT_EMOJI = 'Grazie a voi 😀'.slice(0, -1);

let db: Db;
let server: ModeratorServer;
let moderator: string;

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, new Clock());
  moderator = await login(server.app, people.moderator.email);
});

afterAll(async () => {
  await server.close();
  await db.close();
});

const codeOf = (body: unknown) => (body as ApiError).error.code;

describe('a push holding unstorable text', () => {
  it('refuses that mutation with invalid_text, applies the next one and moves the counter on', async () => {
    const replica = 'replica-poison-1';
    const answer = await as(server.app, moderator).push(
      pushOf(replica, [
        mutationOf(replica, 1, 'reply.draft', {
          replyId: 'rp-cut-emoji',
          itemId: itemId(OTHER, 1),
          text: CUT_EMOJI,
          visibility: 'public',
          savedReplyId: null,
        }),
        mutationOf(replica, 2, 'note.add', { noteId: 'nt-nul', contactId: 'ct-both', text: 'a\u0000b' }),
        mutationOf(replica, 3, 'item.claim', { itemId: itemId(OTHER, 1) }),
      ]),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ lastMutationId: 3, gapAt: null });
    const pulled = await as(server.app, moderator).pull(replica, 0);
    expect(pulled.body.refused.map(({ id, code }) => ({ id, code }))).toEqual([
      { id: 1, code: 'invalid_text' },
      { id: 2, code: 'invalid_text' },
    ]);
    expect(pulled.body.changes.some((change) => change.entity === 'item' && change.id === itemId(OTHER, 1))).toBe(true);
    // The refusal's message names the field, never the text.
    expect(pulled.body.refused[0]?.message).toBe('reply.draft: text holds a broken character (half of an emoji?)');
  });

  it('refuses an id with a NUL inside a mutation as invalid_text too, not 500', async () => {
    const replica = 'replica-poison-2';
    const answer = await as(server.app, moderator).push(
      pushOf(replica, [mutationOf(replica, 1, 'item.claim', { itemId: 'it-\u0000' })]),
    );
    expect(answer.body).toEqual({ lastMutationId: 1, gapAt: null });
  });

  it('answers 400 when the envelope itself is broken (the replica id)', async () => {
    const replica = 'replica-\u0000-3';
    const answer = await as(server.app, moderator).push(pushOf(replica, []));
    expect([answer.status, codeOf(answer.body)]).toEqual([400, 'invalid_text']);
  });
});

describe('pull, snapshot and the other routes', () => {
  it('refuses a replica id with a NUL or outside the id alphabet on pull and snapshot', async () => {
    const api = as(server.app, moderator);
    const nul = await api.pull('replica-\u0000-pull', 0);
    expect([nul.status, codeOf(nul.body)]).toEqual([400, 'invalid_text']);
    const spaced = await api.snapshot('replica with spaces', null);
    expect([spaced.status, codeOf(spaced.body)]).toEqual([400, 'invalid_request']);
  });

  it('refuses a snapshot page token whose numbers are out of range', async () => {
    const token = (fields: Record<string, unknown>) =>
      Buffer.from(
        JSON.stringify({ cursor: 1, rank: 2, sortKey: 0, id: 'ch-pharma', done: 0, total: 9, ...fields }),
      ).toString('base64url');
    const api = as(server.app, moderator);
    for (const fields of [{ rank: 40_000 }, { sortKey: 2 ** 63 }, { id: 'ch-\u0000' }]) {
      const answer = await api.snapshot('replica-poison-snapshot', token(fields));
      expect([answer.status, codeOf(answer.body)], JSON.stringify(fields)).toEqual([400, 'invalid_request']);
    }
  });

  it('refuses a policy request for a client id with a NUL', async () => {
    const admin = await login(server.app, people.admin.email);
    const answer = await as(server.app, admin).raw('GET', `/clients/${encodeURIComponent('c-\u0000')}/policy`);
    expect([answer.status, codeOf(answer.body)]).toEqual([400, 'invalid_text']);
    const spaced = await as(server.app, admin).raw('GET', `/clients/${encodeURIComponent('c pharma')}/policy`);
    expect([spaced.status, codeOf(spaced.body)]).toEqual([400, 'invalid_request']);
  });

  it('refuses a signed decision whose comment holds a NUL after a right password, and records nothing', async () => {
    await submitReply(server.app, moderator, SENSITIVE_ITEM, 'rp-poison-decide', 'Dosaggio: 5 mg');
    const approver = await login(server.app, people.medical.email);
    const body = { ...(await approveBody(db, 'rp-poison-decide', 0, PASSWORD)), comment: 'ok\u0000' };
    const answer = await decideJson(server.app, approver, body);
    expect([answer.status, codeOf(answer.body)]).toEqual([400, 'invalid_text']);
    expect((await readReply(db, 'rp-poison-decide')).status).toBe('awaiting_approval');
  });

  it('shows the approver page a worded refusal for an item id with a NUL', async () => {
    const browser = new Browser(server.app, 'it-IT');
    await browser.signIn(people.medical.email, PASSWORD);
    const page = await browser.get(`/approve/items/${encodeURIComponent('rp-\u0000')}`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('un carattere che non si può salvare (un NUL o mezza emoji)');
  });
});

describe('the last line of defence', () => {
  it('answers 400 invalid_input, not 500, when the database refuses a value the validation let through', async () => {
    // A route no validation stands in front of: the database's own refusal (22021) is what answers.
    const failure: unknown = await db.query(sql`SELECT ${'a\u0000b'}::text AS value`).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: '22021' });
    const bare = Fastify();
    installErrorHandlers(bare);
    bare.get('/unguarded', () => Promise.reject(failure));
    const answer = await bare.inject({ method: 'GET', url: '/unguarded' });
    expect([answer.statusCode, answer.json<ApiError>().error.code]).toEqual([400, 'invalid_input']);
    await bare.close();
  });
});
