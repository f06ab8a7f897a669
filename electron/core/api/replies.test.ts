import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractFailure } from '../../../shared/contract';
import type { User } from '../../../shared/domain';
import { pendingMutations } from '../replica/outbox';
import { sql } from '../replica/sql';
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
