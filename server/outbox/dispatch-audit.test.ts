/**
 * What the outbox did is in the audit trail (issue 6): a reply the platform accepted
 * (`dispatch`), one it refused or one the last gate blocked (`dispatch_failed`), each with the
 * reply id, version, text hash and the approvals that sign that hash — and never the words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../shared/domain/entities';
import { currentTextHash } from '../../shared/domain';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { toJson, toText } from '../db/db';
import { sql } from '../db/sql';
import { verifyStoredChain } from '../audit/verify';
import { decideJson, readReply, submitReply } from '../approvals/testing';
import { as, Clock, login, mutationOf, openWorldDb, pushOf, startTestServer } from '../testing/harness';
import { itemId, OTHER, PASSWORD, people, PHARMA, SENSITIVE_ITEM } from '../testing/world';
import { completeDispatch, takeForDispatch } from './outbox';

let db: Db;
let server: ModeratorServer;
const clock = new Clock();
let moderatorToken: string;
let nextId = 1;
const replica = 'replica-dispatch-audit';

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, clock);
  moderatorToken = await login(server.app, people.moderator.email);
});

afterAll(async () => {
  await server.close();
  await db.close();
});

async function push(...mutations: [Parameters<typeof mutationOf>[2], Parameters<typeof mutationOf>[3]][]) {
  const batch = mutations.map(([name, args]) => mutationOf(replica, nextId++, name, args));
  const answer = await as(server.app, moderatorToken).push(pushOf(replica, batch));
  expect(answer.status).toBe(200);
}

async function draftAndSend(item: string, replyId: string, text: string) {
  await push(
    ['item.claim', { itemId: item }],
    ['reply.draft', { replyId, itemId: item, text, visibility: 'public', savedReplyId: null }],
    ['reply.send', { replyId, seenUpTo: null }],
  );
}

interface StoredEvent {
  action: string;
  actorId: string | null;
  before: unknown;
  after: Record<string, unknown>;
  raw: string;
}

async function outboxEvents(replyId: string): Promise<StoredEvent[]> {
  const rows = await db.query(sql`SELECT action, actor_id, before, after FROM audit_events
    WHERE entity = 'reply' AND entity_id = ${replyId} AND action IN ('dispatch', 'dispatch_failed') ORDER BY seq`);
  return rows.map((found) => ({
    action: toText(found.action),
    actorId: found.actor_id === null ? null : toText(found.actor_id),
    before: toJson(found.before),
    after: toJson(found.after) as Record<string, unknown>,
    raw: JSON.stringify([found.before, found.after]),
  }));
}

describe('dispatch in the audit trail', () => {
  it('records a refusal by the platform, then the accepted retry, with the hash and never the text', async () => {
    const text = 'Ci trovi in via Garibaldi 12, ti aspettiamo!';
    await draftAndSend(itemId(OTHER, 3), 'r-da-1', text);
    const reply = await readReply(db, 'r-da-1');
    const first = await takeForDispatch(db, 10, clock.now());
    const job = first.ready.find((entry) => entry.reply.id === 'r-da-1');
    expect(job).toBeDefined();
    await completeDispatch(db, job?.outboxId ?? 0, { sent: false, error: 'platform_timeout' }, clock.now());
    await push(['reply.send', { replyId: 'r-da-1', seenUpTo: null }]);
    const second = await takeForDispatch(db, 10, clock.now());
    await completeDispatch(db, second.ready[0]?.outboxId ?? 0, { sent: true }, clock.now());

    const events = await outboxEvents('r-da-1');
    const facts = { version: reply.version, textHash: currentTextHash(reply), approvalIds: [] };
    expect(events).toEqual([
      expect.objectContaining({
        action: 'dispatch_failed',
        actorId: 'system',
        before: { status: 'queued' },
        after: expect.objectContaining({ ...facts, status: 'failed', error: 'platform_timeout' }),
      }),
      expect.objectContaining({
        action: 'dispatch',
        actorId: 'system',
        after: expect.objectContaining({ ...facts, status: 'sent' }),
      }),
    ]);
    for (const event of events) expect(event.raw).not.toContain('Garibaldi');
    expect((await verifyStoredChain(db, OTHER)).ok).toBe(true);
  });

  it('names the approvals that signed the exact text that went out', async () => {
    await submitReply(
      server.app,
      moderatorToken,
      SENSITIVE_ITEM,
      'r-da-2',
      'Per gli effetti collaterali senta il medico.',
    );
    for (const approver of [people.medical, people.legal]) {
      const token = await login(server.app, approver.email);
      const reply = await readReply(db, 'r-da-2');
      const answer = await decideJson(server.app, token, {
        replyId: 'r-da-2',
        stepIndex: approver === people.medical ? 0 : 1,
        decision: 'approved',
        textHash: currentTextHash(reply),
        password: PASSWORD,
      });
      expect(answer.status).toBe(200);
    }
    await push(['reply.send', { replyId: 'r-da-2', seenUpTo: null }]);
    const taken = await takeForDispatch(db, 10, clock.now());
    await completeDispatch(db, taken.ready[0]?.outboxId ?? 0, { sent: true }, clock.now());

    const approved: Reply = await readReply(db, 'r-da-2');
    const [event] = await outboxEvents('r-da-2');
    expect(event?.action).toBe('dispatch');
    expect(event?.after.approvalIds).toEqual(approved.approvals.map((approval) => approval.id));
    expect(event?.after.approvalIds).toHaveLength(2);
    expect(event?.after.textHash).toBe(currentTextHash(approved));
    expect((await verifyStoredChain(db, PHARMA)).ok).toBe(true);
  });

  it('records a row blocked at the last gate with the reason, in the client’s chain', async () => {
    await draftAndSend(itemId(OTHER, 4), 'r-da-3', 'Grazie del messaggio!');
    const reply = await readReply(db, 'r-da-3');
    // Changed behind the rules' back after it was queued: the gate stops it.
    await db.query(
      sql`UPDATE entities SET data = ${sql.json({ ...reply, text: 'Testo cambiato di nascosto' })}::jsonb
        WHERE entity = 'reply' AND id = 'r-da-3'`,
    );
    const taken = await takeForDispatch(db, 10, clock.now());
    expect(taken.blocked).toEqual([expect.objectContaining({ replyId: 'r-da-3', code: 'approval_stale' })]);
    const events = await outboxEvents('r-da-3');
    expect(events).toEqual([
      expect.objectContaining({
        action: 'dispatch_failed',
        after: expect.objectContaining({ status: 'blocked', code: 'approval_stale', textHash: currentTextHash(reply) }),
      }),
    ]);
    expect(events[0]?.raw).not.toContain('nascosto');
    expect((await verifyStoredChain(db, OTHER)).ok).toBe(true);
  });
});
