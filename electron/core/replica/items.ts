import type { ItemDetail, ThreadMessage } from '../../../shared/contract/queue';
import type { Channel, ItemStatus, Regulation, Thread } from '../../../shared/domain/entities';
import type { ReadableDb, WritableDb } from './db';
import { readContact, readInteraction, readItem, readReplies } from './entities';
import { ReplicaError } from './errors';
import { enqueueMutation, type MutationRequest } from './outbox';
import { sql } from './sql';
import { writeItemLabels } from './upserts';

/** One item as the detail pane shows it, and the local writes the queue makes to items. */

/** Messages shown around the item, per side. A DM history shows more of what came before. */
const WINDOW: Record<Thread['kind'], { before: number; after: number }> = {
  post: { before: 10, after: 10 },
  conversation: { before: 20, after: 10 },
  review: { before: 5, after: 5 },
};

const messageColumns = sql`x.id AS interactionId, x.kind, c.id AS authorId, c.display_name AS authorName, x.text,
  x.created_at AS createdAt, p.id AS parentId, i.id AS itemId, i.status AS itemStatus`;
const messageJoins = sql`JOIN contacts c ON c.pk = x.contact_pk
  LEFT JOIN interactions p ON p.pk = x.parent_pk
  LEFT JOIN items i ON i.interaction_pk = x.pk`;

function threadWindow(
  db: ReadableDb,
  at: { threadPk: number; createdAt: number; pk: number },
  size: number,
  side: 'before' | 'after',
) {
  const rows =
    side === 'before'
      ? db.all<ThreadMessage>(sql`SELECT ${messageColumns} FROM interactions x ${messageJoins}
          WHERE x.thread_pk = ${at.threadPk} AND (x.created_at, x.pk) < (${at.createdAt}, ${at.pk})
          ORDER BY x.created_at DESC, x.pk DESC LIMIT ${size + 1}`)
      : db.all<ThreadMessage>(sql`SELECT ${messageColumns} FROM interactions x ${messageJoins}
          WHERE x.thread_pk = ${at.threadPk} AND (x.created_at, x.pk) > (${at.createdAt}, ${at.pk})
          ORDER BY x.created_at, x.pk LIMIT ${size + 1}`);
  const hasMore = rows.length > size;
  const shown = rows.slice(0, size);
  return { messages: side === 'before' ? shown.reverse() : shown, hasMore };
}

export function itemDetail(db: ReadableDb, itemId: string): ItemDetail {
  const found = readItem(db, itemId);
  if (!found) throw new ReplicaError('not_found', `Item ${itemId} is not in the local replica.`);
  const { pk: itemPk, interactionPk, ...item } = found;
  const interactionRow = readInteraction(db, interactionPk);
  if (!interactionRow) throw new ReplicaError('not_found', `The interaction of item ${itemId} is missing.`);
  const { pk: xPk, ...interaction } = interactionRow;
  const authorRow = readContact(db, { id: interaction.contactId });
  if (!authorRow) throw new ReplicaError('not_found', `The author of item ${itemId} is missing.`);
  const { pk: _authorPk, ...author } = authorRow;

  const place = db.get<{
    threadPk: number;
    threadKind: Thread['kind'];
    threadPlatformId: string;
    threadText: string | null;
    threadUrl: string | null;
    threadCreatedAt: number;
    clientName: string;
    regulation: Regulation;
    channelName: string;
    platform: Channel['platform'];
    handle: string;
    parentPk: number | null;
  }>(sql`SELECT t.pk AS threadPk, t.kind AS threadKind, t.platform_id AS threadPlatformId, t.text AS threadText,
      t.url AS threadUrl, t.created_at AS threadCreatedAt, cl.name AS clientName, cl.regulation,
      ch.name AS channelName, ch.platform, ch.handle, x.parent_pk AS parentPk
    FROM interactions x
    JOIN threads t ON t.pk = x.thread_pk
    JOIN clients cl ON cl.pk = x.client_pk
    JOIN channels ch ON ch.pk = x.channel_pk
    WHERE x.pk = ${xPk}`);
  if (!place) throw new ReplicaError('not_found', `The thread of item ${itemId} is missing.`);

  const at = { threadPk: place.threadPk, createdAt: interaction.createdAt, pk: xPk };
  const size = WINDOW[place.threadKind];
  const before = threadWindow(db, at, size.before, 'before');
  const after = threadWindow(db, at, size.after, 'after');
  const parent =
    place.parentPk === null
      ? null
      : (db.get<ThreadMessage>(
          sql`SELECT ${messageColumns} FROM interactions x ${messageJoins} WHERE x.pk = ${place.parentPk}`,
        ) ?? null);

  return {
    item,
    interaction,
    author,
    client: { id: interaction.clientId, name: place.clientName, regulation: place.regulation },
    channel: {
      id: interaction.channelId,
      clientId: interaction.clientId,
      platform: place.platform,
      name: place.channelName,
      handle: place.handle,
    },
    thread: {
      thread: {
        id: interaction.threadId,
        clientId: interaction.clientId,
        channelId: interaction.channelId,
        kind: place.threadKind,
        platformId: place.threadPlatformId,
        text: place.threadText,
        url: place.threadUrl,
        createdAt: place.threadCreatedAt,
      },
      parent,
      before: before.messages,
      after: after.messages,
      hasMoreBefore: before.hasMore,
      hasMoreAfter: after.hasMore,
    },
    replies: readReplies(db, itemPk),
  };
}

/** What a local action changes on an item; absent fields stay as they are. */
export interface ItemChange {
  status?: ItemStatus;
  assigneeId?: string | null;
  labels?: readonly string[];
  snoozedUntil?: number | null;
  closedReason?: string | null;
}

/**
 * Applies a local action optimistically (docs/sync.md "Client replica"): the item's new state and
 * the pending mutation that tells the server, in one transaction; listeners then hear which
 * item changed. The caller has already checked the action with the shared domain rule.
 */
export function applyLocalItemChange(
  db: WritableDb,
  args: { itemId: string; change: ItemChange; mutation: MutationRequest; now: number },
): { mutationId: number } {
  const { change } = args;
  return db.transaction(() => {
    const itemPk = db.column<number>(sql`SELECT pk FROM items WHERE id = ${args.itemId}`)[0];
    if (itemPk === undefined) throw new ReplicaError('not_found', `Item ${args.itemId} is not in the local replica.`);
    const sets = [sql`updated_at = ${args.now}`];
    if (change.status !== undefined) sets.push(sql`status = ${change.status}`);
    if (change.snoozedUntil !== undefined) sets.push(sql`snoozed_until = ${change.snoozedUntil}`);
    if (change.closedReason !== undefined) sets.push(sql`closed_reason = ${change.closedReason}`);
    if (change.assigneeId !== undefined) {
      if (change.assigneeId === null) {
        sets.push(sql`assignee_pk = NULL`);
      } else {
        const userPk = db.column<number>(sql`SELECT pk FROM users WHERE id = ${change.assigneeId}`)[0];
        if (userPk === undefined)
          throw new ReplicaError('not_found', `User ${change.assigneeId} is not in the replica.`);
        sets.push(sql`assignee_pk = ${userPk}`);
      }
    }
    db.run(sql`UPDATE items SET ${sql.join(sets)} WHERE pk = ${itemPk}`);
    if (change.labels !== undefined) writeItemLabels(db, itemPk, change.labels);
    const mutationId = enqueueMutation(db, args.mutation, args.now);
    db.notifyChanged({ items: [args.itemId] });
    return { mutationId };
  });
}
