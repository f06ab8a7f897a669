import {
  activeStatuses,
  queueViewStatuses,
  SENTIMENT_THRESHOLD,
  type QueueListArgs,
  type QueuePage,
  type QueueRow,
  type QueueSort,
} from '../../../shared/contract/queue';
import type { InteractionKind, ItemStatus, Platform } from '../../../shared/domain/entities';
import { decodeCursor, encodeCursor, type QueueCursor } from './cursor';
import type { ReadableDb } from './db';
import { ReplicaError } from './errors';
import { ACTIVE_STATUS_SQL } from './migrations/001-core';
import { searchCandidates, SEARCH_CANDIDATES } from './search';
import { sql, type SqlFragment } from './sql';
import { excerpt } from './text';

/**
 * The queue: one keyset-paginated page for a view, filters and a sort.
 *
 * Without a search, each status of the view is one arm walking an index in sort order
 * (status, key, pk, filter columns…) and SQLite merges the arms (MERGE UNION ALL), so the page
 * costs a few index steps however large the replica. Filters the index does not lead with are
 * tested on the index entries as they pass; to keep a rare filter from walking a million
 * entries, one call examines at most SCAN_BUDGET entries and may return a short page with a
 * cursor to continue from. With a search, the page is drawn from the newest matches only.
 */

export const SCAN_BUDGET = 10_000;
/** prio_key = (100 − priority) · 2^42 + due_at (migration 001). */
const PRIO_UNIT = 4_398_046_511_104;

interface SortShape {
  key: SqlFragment;
  ascending: boolean;
}

function sortShape(sort: QueueSort): SortShape {
  switch (sort) {
    case 'priority':
      return { key: sql`prio_key`, ascending: true };
    case 'newest':
      return { key: sql`created_at`, ascending: false };
    case 'oldest':
      return { key: sql`created_at`, ascending: true };
  }
}

const direction = (shape: SortShape) => (shape.ascending ? sql`ASC` : sql`DESC`);

function afterCursor(shape: SortShape, cursor: QueueCursor | null): SqlFragment | null {
  if (!cursor) return null;
  return shape.ascending
    ? sql`(${shape.key}, pk) > (${cursor.key}, ${cursor.pk})`
    : sql`(${shape.key}, pk) < (${cursor.key}, ${cursor.pk})`;
}

function upToBound(shape: SortShape, bound: { k: number; pk: number }): SqlFragment {
  return shape.ascending
    ? sql`(${shape.key}, pk) <= (${bound.k}, ${bound.pk})`
    : sql`(${shape.key}, pk) >= (${bound.k}, ${bound.pk})`;
}

function sentimentCondition(value: 'negative' | 'neutral' | 'positive'): SqlFragment {
  switch (value) {
    case 'negative':
      return sql`sentiment < ${-SENTIMENT_THRESHOLD}`;
    case 'neutral':
      return sql`sentiment BETWEEN ${-SENTIMENT_THRESHOLD} AND ${SENTIMENT_THRESHOLD}`;
    case 'positive':
      return sql`sentiment > ${SENTIMENT_THRESHOLD}`;
  }
}

interface Plan {
  statuses: ItemStatus[];
  shape: SortShape;
  /** Leads the index (the 'mine' entry points) instead of being tested on each entry. */
  assigneeLead: string | null;
  /** Narrows the walked range itself (a minimum priority in priority order). */
  range: SqlFragment[];
  /** Tested on each index entry (or candidate) the walk passes. */
  residual: SqlFragment[];
}

function plan(args: QueueListArgs, searching: boolean): Plan {
  const { filters } = args;
  if (args.view === 'mine' && !args.userId) {
    throw new ReplicaError('invalid_args', "The 'mine' view needs the user's id.");
  }
  const wanted = filters.statuses;
  const statuses = queueViewStatuses[args.view].filter((status) => !wanted || wanted.includes(status));
  const allActive = statuses.every((status) => activeStatuses.includes(status));
  if (args.sort === 'priority' && !allActive && !searching) {
    throw new ReplicaError('invalid_args', 'Priority order is kept for work still to do: sort done items by time.');
  }
  const shape = sortShape(args.sort);
  const residual: SqlFragment[] = [];
  const range: SqlFragment[] = [];

  const assignees: (string | null)[] = [];
  if (args.view === 'mine' && args.userId) assignees.push(args.userId);
  if (filters.assigneeId !== undefined) assignees.push(filters.assigneeId);
  const first = assignees[0];
  const assigneeLead = !searching && allActive && typeof first === 'string' ? first : null;
  for (const [index, assignee] of assignees.entries()) {
    if (index === 0 && assigneeLead !== null) continue;
    residual.push(
      assignee === null ? sql`assignee_pk IS NULL` : sql`assignee_pk = (SELECT pk FROM users WHERE id = ${assignee})`,
    );
  }

  if (filters.clientId !== undefined)
    residual.push(sql`client_pk = (SELECT pk FROM clients WHERE id = ${filters.clientId})`);
  if (filters.channelId !== undefined) {
    residual.push(sql`channel_pk = (SELECT pk FROM channels WHERE id = ${filters.channelId})`);
  }
  if (filters.kinds) residual.push(sql`kind IN (${sql.join(filters.kinds)})`);
  if (filters.priorityMin !== undefined) {
    if (args.sort === 'priority' && !searching) range.push(sql`prio_key < ${(101 - filters.priorityMin) * PRIO_UNIT}`);
    else residual.push(sql`priority >= ${filters.priorityMin}`);
  }
  if (filters.label !== undefined) {
    residual.push(sql`EXISTS (SELECT 1 FROM item_labels l WHERE l.item_pk = items.pk AND l.label = ${filters.label})`);
  }
  if (filters.sentiment) residual.push(sentimentCondition(filters.sentiment));
  if (filters.needsApproval !== undefined) residual.push(sql`sensitive = ${filters.needsApproval}`);
  return { statuses, shape, assigneeLead, range, residual };
}

function indexHint(shape: SortShape, byAssignee: boolean): SqlFragment {
  const priority = shape.key.text === 'prio_key';
  if (byAssignee) return priority ? sql`INDEXED BY ix_items_mine_priority` : sql`INDEXED BY ix_items_mine_created`;
  return priority ? sql`INDEXED BY ix_items_queue_priority` : sql`INDEXED BY ix_items_queue_created`;
}

/** One arm per status, merged in sort order. */
function walk(p: Plan, conditions: readonly SqlFragment[], tail: SqlFragment): SqlFragment {
  const byAssignee = p.assigneeLead !== null;
  const usesPartial = byAssignee || p.shape.key.text === 'prio_key';
  const arms = p.statuses.map((status) => {
    const where: SqlFragment[] = [sql`status = ${status}`];
    if (usesPartial) where.push(ACTIVE_STATUS_SQL);
    if (p.assigneeLead !== null) where.push(sql`assignee_pk = (SELECT pk FROM users WHERE id = ${p.assigneeLead})`);
    return sql`SELECT pk, ${p.shape.key} AS k FROM items ${indexHint(p.shape, byAssignee)}
      WHERE ${sql.and([...where, ...conditions])}`;
  });
  const dir = direction(p.shape);
  return sql`${sql.join(arms, sql` UNION ALL `)} ORDER BY k ${dir}, pk ${dir} ${tail}`;
}

interface RowData {
  itemId: string;
  status: ItemStatus;
  priority: number;
  dueAt: number;
  createdAt: number;
  snoozedUntil: number | null;
  platform: Platform;
  kind: InteractionKind;
  clientId: string;
  clientName: string;
  channelId: string;
  channelName: string;
  authorId: string;
  authorName: string;
  text: string;
  lang: 'it' | 'en' | null;
  sentiment: number;
  rating: number | null;
  assigneeId: string | null;
  assigneeName: string | null;
  labels: string;
  sensitive: number;
  adverseEvent: number;
  spam: number;
  profanity: number;
  k: number;
  pk: number;
}

/** What a queue row shows, for the page's item pks (the `page(pk, k)` CTE). */
function rowsOf(db: ReadableDb, pageCte: SqlFragment, shape: SortShape): RowData[] {
  const dir = direction(shape);
  return db.all<RowData>(sql`WITH ${pageCte}
    SELECT i.id AS itemId, i.status, i.priority, i.due_at AS dueAt, i.created_at AS createdAt,
      i.snoozed_until AS snoozedUntil, ch.platform, x.kind, cl.id AS clientId, cl.name AS clientName,
      ch.id AS channelId, ch.name AS channelName, c.id AS authorId, c.display_name AS authorName,
      substr(x.text, 1, 160) AS text, x.lang, x.sentiment, x.rating, u.id AS assigneeId, u.name AS assigneeName,
      (SELECT json_group_array(label) FROM item_labels WHERE item_pk = i.pk) AS labels,
      x.sensitive, x.adverse_event AS adverseEvent, x.spam, x.profanity, page.k, page.pk
    FROM page
    JOIN items i ON i.pk = page.pk
    JOIN interactions x ON x.pk = i.interaction_pk
    JOIN contacts c ON c.pk = x.contact_pk
    JOIN channels ch ON ch.pk = i.channel_pk
    JOIN clients cl ON cl.pk = i.client_pk
    LEFT JOIN users u ON u.pk = i.assignee_pk
    ORDER BY page.k ${dir}, page.pk ${dir}`);
}

function toRow(row: RowData): QueueRow {
  return {
    itemId: row.itemId,
    status: row.status,
    priority: row.priority,
    dueAt: row.dueAt,
    createdAt: row.createdAt,
    snoozedUntil: row.snoozedUntil,
    platform: row.platform,
    kind: row.kind,
    clientId: row.clientId,
    clientName: row.clientName,
    channelId: row.channelId,
    channelName: row.channelName,
    authorId: row.authorId,
    authorName: row.authorName,
    excerpt: excerpt(row.text),
    lang: row.lang,
    sentiment: row.sentiment,
    rating: row.rating,
    assignee: row.assigneeId === null ? null : { id: row.assigneeId, name: row.assigneeName ?? '' },
    labels: JSON.parse(row.labels) as string[],
    flags: {
      sensitive: row.sensitive === 1,
      adverseEvent: row.adverseEvent === 1,
      spam: row.spam === 1,
      profanity: row.profanity === 1,
    },
  };
}

function finish(rows: RowData[], limit: number, sort: QueueSort, fallback: QueueCursor | null, searchLimited: boolean) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ sort, key: last.k, pk: last.pk })
      : fallback
        ? encodeCursor(fallback)
        : null;
  return { rows: page.map(toRow), nextCursor, searchLimited };
}

/** How much one call may examine; the defaults hold the 16 ms budget at a million items. */
export interface QueueLimits {
  scanBudget?: number;
  searchCandidates?: number;
}

export function queuePage(db: ReadableDb, args: QueueListArgs, limits: QueueLimits = {}): QueuePage {
  const scanBudget = Math.max(1, limits.scanBudget ?? SCAN_BUDGET);
  const candidateLimit = Math.max(1, limits.searchCandidates ?? SEARCH_CANDIDATES);
  const search = args.filters.search?.trim() ?? '';
  const candidates = search === '' ? null : searchCandidates(db, search, candidateLimit);
  const p = plan(args, candidates !== null);
  const cursor = args.after === null ? null : decodeCursor(args.after, args.sort);
  if (p.statuses.length === 0 || (candidates !== null && candidates.length === 0)) {
    return { rows: [], nextCursor: null, searchLimited: false };
  }
  const keyset = afterCursor(p.shape, cursor);
  const dir = direction(p.shape);

  if (candidates !== null) {
    const conditions = [sql`status IN (${sql.join(p.statuses)})`, ...p.residual, ...(keyset ? [keyset] : [])];
    const pageCte = sql`cand(xpk) AS (SELECT value FROM json_each(${JSON.stringify(candidates)})),
      page(pk, k) AS (SELECT items.pk, items.${p.shape.key} FROM cand CROSS JOIN items ON items.interaction_pk = cand.xpk
        WHERE ${sql.and(conditions)} ORDER BY 2 ${dir}, 1 ${dir} LIMIT ${args.limit + 1})`;
    return finish(rowsOf(db, pageCte, p.shape), args.limit, args.sort, null, candidates.length >= candidateLimit);
  }

  const walked = [...p.range, ...(keyset ? [keyset] : [])];
  let bound: { k: number; pk: number } | undefined;
  if (p.residual.length > 0) {
    // Where the budget ends: the scanBudget-th entry of the walk without the filters.
    bound = db.get<{ k: number; pk: number }>(
      sql`SELECT k, pk FROM (${walk(p, walked, sql`LIMIT 1 OFFSET ${scanBudget - 1}`)})`,
    );
  }
  const conditions = [...walked, ...p.residual, ...(bound ? [upToBound(p.shape, bound)] : [])];
  const pageCte = sql`page(pk, k) AS (${walk(p, conditions, sql`LIMIT ${args.limit + 1}`)})`;
  const fallback = bound ? { sort: args.sort, key: bound.k, pk: bound.pk } : null;
  return finish(rowsOf(db, pageCte, p.shape), args.limit, args.sort, fallback, false);
}
