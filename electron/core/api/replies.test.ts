import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractFailure } from '../../../shared/contract';
import { currentTextHash, editAndApprove, type User } from '../../../shared/domain';
import { pendingMutations } from '../replica/outbox';
import { sql } from '../replica/sql';
import { upsertReply } from '../replica/upserts';
import { openDemoReplica, TEST_NOW, type TempReplica } from '../replica/testing';
import { createItemActions, readUser } from './item-actions';
import { createReplyActions } from './replies';

let opened: TempReplica;
let user: User;
beforeEach(async () => {
  opened = await openDemoReplica(200);
  const found = readUser(opened.replica.reader, 'us-giulia');
  if (!found) throw new Error('no demo user');
  user = found;
});
afterEach(async () => {
  await opened.dispose();
});

/** An open item on a consumer-brand comment thread with a message newer than the item's own. */
function itemWithNewerMessage(): { itemId: string; itemAt: number; newestAt: number } {
  const row = opened.replica.reader.get<{ itemId: string; itemAt: number; newestAt: number }>(sql`
    SELECT i.id AS itemId, x.created_at AS itemAt, (SELECT max(y.created_at) FROM interactions y
      WHERE y.thread_pk = x.thread_pk) AS newestAt
    FROM items i JOIN interactions x ON x.pk = i.interaction_pk JOIN clients c ON c.pk = i.client_pk
    WHERE i.status IN ('new', 'open') AND c.regulation = 'none'
      AND EXISTS (SELECT 1 FROM interactions y WHERE y.thread_pk = x.thread_pk AND y.created_at > x.created_at)
    ORDER BY i.id LIMIT 1`);
  if (!row) throw new Error('the demo has no such item');
  return row;
}

describe('sending a reply when the conversation moved on', () => {
  it('stops the send and keeps the draft; once the moderator has seen the newest message it goes', () => {
    const actions = createItemActions({ db: opened.replica.writer, actor: () => user, now: () => TEST_NOW });
    const replies = createReplyActions({
      db: opened.replica.writer,
      actor: () => user,
      client: actions.client,
      now: () => TEST_NOW,
    });
    const { itemId, itemAt, newestAt } = itemWithNewerMessage();
    const draft = replies.saveDraft({
      replyId: 'rp-collision',
      itemId,
      text: 'Grazie, le rispondiamo subito.',
      visibility: 'public',
      savedReplyId: null,
      escalated: false,
      escalationNote: null,
    });
    let refusal: unknown = null;
    try {
      replies.send(draft.id, itemAt);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ContractFailure);
    expect((refusal as ContractFailure).message).toMatch(/^newer_activity:/);
    expect(pendingMutations(opened.replica.reader).map((m) => m.name)).not.toContain('reply.send');

    const sent = replies.send(draft.id, newestAt);
    expect(sent.reply.status).not.toBe('draft');
    const send = pendingMutations(opened.replica.reader).find((m) => m.name === 'reply.send');
    expect(send?.args).toEqual({ replyId: 'rp-collision', seenUpTo: newestAt });
  });
});

describe('an approver’s rewrite on the desktop', () => {
  /** A moderator's escalated reply on a regulated client, rewritten and approved by its first approver (as pulled). */
  function rewritten() {
    const actions = createItemActions({ db: opened.replica.writer, actor: () => user, now: () => TEST_NOW });
    const replies = createReplyActions({
      db: opened.replica.writer,
      actor: () => user,
      client: actions.client,
      now: () => TEST_NOW,
    });
    const found = opened.replica.reader.get<{ itemId: string; clientId: string }>(sql`
      SELECT i.id AS itemId, c.id AS clientId FROM items i JOIN clients c ON c.pk = i.client_pk
      WHERE i.status IN ('new', 'open') AND c.regulation = 'pharma' AND i.assignee_pk IS NULL
        AND NOT EXISTS (SELECT 1 FROM replies r WHERE r.item_pk = i.pk)
      ORDER BY i.id LIMIT 1`);
    if (!found) throw new Error('the demo has no such item');
    replies.saveDraft({
      replyId: 'rp-rewrite',
      itemId: found.itemId,
      text: 'Per la dose ne parli con il medico.',
      visibility: 'public',
      savedReplyId: null,
      escalated: true,
      escalationNote: null,
    });
    const submitted = replies.send('rp-rewrite').reply;
    const client = actions.client(found.clientId);
    const approver = readUser(opened.replica.reader, client.approvalChain[0]?.approverIds[0] ?? '');
    if (!approver) throw new Error('the demo client has no approver');
    const edited = editAndApprove(
      submitted,
      client,
      {
        approvalId: 'ap-rewrite',
        edit: { text: 'Per la posologia si rivolga al suo medico.' },
        comment: null,
        expectedTextHash: currentTextHash(submitted),
        signature: { printedName: approver.name, meaning: null, lang: 'it', method: 'password' },
      },
      approver,
      TEST_NOW + 1,
    );
    if (!edited.ok) throw new Error(edited.error.code);
    opened.replica.writer.transaction(() => upsertReply(opened.replica.writer, edited.value));
    return { replies, reply: edited.value, approver };
  }

  it('the moderator confirms the approver’s words: recorded locally and queued for the server', () => {
    const { replies, reply, approver } = rewritten();
    const answer = replies.reviewEdit({ replyId: reply.id, textHash: currentTextHash(reply), decision: 'confirm' });
    expect(answer.reply).toMatchObject({ authorId: approver.id, approverEdit: { confirmedAt: TEST_NOW } });
    const pending = pendingMutations(opened.replica.reader).find((m) => m.name === 'reply.confirm_edit');
    expect(pending?.args).toEqual({ replyId: reply.id, textHash: currentTextHash(reply), decision: 'confirm' });
  });

  it('declining brings the moderator’s own words back as their draft', () => {
    const { replies, reply } = rewritten();
    const answer = replies.reviewEdit({ replyId: reply.id, textHash: currentTextHash(reply), decision: 'decline' });
    expect(answer.reply).toMatchObject({
      status: 'draft',
      authorId: user.id,
      text: 'Per la dose ne parli con il medico.',
      approverEdit: null,
    });
    expect(answer.item.status).toBe('open');
  });

  it('refuses anyone but the moderator whose words were replaced', () => {
    const { reply, approver } = rewritten();
    const actions = createItemActions({ db: opened.replica.writer, actor: () => approver, now: () => TEST_NOW });
    const asApprover = createReplyActions({
      db: opened.replica.writer,
      actor: () => approver,
      client: actions.client,
      now: () => TEST_NOW,
    });
    expect(() =>
      asApprover.reviewEdit({ replyId: reply.id, textHash: currentTextHash(reply), decision: 'confirm' }),
    ).toThrow(/not_permitted/);
  });
});
