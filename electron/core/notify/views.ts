/**
 * The notifier's views of items, read from the replica: one row per item (no interaction text)
 * plus the replies in play and their decisions on the current text. Reply text is read only to
 * compute its hash — a decision counts for the words it signed — and never leaves this file.
 *
 * The replica holds only what the server let this user see, so no scope filter is needed here.
 */
import { approvalProgress, awaitsEditConfirmation, currentTextHash } from '../../../shared/domain/approval';
import {
  approvalStep,
  approverEdit as approverEditSchema,
  type Approval,
  type ApproverEdit,
  type ApprovalStep,
  type Id,
  type InteractionKind,
  type ItemStatus,
  type Reply,
  type ReplyStatus,
} from '../../../shared/domain/entities';
import type { ReadableDb } from '../replica/db';
import { sql, type SqlFragment } from '../replica/sql';
import type { NotifyDecisionView, NotifyItemView, NotifyReplyView } from './types';

/** Items per query when every live item is read (start, reset): each page is a short read. */
export const LIVE_PAGE = 250;

interface ItemRow {
  pk: number;
  id: Id;
  clientId: Id;
  clientName: string;
  chain: string;
  kind: InteractionKind;
  rating: number | null;
  sentiment: number;
  sensitive: number;
  adverse: number;
  spam: number;
  profanity: number;
  status: ItemStatus;
  assigneeId: Id | null;
  dueAt: number;
  authorName: string;
}

interface ReplyRow {
  pk: number;
  id: Id;
  itemPk: number;
  authorId: Id;
  authorName: string;
  status: ReplyStatus;
  version: number;
  text: string;
  visibility: Reply['visibility'];
  /** JSON of the approver's rewrite (shared/domain/authorship.ts), or null. */
  approverEdit: string | null;
}

interface ApprovalRow {
  id: Id;
  replyPk: number;
  stepIndex: number;
  approverId: Id;
  approverName: string;
  decision: Approval['decision'];
  comment: string | null;
  textHash: string;
  at: number;
}

const ITEM_COLUMNS = sql`i.pk AS pk, i.id AS id, c.id AS clientId, c.name AS clientName,
  c.approval_chain AS chain, it.kind AS kind, it.rating AS rating, it.sentiment AS sentiment,
  it.sensitive AS sensitive, it.adverse_event AS adverse, it.spam AS spam, it.profanity AS profanity,
  i.status AS status, u.id AS assigneeId, i.due_at AS dueAt, ct.display_name AS authorName
  FROM items i
  JOIN interactions it ON it.pk = i.interaction_pk
  JOIN clients c ON c.pk = i.client_pk
  JOIN contacts ct ON ct.pk = it.contact_pk
  LEFT JOIN users u ON u.pk = i.assignee_pk`;

/** Replies that can still make news: waiting for a decision or decided, not yet sent. */
const IN_PLAY = sql`('awaiting_approval', 'approved', 'rejected')`;

const chainSchema = approvalStep.array();

export interface NotifyViews {
  /** The views of these items (any status); ids not in the replica are left out. */
  load(itemIds: readonly Id[]): NotifyItemView[];
  /** Every live item, page by page. */
  live(): NotifyItemView[];
  /** Every live item, page by page, yielding to other work between pages (a big replica). */
  liveInPages(): Promise<NotifyItemView[]>;
  liveInPagesOf(pageSize: number): Promise<NotifyItemView[]>;
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createNotifyViews(db: ReadableDb): NotifyViews {
  const chains = new Map<string, readonly ApprovalStep[]>();
  function chainOf(json: string): readonly ApprovalStep[] {
    let chain = chains.get(json);
    if (chain === undefined) {
      const parsed = chainSchema.safeParse(JSON.parse(json));
      chain = parsed.success ? parsed.data : [];
      chains.set(json, chain);
    }
    return chain;
  }

  function viewsOf(items: readonly ItemRow[]): NotifyItemView[] {
    if (items.length === 0) return [];
    const itemPks = JSON.stringify(items.map((item) => item.pk));
    const replies = db.all<ReplyRow>(sql`SELECT r.pk AS pk, r.id AS id, r.item_pk AS itemPk, a.id AS authorId,
        a.name AS authorName, r.status AS status, r.version AS version, r.text AS text, r.visibility AS visibility,
        r.approver_edit AS approverEdit
      FROM replies r JOIN users a ON a.pk = r.author_pk
      WHERE r.item_pk IN (SELECT value FROM json_each(${itemPks})) AND r.status IN ${IN_PLAY}`);
    const approvals = replies.length === 0 ? [] : approvalsOf(replies);
    const byReply = groupBy(approvals, (row) => row.replyPk);
    const repliesByItem = new Map<number, NotifyReplyView[]>();
    const chainByItem = new Map(items.map((item) => [item.pk, chainOf(item.chain)]));
    for (const row of replies) {
      const view = replyView(row, byReply.get(row.pk) ?? [], chainByItem.get(row.itemPk) ?? []);
      const list = repliesByItem.get(row.itemPk);
      if (list) list.push(view);
      else repliesByItem.set(row.itemPk, [view]);
    }
    return items.map((item) => ({
      id: item.id,
      clientId: item.clientId,
      clientName: item.clientName,
      kind: item.kind,
      rating: item.rating,
      sentiment: item.sentiment,
      flags: {
        sensitive: item.sensitive === 1,
        adverseEvent: item.adverse === 1,
        spam: item.spam === 1,
        profanity: item.profanity === 1,
      },
      status: item.status,
      assigneeId: item.assigneeId,
      dueAt: item.dueAt,
      authorName: item.authorName,
      replies: repliesByItem.get(item.pk) ?? [],
    }));
  }

  function approvalsOf(replies: readonly ReplyRow[]): ApprovalRow[] {
    const replyPks = JSON.stringify(replies.map((reply) => reply.pk));
    return db.all<ApprovalRow>(sql`SELECT a.id AS id, a.reply_pk AS replyPk, a.step_index AS stepIndex,
        u.id AS approverId, u.name AS approverName, a.decision AS decision, a.comment AS comment,
        a.text_hash AS textHash, a.at AS at
      FROM approvals a JOIN users u ON u.pk = a.approver_pk
      WHERE a.reply_pk IN (SELECT value FROM json_each(${replyPks}))
      ORDER BY a.reply_pk, a.step_index, a.at`);
  }

  function items(where: SqlFragment): ItemRow[] {
    return db.all<ItemRow>(sql`SELECT ${ITEM_COLUMNS} ${where}`);
  }

  function byPks(pks: readonly number[]): NotifyItemView[] {
    return viewsOf(items(sql`WHERE i.pk IN (SELECT value FROM json_each(${JSON.stringify(pks)})) ORDER BY i.pk`));
  }

  return {
    load(itemIds) {
      if (itemIds.length === 0) return [];
      return viewsOf(items(sql`WHERE i.id IN (SELECT value FROM json_each(${JSON.stringify(itemIds)}))`));
    },
    live() {
      const pks = LIVE_STATUSES.flatMap((status) => db.all<{ pk: number }>(livePks(status)).map((row) => row.pk));
      pks.sort((x, y) => x - y);
      const all: NotifyItemView[] = [];
      for (let at = 0; at < pks.length; at += LIVE_PAGE) all.push(...byPks(pks.slice(at, at + LIVE_PAGE)));
      return all;
    },
    liveInPages() {
      return this.liveInPagesOf(LIVE_PAGE);
    },
    async liveInPagesOf(pageSize) {
      const pks: number[] = [];
      for (const status of LIVE_STATUSES) {
        pks.push(...db.all<{ pk: number }>(livePks(status)).map((row) => row.pk));
        await yieldToEvents();
      }
      pks.sort((x, y) => x - y);
      const all: NotifyItemView[] = [];
      for (let at = 0; at < pks.length; at += pageSize) {
        all.push(...byPks(pks.slice(at, at + pageSize)));
        await yieldToEvents();
      }
      return all;
    },
  };
}

/** The statuses of live items, as literals: the queue's partial index then serves each query. */
const LIVE_STATUSES = ['new', 'open', 'awaiting_approval', 'approved', 'snoozed'] as const;
const livePks = (status: (typeof LIVE_STATUSES)[number]): SqlFragment => {
  switch (status) {
    case 'new':
      return sql`SELECT pk FROM items WHERE status = 'new'`;
    case 'open':
      return sql`SELECT pk FROM items WHERE status = 'open'`;
    case 'awaiting_approval':
      return sql`SELECT pk FROM items WHERE status = 'awaiting_approval'`;
    case 'approved':
      return sql`SELECT pk FROM items WHERE status = 'approved'`;
    case 'snoozed':
      return sql`SELECT pk FROM items WHERE status = 'snoozed'`;
  }
};

function replyView(row: ReplyRow, approvals: readonly ApprovalRow[], chain: readonly ApprovalStep[]): NotifyReplyView {
  const hash = currentTextHash({ text: row.text, visibility: row.visibility });
  const current = approvals.filter((approval) => approval.textHash === hash);
  const reply: Reply = {
    id: row.id,
    itemId: '',
    clientId: '',
    authorId: row.authorId,
    text: row.text,
    visibility: row.visibility,
    status: row.status,
    version: row.version,
    escalated: false,
    escalationNote: null,
    savedReplyId: null,
    approvals: current.map((approval) => ({
      id: approval.id,
      replyId: row.id,
      stepIndex: approval.stepIndex,
      approverId: approval.approverId,
      decision: approval.decision,
      meaning: '',
      comment: approval.comment,
      textHash: approval.textHash,
      at: approval.at,
    })),
    createdAt: 0,
    updatedAt: 0,
    sentAt: null,
    approverEdit: parseApproverEdit(row.approverEdit),
  };
  const progress = row.status === 'awaiting_approval' ? approvalProgress(reply, chain) : null;
  const step = progress?.currentStep ?? null;
  const pendingApproverIds =
    step === null
      ? []
      : (chain[step]?.approverIds ?? []).filter((id) => id !== row.authorId && !progress?.signers.includes(id));
  const decisions: NotifyDecisionView[] = current.map((approval) => ({
    id: approval.id,
    approverId: approval.approverId,
    approverName: approval.approverName,
    decision: approval.decision,
    reason: approval.comment,
    at: approval.at,
  }));
  return {
    id: row.id,
    authorId: row.authorId,
    authorName: row.authorName,
    status: row.status,
    version: row.version,
    pendingStep: step,
    pendingApproverIds,
    decisions,
    awaitsConfirmationBy: awaitsEditConfirmation(reply) ? (reply.approverEdit?.previousAuthorId ?? null) : null,
  };
}

/** A rewrite the replica cannot read is treated as none: the item still opens, and says more. */
function parseApproverEdit(json: string | null): ApproverEdit | null {
  if (json === null) return null;
  try {
    const parsed = approverEditSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
