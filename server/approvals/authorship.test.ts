/**
 * Who wrote the words (shared/domain/authorship.ts) through the real server: an approver's
 * edit-and-approve on a one-step chain leaves nothing to dispatch until the moderator confirms the
 * approver's words (`reply.confirm_edit`), and the audit trail records the confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTextHash } from '../../shared/domain';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { sql } from '../db/sql';
import { takeForDispatch } from '../outbox/outbox';
import { Clock, login, openWorldDb, startTestServer } from '../testing/harness';
import { itemId, OTHER, PASSWORD, people } from '../testing/world';
import { approveBody, decideJson, pushAs, readReply, submitReply } from './testing';

let db: Db;
let server: ModeratorServer;
const clock = new Clock();
const tokens = { moderator: '', approver: '', pharmaModerator: '' };
const TEXT = 'Ciao! Il nuovo formato arriva a maggio.';
const EDITED = 'Ciao! Il nuovo formato arriverà in primavera.';

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, clock);
  tokens.moderator = await login(server.app, people.moderator.email);
  tokens.approver = await login(server.app, people.otherApprover.email);
  tokens.pharmaModerator = await login(server.app, people.pharmaModerator.email);
}, 60_000);

afterAll(async () => {
  await server.close();
  await db.close();
});

/** The moderator's escalated reply, edited and approved by the one-step chain's only approver. */
async function editedAndApproved(replyId: string, item: string): Promise<void> {
  await submitReply(server.app, tokens.moderator, item, replyId, TEXT);
  const answer = await decideJson(server.app, tokens.approver, {
    ...(await approveBody(db, replyId, 0, PASSWORD)),
    editedText: EDITED,
  });
  expect(answer.status).toBe(200);
}

const confirmArgs = async (replyId: string, decision: 'confirm' | 'decline') => ({
  replyId,
  textHash: currentTextHash(await readReply(db, replyId)),
  decision,
});

describe('an approver’s edit-and-approve on a one-step chain', { timeout: 30_000 }, () => {
  it('is approved with the approver as author, and cannot be sent until the moderator confirms', async () => {
    await editedAndApproved('r-auth-1', itemId(OTHER, 3));
    const stored = await readReply(db, 'r-auth-1');
    expect(stored).toMatchObject({ status: 'approved', authorId: people.otherApprover.id, text: EDITED });
    expect(stored.approverEdit).toMatchObject({ previousAuthorId: people.moderator.id, previousText: TEXT });
    expect(await pushAs(server.app, db, tokens.moderator, 'reply.send', { replyId: 'r-auth-1', seenUpTo: null })).toBe(
      'needs_confirmation',
    );

    // Only the moderator whose words were replaced may confirm them.
    const args = await confirmArgs('r-auth-1', 'confirm');
    expect(await pushAs(server.app, db, tokens.approver, 'reply.confirm_edit', args)).toBe('not_permitted');
    expect(await pushAs(server.app, db, tokens.moderator, 'reply.confirm_edit', { ...args, textHash: 'old' })).toBe(
      'approval_stale',
    );
    expect(await pushAs(server.app, db, tokens.moderator, 'reply.confirm_edit', args)).toBeNull();
    expect((await readReply(db, 'r-auth-1')).approverEdit?.confirmedAt).toBe(clock.now());

    const [event] = await db.query(
      sql`SELECT actor_id, after FROM audit_events WHERE action = 'edit_confirm' AND entity_id = 'r-auth-1'`,
    );
    expect(event?.actor_id).toBe(people.moderator.id);
    expect(event?.after).toMatchObject({ text: EDITED, version: 2 });

    expect(
      await pushAs(server.app, db, tokens.moderator, 'reply.send', { replyId: 'r-auth-1', seenUpTo: null }),
    ).toBeNull();
    const taken = await takeForDispatch(db, 10, clock.now());
    expect(taken.ready.map((job) => job.reply.id)).toEqual(['r-auth-1']);
  });

  it('declined: the moderator’s own words come back as their draft, the item reopens, the decline is audited', async () => {
    await editedAndApproved('r-auth-2', itemId(OTHER, 4));
    const args = await confirmArgs('r-auth-2', 'decline');
    expect(await pushAs(server.app, db, tokens.moderator, 'reply.confirm_edit', args)).toBeNull();
    expect(await readReply(db, 'r-auth-2')).toMatchObject({
      status: 'draft',
      text: TEXT,
      authorId: people.moderator.id,
      approverEdit: null,
    });
    const [item] = await db.query(sql`SELECT data FROM entities WHERE entity = 'item' AND id = ${itemId(OTHER, 4)}`);
    expect((item?.data as { status: string }).status).toBe('open');
    const events = await db.query(
      sql`SELECT 1 FROM audit_events WHERE action = 'edit_decline' AND entity_id = 'r-auth-2'`,
    );
    expect(events).toHaveLength(1);
  });

  it('the outbox gate refuses an unconfirmed rewrite, however it got queued', async () => {
    await editedAndApproved('r-auth-3', itemId(OTHER, 5));
    const reply = await readReply(db, 'r-auth-3');
    const forged = { ...reply, status: 'queued' };
    await db.query(
      sql`UPDATE entities SET data = ${sql.json(forged)}::jsonb WHERE entity = 'reply' AND id = 'r-auth-3'`,
    );
    await db.query(sql`INSERT INTO outbox (reply_id, reply_version, text_hash, client_id, status, created_at, updated_at)
      VALUES ('r-auth-3', ${reply.version}, ${currentTextHash(reply)}, ${OTHER}, 'queued', 0, 0)`);
    const taken = await takeForDispatch(db, 10, clock.now());
    expect(taken.ready).toEqual([]);
    expect(taken.blocked).toEqual([expect.objectContaining({ replyId: 'r-auth-3', code: 'needs_confirmation' })]);
    expect((await readReply(db, 'r-auth-3')).status).toBe('failed');
  });
});
