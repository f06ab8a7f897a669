import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemDetailResult, queueListArgs } from '../../../shared/contract/queue';
import type { Interaction, Item } from '../../../shared/domain/entities';
import type { ReplicaChange } from './db';
import { ReplicaError } from './errors';
import { ingestBatch } from './ingest';
import { applyLocalItemChange, itemDetail } from './items';
import { pendingCount, pendingMutations } from './outbox';
import { queuePage } from './queue';
import { openTempReplica, type TempReplica } from './testing';
import {
  fixtureChannel,
  fixtureClient,
  fixtureContact,
  fixtureInteraction,
  fixtureItem,
  fixtureReply,
  fixtureThread,
  fixtureUsers,
} from './testing-fixtures';

let opened: TempReplica;
const comments: Interaction[] = [];
const dms: Interaction[] = [];
let replyToTen: Interaction;
let review: Interaction;
const items: Item[] = [];

beforeAll(async () => {
  opened = await openTempReplica();
  for (let n = 1; n <= 30; n += 1) {
    comments.push(
      fixtureInteraction({
        id: `c-${n}`,
        threadId: 'th-post',
        contactId: n % 2 ? 'ct-anna' : 'ct-luca',
        text: `Commento ${n}`,
      }),
    );
  }
  replyToTen = fixtureInteraction({
    id: 'c-reply',
    kind: 'reply',
    threadId: 'th-post',
    contactId: 'ct-luca',
    parentId: 'c-10',
    text: 'Risposta al 10',
  });
  for (let n = 1; n <= 25; n += 1) {
    dms.push(
      fixtureInteraction(
        { id: `dm-${n}`, kind: 'dm', threadId: 'th-dm', contactId: 'ct-anna', text: `Messaggio ${n}` },
        'instagram',
      ),
    );
  }
  review = fixtureInteraction(
    { id: 'rv-1', kind: 'review', threadId: 'th-review', contactId: 'ct-luca', text: 'Ottimo', rating: 5 },
    'google',
  );
  const interactions = [...comments, replyToTen, ...dms, review];
  for (const x of interactions)
    items.push(
      fixtureItem(x, x.id === 'c-15' ? { status: 'awaiting_approval', assigneeId: 'us-mod', labels: ['vip'] } : {}),
    );
  const item15 = items.find((item) => item.interactionId === 'c-15');
  if (!item15) throw new Error('fixture');
  const reply = fixtureReply(item15, {
    status: 'awaiting_approval',
    approvals: [
      {
        id: 'ap-1',
        replyId: `rp-${item15.id}`,
        stepIndex: 0,
        approverId: 'us-approver',
        decision: 'approved',
        meaning: 'Approvato — Medical',
        comment: null,
        textHash: 'abc',
        at: item15.createdAt + 120_000,
      },
    ],
  });
  ingestBatch(opened.replica.writer, {
    clients: [fixtureClient],
    users: fixtureUsers,
    channels: [fixtureChannel('facebook'), fixtureChannel('instagram'), fixtureChannel('google')],
    contacts: [fixtureContact('ct-anna', 'Anna Rossi'), fixtureContact('ct-luca', 'Luca Bianchi')],
    threads: [
      fixtureThread('th-post', 'post'),
      fixtureThread('th-dm', 'conversation', 'instagram'),
      fixtureThread('th-review', 'review', 'google'),
    ],
    interactions,
    items,
    replies: [reply],
  });
});
afterAll(() => opened.dispose());

const ids = (messages: { interactionId: string }[]) => messages.map((m) => m.interactionId);

describe('itemDetail', () => {
  it('shows the comments around the item, the item itself and its replies with their approvals', () => {
    const detail = itemDetail(opened.replica.reader, 'it-c-15');
    expect(itemDetailResult.parse(detail)).toBeTruthy();
    expect(detail.item).toMatchObject({
      id: 'it-c-15',
      status: 'awaiting_approval',
      assigneeId: 'us-mod',
      labels: ['vip'],
    });
    expect(detail.interaction).toMatchObject({
      id: 'c-15',
      threadId: 'th-post',
      contactId: 'ct-anna',
      text: 'Commento 15',
    });
    expect(detail.author.displayName).toBe('Anna Rossi');
    expect(detail.channel).toMatchObject({ id: 'ch-facebook', platform: 'facebook' });
    expect(detail.client).toEqual({ id: 'cl-test', name: 'Test Pharma', regulation: 'pharma' });
    expect(detail.thread.thread.text).toBe('Il nostro post');
    expect(ids(detail.thread.before)).toEqual([
      'c-5',
      'c-6',
      'c-7',
      'c-8',
      'c-9',
      'c-10',
      'c-11',
      'c-12',
      'c-13',
      'c-14',
    ]);
    expect(ids(detail.thread.after)).toEqual([
      'c-16',
      'c-17',
      'c-18',
      'c-19',
      'c-20',
      'c-21',
      'c-22',
      'c-23',
      'c-24',
      'c-25',
    ]);
    expect(detail.thread).toMatchObject({ hasMoreBefore: true, hasMoreAfter: true, parent: null });
    expect(detail.thread.before[0]).toMatchObject({ authorName: 'Anna Rossi', itemId: 'it-c-5', itemStatus: 'new' });
    expect(detail.replies).toHaveLength(1);
    expect(detail.replies[0]?.approvals.map((a) => [a.stepIndex, a.approverId])).toEqual([[0, 'us-approver']]);
  });

  it('shows the comment a reply answers', () => {
    const detail = itemDetail(opened.replica.reader, 'it-c-reply');
    expect(detail.thread.parent).toMatchObject({
      interactionId: 'c-10',
      text: 'Commento 10',
      authorName: 'Luca Bianchi',
    });
    expect(detail.interaction.parentId).toBe('c-10');
    expect(ids(detail.thread.before)).toEqual(comments.slice(20).map((c) => c.id));
    expect(detail.thread.after).toEqual([]);
    expect(detail.thread.hasMoreAfter).toBe(false);
  });

  it('shows a bounded DM history before the message, and a review alone', () => {
    const dm = itemDetail(opened.replica.reader, 'it-dm-25');
    expect(ids(dm.thread.before)).toEqual(dms.slice(4, 24).map((x) => x.id));
    expect(dm.thread.hasMoreBefore).toBe(true);
    expect(dm.thread.after).toEqual([]);
    const alone = itemDetail(opened.replica.reader, 'it-rv-1');
    expect(alone.thread.before).toEqual([]);
    expect(alone.thread.after).toEqual([]);
    expect(alone.interaction.rating).toBe(5);
  });

  it('answers not_found for an item it does not have', () => {
    expect(() => itemDetail(opened.replica.reader, 'it-nope')).toThrow(ReplicaError);
    try {
      itemDetail(opened.replica.reader, 'it-nope');
    } catch (error) {
      expect((error as ReplicaError).code).toBe('not_found');
    }
  });
});

describe('applyLocalItemChange', () => {
  it('changes the item and records the mutation in one transaction, then announces the item', () => {
    const changes: ReplicaChange[] = [];
    const stop = opened.replica.onChange((change) => changes.push(change));
    const first = applyLocalItemChange(opened.replica.writer, {
      itemId: 'it-c-1',
      change: { status: 'open', assigneeId: 'us-mod', labels: ['reclamo', 'vip'] },
      mutation: { name: 'item.claim', args: { itemId: 'it-c-1' } },
      now: 1_800_000_000_000,
    });
    const second = applyLocalItemChange(opened.replica.writer, {
      itemId: 'it-c-1',
      change: { status: 'snoozed', snoozedUntil: 1_800_000_360_000, labels: ['vip'] },
      mutation: { name: 'item.snooze', args: { itemId: 'it-c-1', until: 1_800_000_360_000 } },
      now: 1_800_000_000_001,
    });
    stop();
    expect([first.mutationId, second.mutationId]).toEqual([1, 2]);
    expect(itemDetail(opened.replica.reader, 'it-c-1').item).toMatchObject({
      status: 'snoozed',
      assigneeId: 'us-mod',
      labels: ['vip'],
      snoozedUntil: 1_800_000_360_000,
      updatedAt: 1_800_000_000_001,
    });
    expect(pendingMutations(opened.replica.reader).map((m) => [m.id, m.name, m.args])).toEqual([
      [1, 'item.claim', { itemId: 'it-c-1' }],
      [2, 'item.snooze', { itemId: 'it-c-1', until: 1_800_000_360_000 }],
    ]);
    expect(changes).toEqual([
      { items: ['it-c-1'], contacts: [], reset: false },
      { items: ['it-c-1'], contacts: [], reset: false },
    ]);
    // The queue's label filter follows the change.
    const labelled = (label: string) =>
      queuePage(
        opened.replica.reader,
        queueListArgs.parse({ view: 'all', sort: 'oldest', filters: { label } }),
      ).rows.map((row) => row.itemId);
    expect(labelled('vip')).toEqual(['it-c-1', 'it-c-15']);
    expect(labelled('reclamo')).toEqual([]);
  });

  it('changes nothing, records nothing and announces nothing when it fails', () => {
    const before = pendingCount(opened.replica.reader);
    const changes: ReplicaChange[] = [];
    const stop = opened.replica.onChange((change) => changes.push(change));
    const attempt = () =>
      applyLocalItemChange(opened.replica.writer, {
        itemId: 'it-c-2',
        change: { status: 'open', assigneeId: 'us-ghost' },
        mutation: { name: 'item.assign', args: { itemId: 'it-c-2', assigneeId: 'us-ghost' } },
        now: 1_800_000_000_002,
      });
    expect(attempt).toThrow(ReplicaError);
    stop();
    expect(itemDetail(opened.replica.reader, 'it-c-2').item.status).toBe('new');
    expect(pendingCount(opened.replica.reader)).toBe(before);
    expect(changes).toEqual([]);
  });
});
