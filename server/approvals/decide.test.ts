import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../shared/domain/entities';
import { currentTextHash, replyTextHash } from '../../shared/domain';
import { makeItem, makeReply } from '../../shared/domain/testing';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { toInt } from '../db/db';
import { sql } from '../db/sql';
import { as, Clock, login, openWorldDb, startTestServer } from '../testing/harness';
import { itemId, OTHER, PASSWORD, people, PHARMA } from '../testing/world';
import { writeCommit } from '../sync/commits';
import { row } from '../sync/rows';
import { approveBody, decideJson, pushAs, readReply, submitReply } from './testing';

let db: Db;
let server: ModeratorServer;
const clock = new Clock();
const tokens: Record<'moderator' | 'medical' | 'legal' | 'other', string> = {
  moderator: '',
  medical: '',
  legal: '',
  other: '',
};
const TEXT = 'Per la posologia di Cardiolex ne parli con il suo medico.';

async function commitCount(): Promise<number> {
  const [found] = await db.query(sql`SELECT count(*)::int AS n FROM commits`);
  return toInt(found?.n);
}

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, clock);
  tokens.moderator = await login(server.app, people.moderator.email);
  tokens.medical = await login(server.app, people.medical.email);
  tokens.legal = await login(server.app, people.legal.email);
  tokens.other = await login(server.app, people.otherApprover.email);
}, 60_000);

afterAll(async () => {
  await server.close();
  await db.close();
});

describe('POST /approvals/decide', { timeout: 30_000 }, () => {
  it('refuses a wrong password and records nothing', async () => {
    await submitReply(server.app, tokens.moderator, itemId(PHARMA, 1), 'r-pw', TEXT);
    const before = await commitCount();
    const answer = await decideJson(server.app, tokens.medical, await approveBody(db, 'r-pw', 0, 'not-my-password'));
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      error: { code: 'invalid_credentials', message: 'wrong password: the decision was not recorded' },
    });
    expect(await commitCount()).toBe(before);
    expect((await readReply(db, 'r-pw')).approvals).toEqual([]);
    expect(await db.query(sql`SELECT 1 FROM audit_events WHERE entity = 'approval'`)).toEqual([]);
    // The failed authentication itself is audited (never the password).
    const failed = await db.query(
      sql`SELECT after FROM audit_events WHERE action = 'login_failed' AND actor_id = ${people.medical.id}`,
    );
    expect(failed.map((event) => event.after)).toEqual([{ reason: 'invalid_credentials', ip: '127.0.0.1' }]);
  });

  it('rate-limits wrong passwords like login (429 with Retry-After), for the decision and the login alike', async () => {
    const body = await approveBody(db, 'r-pw', 0, 'guess');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await decideJson(server.app, tokens.medical, body, '10.1.1.1')).status).toBe(401);
    }
    const limited = await decideJson(server.app, tokens.medical, { ...body, password: PASSWORD }, '10.1.1.1');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const loginAttempt = await server.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: people.medical.email, password: PASSWORD },
      remoteAddress: '10.1.1.1',
    });
    expect(loginAttempt.statusCode).toBe(429);
    expect((await readReply(db, 'r-pw')).approvals).toEqual([]);
  });

  it('records the signature (printed name, time, meaning in the signer’s language, hash) and the change log carries it', async () => {
    await submitReply(server.app, tokens.moderator, itemId(PHARMA, 2), 'r-sign', TEXT);
    const reply = await readReply(db, 'r-sign');
    const answer = await decideJson(server.app, tokens.medical, {
      ...(await approveBody(db, 'r-sign', 0, PASSWORD)),
      lang: 'it',
    });
    expect(answer.status).toBe(200);
    const signature = {
      printedName: people.medical.name,
      signedAt: clock.now(),
      meaning: 'Approvato — Medical review',
      lang: 'it',
      textHash: currentTextHash(reply),
      method: 'password',
    };
    expect(answer.body).toMatchObject({
      reply: { status: 'awaiting_approval' },
      approval: { stepIndex: 0, approverId: people.medical.id, meaning: 'Approvato — Medical review', signature },
    });
    // The moderator's replica learns it by pull: the reply's status and its signed approvals.
    const pulled = await as(server.app, tokens.moderator).pull('replica-approvals-pull', 0, 5000);
    const changes = pulled.body.changes.filter((change) => change.entity === 'reply' && change.id === 'r-sign');
    expect(changes.at(-1)?.data).toMatchObject({ status: 'awaiting_approval', approvals: [{ signature }] });

    const legal = await decideJson(server.app, tokens.legal, await approveBody(db, 'r-sign', 1, PASSWORD));
    expect(legal.status).toBe(200);
    expect(legal.body).toMatchObject({
      reply: { status: 'approved' },
      approval: { meaning: 'Approved — Legal review', signature: { printedName: people.legal.name, lang: 'en' } },
    });
    const [item] = await db.query(sql`SELECT data FROM entities WHERE entity = 'item' AND id = ${itemId(PHARMA, 2)}`);
    expect(item?.data).toMatchObject({ status: 'approved' });
    // Both signed decisions are in the client's audit chain, with their signatures.
    const audited = await db.query(sql`
      SELECT action, actor_name, signature FROM audit_events
      WHERE entity = 'approval' AND client_id = ${PHARMA} ORDER BY seq`);
    expect(
      audited.map((event) => [event.action, event.actor_name, (event.signature as { meaning: string }).meaning]),
    ).toEqual([
      ['approve', people.medical.name, 'Approvato — Medical review'],
      ['approve', people.legal.name, 'Approved — Legal review'],
    ]);
  });

  it('refuses a decision pushed from an outbox: it carries no signature', async () => {
    await submitReply(server.app, tokens.moderator, itemId(PHARMA, 3), 'r-push', TEXT);
    const reply = await readReply(db, 'r-push');
    const refused = await pushAs(server.app, db, tokens.medical, 'approval.decide', {
      replyId: 'r-push',
      approvalId: 'a-pushed',
      stepIndex: 0,
      decision: 'approved',
      textHash: currentTextHash(reply),
      comment: null,
    });
    expect(refused).toBe('not_permitted');
    expect((await readReply(db, 'r-push')).approvals).toEqual([]);
  });

  it('refuses self-approval', async () => {
    // An approver who wrote the reply (written as the server's own data: approvers cannot draft).
    const item = makeItem({
      id: itemId(PHARMA, 4),
      interactionId: 'ix-pharma-4',
      clientId: PHARMA,
      channelId: 'ch-pharma',
      status: 'awaiting_approval',
    });
    const own: Reply = makeReply({
      id: 'r-self',
      itemId: item.id,
      clientId: PHARMA,
      authorId: people.medical.id,
      status: 'awaiting_approval',
      text: TEXT,
    });
    await writeCommit(db, {
      mutation: null,
      userId: null,
      refusal: null,
      rows: [row('item', item), row('reply', own)],
      outbox: [],
      now: clock.now(),
    });
    const answer = await decideJson(server.app, tokens.medical, await approveBody(db, 'r-self', 0, PASSWORD));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { code: 'self_approval' } });
  });

  it('answers an approver of another client as if the reply did not exist', async () => {
    await submitReply(server.app, tokens.moderator, itemId(PHARMA, 5), 'r-scope', TEXT);
    const answer = await decideJson(server.app, tokens.other, await approveBody(db, 'r-scope', 0, PASSWORD));
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: { code: 'not_found', message: 'no such reply' } });
    const moderator = await decideJson(server.app, tokens.moderator, await approveBody(db, 'r-scope', 0, PASSWORD));
    expect(moderator.status).toBe(403);
    expect(moderator.body).toMatchObject({ error: { code: 'not_permitted' } });
    expect((await readReply(db, 'r-scope')).approvals).toEqual([]);
  });

  it('refuses a text changed since it was opened, and a step already decided (409)', async () => {
    const body = await approveBody(db, 'r-scope', 0, PASSWORD);
    const stale = await decideJson(server.app, tokens.medical, { ...body, textHash: 'hash-of-an-older-text' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'approval_stale' } });
    expect((await decideJson(server.app, tokens.medical, body)).status).toBe(200);
    const again = await decideJson(server.app, tokens.medical, body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'already_decided' } });
  });

  it('edit-and-approve records the new text, its hash and the signature on it', async () => {
    await submitReply(server.app, tokens.moderator, itemId(PHARMA, 6), 'r-edit', TEXT);
    const edited = 'Per la posologia di Cardiolex si rivolga al suo medico o al farmacista.';
    const answer = await decideJson(server.app, tokens.medical, {
      ...(await approveBody(db, 'r-edit', 0, PASSWORD)),
      editedText: edited,
      comment: 'Tono più neutro',
    });
    expect(answer.status).toBe(200);
    const stored = await readReply(db, 'r-edit');
    const hash = replyTextHash(edited, 'public');
    expect(stored).toMatchObject({ text: edited, version: 2, status: 'awaiting_approval' });
    expect(stored.approvals).toEqual([
      expect.objectContaining({
        meaning: 'Edited and approved — Medical review',
        textHash: hash,
        comment: 'Tono più neutro',
        signature: expect.objectContaining({ textHash: hash, printedName: people.medical.name }),
      }),
    ]);
  });

  it('an edit after approval voids it: the reply goes back to draft and the next step cannot sign', async () => {
    const medicalSigned = await readReply(db, 'r-scope');
    expect(medicalSigned.approvals).toHaveLength(1);
    const refused = await pushAs(server.app, db, tokens.moderator, 'reply.draft', {
      replyId: 'r-scope',
      itemId: itemId(PHARMA, 5),
      text: `${TEXT} Grazie!`,
      visibility: 'public',
      savedReplyId: null,
    });
    expect(refused).toBeNull();
    expect(await readReply(db, 'r-scope')).toMatchObject({ status: 'draft', approvals: [] });
    const late = await decideJson(server.app, tokens.legal, {
      replyId: 'r-scope',
      stepIndex: 1,
      decision: 'approved',
      textHash: currentTextHash(medicalSigned),
      password: PASSWORD,
    });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'already_decided' } });
    expect(await pushAs(server.app, db, tokens.moderator, 'reply.send', { replyId: 'r-scope', seenUpTo: null })).toBe(
      'needs_approval',
    );
  });

  it('a rejection needs a reason', async () => {
    await submitReply(server.app, tokens.moderator, itemId(OTHER, 2), 'r-reject', 'Grazie, a presto!');
    const body = { ...(await approveBody(db, 'r-reject', 0, PASSWORD)), decision: 'rejected' as const };
    const bare = await decideJson(server.app, tokens.other, body);
    expect(bare.status).toBe(400);
    expect(bare.body).toMatchObject({ error: { code: 'reason_required' } });
    const rejected = await decideJson(server.app, tokens.other, { ...body, comment: 'Troppo informale' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      reply: { status: 'rejected' },
      approval: { decision: 'rejected', comment: 'Troppo informale', meaning: 'Rejected — Brand manager' },
    });
  });

  it.each([
    [{}, 'body.replyId'],
    [{ replyId: 'r-x', stepIndex: 0, decision: 'approved', textHash: 'h' }, 'body.password'],
    [{ replyId: 'r-x', stepIndex: 5, decision: 'approved', textHash: 'h', password: 'p' }, 'body.stepIndex'],
    [{ replyId: 'r-x', stepIndex: 0, decision: 'maybe', textHash: 'h', password: 'p' }, 'body.decision'],
    [
      { replyId: 'r-x', stepIndex: 0, decision: 'rejected', textHash: 'h', password: 'p', editedText: 'x' },
      'body.editedText',
    ],
    [{ replyId: 'r-x', stepIndex: 0, decision: 'approved', textHash: 'h', password: 'p', extra: 1 }, 'body'],
  ])('answers a malformed body with 400 naming the field (%j)', async (body, field) => {
    const answer = await decideJson(server.app, tokens.medical, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'invalid_request' } });
    expect(String((answer.body.error as { message: string }).message).startsWith(field)).toBe(true);
  });

  it('needs a bearer token', async () => {
    const answer = await server.app.inject({ method: 'POST', url: '/approvals/decide', payload: {} });
    expect(answer.statusCode).toBe(401);
  });
});
