import type {
  Approval,
  Contact,
  Interaction,
  InteractionKind,
  Item,
  ItemStatus,
  Language,
  Platform,
  Reply,
} from '../../../shared/domain/entities';
import type { ReadableDb } from './db';
import { sql } from './sql';
import { approvalSignature, approverEdit } from '../../../shared/domain/entities';

/**
 * Rows read back as the domain's entities (ids instead of pks, flags as booleans), for the
 * item detail and the contact card.
 */

const bool = (value: number) => value === 1;

interface ContactRow {
  pk: number;
  id: string;
  displayName: string;
  firstName: string | null;
  firstSeenAt: number;
}

export function readContact(db: ReadableDb, where: { pk: number } | { id: string }): (Contact & { pk: number }) | null {
  const row = db.get<ContactRow>(sql`SELECT pk, id, display_name AS displayName, first_name AS firstName,
      first_seen_at AS firstSeenAt
    FROM contacts WHERE ${'pk' in where ? sql`pk = ${where.pk}` : sql`id = ${where.id}`}`);
  if (!row) return null;
  const handles = db.all<{ platform: Platform; handle: string }>(
    sql`SELECT platform, handle FROM contact_handles WHERE contact_pk = ${row.pk} ORDER BY platform, handle`,
  );
  const labels = db.column<string>(sql`SELECT label FROM contact_labels WHERE contact_pk = ${row.pk} ORDER BY label`);
  return { ...row, handles, labels };
}

interface InteractionRow {
  pk: number;
  id: string;
  clientId: string;
  channelId: string;
  threadId: string;
  kind: InteractionKind;
  platformId: string;
  parentId: string | null;
  contactId: string;
  text: string;
  lang: Language | null;
  createdAt: number;
  sentiment: number;
  rating: number | null;
  sensitive: number;
  adverseEvent: number;
  spam: number;
  profanity: number;
}

export function readInteraction(db: ReadableDb, pk: number): (Interaction & { pk: number }) | null {
  const row = db.get<InteractionRow>(sql`SELECT x.pk, x.id, cl.id AS clientId, ch.id AS channelId,
      t.id AS threadId, x.kind, x.platform_id AS platformId, p.id AS parentId, c.id AS contactId, x.text, x.lang,
      x.created_at AS createdAt, x.sentiment, x.rating, x.sensitive, x.adverse_event AS adverseEvent, x.spam,
      x.profanity
    FROM interactions x
    JOIN clients cl ON cl.pk = x.client_pk
    JOIN channels ch ON ch.pk = x.channel_pk
    JOIN threads t ON t.pk = x.thread_pk
    JOIN contacts c ON c.pk = x.contact_pk
    LEFT JOIN interactions p ON p.pk = x.parent_pk
    WHERE x.pk = ${pk}`);
  if (!row) return null;
  const { sensitive, adverseEvent, spam, profanity, ...rest } = row;
  return {
    ...rest,
    flags: {
      sensitive: bool(sensitive),
      adverseEvent: bool(adverseEvent),
      spam: bool(spam),
      profanity: bool(profanity),
    },
  };
}

interface ItemRow {
  pk: number;
  interactionPk: number;
  id: string;
  interactionId: string;
  clientId: string;
  channelId: string;
  status: ItemStatus;
  priority: number;
  assigneeId: string | null;
  dueAt: number;
  snoozedUntil: number | null;
  closedReason: string | null;
  createdAt: number;
  updatedAt: number;
}

export function readItem(db: ReadableDb, id: string): (Item & { pk: number; interactionPk: number }) | null {
  const row = db.get<ItemRow>(sql`SELECT i.pk, i.interaction_pk AS interactionPk, i.id, x.id AS interactionId,
      cl.id AS clientId, ch.id AS channelId, i.status, i.priority, u.id AS assigneeId, i.due_at AS dueAt,
      i.snoozed_until AS snoozedUntil, i.closed_reason AS closedReason, i.created_at AS createdAt,
      i.updated_at AS updatedAt
    FROM items i
    JOIN interactions x ON x.pk = i.interaction_pk
    JOIN clients cl ON cl.pk = i.client_pk
    JOIN channels ch ON ch.pk = i.channel_pk
    LEFT JOIN users u ON u.pk = i.assignee_pk
    WHERE i.id = ${id}`);
  if (!row) return null;
  const labels = db.column<string>(sql`SELECT label FROM item_labels WHERE item_pk = ${row.pk} ORDER BY label`);
  return { ...row, labels };
}

interface ReplyRow {
  pk: number;
  id: string;
  itemId: string;
  clientId: string;
  authorId: string;
  text: string;
  visibility: Reply['visibility'];
  status: Reply['status'];
  version: number;
  escalated: number;
  escalationNote: string | null;
  savedReplyId: string | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  approverEdit: string | null;
}

export function readReplies(db: ReadableDb, itemPk: number): Reply[] {
  const rows = db.all<ReplyRow>(sql`SELECT r.pk, r.id, i.id AS itemId, cl.id AS clientId, u.id AS authorId, r.text,
      r.visibility, r.status, r.version, r.escalated, r.escalation_note AS escalationNote, s.id AS savedReplyId,
      r.created_at AS createdAt, r.updated_at AS updatedAt, r.sent_at AS sentAt, r.approver_edit AS approverEdit
    FROM replies r
    JOIN items i ON i.pk = r.item_pk
    JOIN clients cl ON cl.pk = r.client_pk
    JOIN users u ON u.pk = r.author_pk
    LEFT JOIN saved_replies s ON s.pk = r.saved_reply_pk
    WHERE r.item_pk = ${itemPk}
    ORDER BY r.created_at, r.pk`);
  if (rows.length === 0) return [];
  const approvals = db.all<Omit<Approval, 'signature'> & { replyPk: number; signature: string | null }>(sql`SELECT
      a.reply_pk AS replyPk, a.id, r.id AS replyId, a.step_index AS stepIndex, u.id AS approverId, a.decision,
      a.meaning, a.comment, a.text_hash AS textHash, a.at, a.signature
    FROM approvals a
    JOIN replies r ON r.pk = a.reply_pk
    JOIN users u ON u.pk = a.approver_pk
    WHERE a.reply_pk IN (${sql.join(rows.map((row) => row.pk))})
    ORDER BY a.step_index, a.at, a.pk`);
  return rows.map(({ pk, escalated, approverEdit: edit, ...row }) => ({
    ...row,
    escalated: bool(escalated),
    approverEdit: edit === null ? null : approverEdit.parse(JSON.parse(edit)),
    approvals: approvals
      .filter((a) => a.replyPk === pk)
      .map(({ replyPk: _replyPk, signature, ...approval }) => ({
        ...approval,
        signature: signature === null ? null : approvalSignature.parse(JSON.parse(signature)),
      })),
  }));
}
