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
  /** The tie-break column (the item's pk) as the walked table names it. */
  pk: SqlFragment;
  ascending: boolean;
}

function sortShape(sort: QueueSort): SortShape {
  switch (sort) {
    case 'priority':
      return { key: sql`prio_key`, pk: sql`pk`, ascending: true };
    case 'newest':
      return { key: sql`created_at`, pk: sql`pk`, ascending: false };
    case 'oldest':
      return { key: sql`created_at`, pk: sql`pk`, ascending: true };
  }
}

const direction = (shape: SortShape) => (shape.ascending ? sql`ASC` : sql`DESC`);

function afterCursor(shape: SortShape, cursor: QueueCursor | null): SqlFragment | null {
  if (!cursor) return null;
  return shape.ascending
    ? sql`(${shape.key}, ${shape.pk}) > (${cursor.key}, ${cursor.pk})`
    : sql`(${shape.key}, ${shape.pk}) < (${cursor.key}, ${cursor.pk})`;
}

function upToBound(shape: SortShape, bound: { k: number; pk: number }): SqlFragment {
  return shape.ascending
    ? sql`(${shape.key}, ${shape.pk}) <= (${bound.k}, ${bound.pk})`
    : sql`(${shape.key}, ${shape.pk}) >= (${bound.k}, ${bound.pk})`;
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
  /** In time order, a label's own index leads: the walk passes only that label's items. */
  labelLead: string | null;
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
  const labelLead = filters.label !== undefined && !searching && args.sort !== 'priority' && assigneeLead === null;
  if (filters.label !== undefined && !labelLead) {
    residual.push(
      sql`labeled = 1 AND EXISTS (SELECT 1 FROM item_labels l WHERE l.item_pk = items.pk AND l.label = ${filters.label})`,
    );
  }
  if (filters.sentiment) residual.push(sentimentCondition(filters.sentiment));
  if (filters.needsApproval !== undefined) residual.push(sql`sensitive = ${filters.needsApproval}`);
  return {
    statuses,
    shape: labelLead ? { key: sql`l.created_at`, pk: sql`l.item_pk`, ascending: shape.ascending } : shape,
    assigneeLead,
    labelLead: labelLead ? (filters.label ?? null) : null,
    range,
    residual,
  };
}

function indexHint(shape: SortShape, byAssignee: boolean): SqlFragment {
  const priority = shape.key.text === 'prio_key';
  if (byAssignee) return priority ? sql`INDEXED BY ix_items_mine_priority` : sql`INDEXED BY ix_items_mine_created`;
  return priority ? sql`INDEXED BY ix_items_queue_priority` : sql`INDEXED BY ix_items_queue_created`;
}

/**
 * One arm per status, merged in sort order. Led by a label, the label's own index instead: the
 * `bound` walk counts label entries only; the page walk joins the items to test the rest.
 */
function walk(p: Plan, conditions: readonly SqlFragment[], tail: SqlFragment, bound = false): SqlFragment {
  const dir = direction(p.shape);
  if (p.labelLead !== null) {
    const order = sql`ORDER BY l.created_at ${dir}, l.item_pk ${dir} ${tail}`;
    if (bound) {
      return sql`SELECT l.item_pk AS pk, l.created_at AS k FROM item_labels l INDEXED BY ix_item_labels_walk
        WHERE ${sql.and([sql`l.label = ${p.labelLead}`, ...conditions])} ${order}`;
    }
    const where = [sql`l.label = ${p.labelLead}`, sql`items.status IN (${sql.join(p.statuses)})`, ...conditions];
    return sql`SELECT l.item_pk AS pk, l.created_at AS k
      FROM item_labels l INDEXED BY ix_item_labels_walk JOIN items ON items.pk = l.item_pk
      WHERE ${sql.and(where)} ${order}`;
  }
  const byAssignee = p.assigneeLead !== null;
  const usesPartial = byAssignee || p.shape.key.text === 'prio_key';
  const arms = p.statuses.map((status) => {
    const where: SqlFragment[] = [sql`status = ${status}`];
    if (usesPartial) where.push(ACTIVE_STATUS_SQL);
    if (p.assigneeLead !== null) where.push(sql`assignee_pk = (SELECT pk FROM users WHERE id = ${p.assigneeLead})`);
    return sql`SELECT pk, ${p.shape.key} AS k FROM items ${indexHint(p.shape, byAssignee)}
      WHERE ${sql.and([...where, ...conditions])}`;
  });
  return sql`${sql.join(arms, sql` UNION ALL `)} ORDER BY k ${dir}, pk ${dir} ${tail}`;
}

/** A page row as the query returns it (column order of `rowsOf`). */
type RowData = [
  itemId: string,
  status: ItemStatus,
  priority: number,
  dueAt: number,
  createdAt: number,
  snoozedUntil: number | null,
  platform: Platform,
  kind: InteractionKind,
  clientId: string,
  clientName: string,
  channelId: string,
  channelName: string,
  authorId: string,
  authorName: string,
  text: string,
  lang: 'it' | 'en' | null,
  sentiment: number,
  rating: number | null,
  assigneeId: string | null,
  assigneeName: string | null,
  labels: string,
  flags: number,
  k: number,
  pk: number,
];

/** What a queue row shows, for the page's item pks (the `page(pk, k)` CTE), in sort order. */
function rowsOf(db: ReadableDb, pageCte: SqlFragment, shape: SortShape): RowData[] {
  const dir = direction(shape);
  return db.rows<RowData>(sql`WITH ${pageCte}
    SELECT i.id, i.status, i.priority, i.due_at, i.created_at, i.snoozed_until, ch.platform, x.kind, cl.id, cl.name,
      ch.id, ch.name, c.id, c.display_name, substr(x.text, 1, 160), x.lang, x.sentiment, x.rating, u.id, u.name,
      (SELECT json_group_array(label) FROM item_labels WHERE item_pk = i.pk),
      x.sensitive | (x.adverse_event << 1) | (x.spam << 2) | (x.profanity << 3), page.k, page.pk
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
  const [
    itemId,
    status,
    priority,
    dueAt,
    createdAt,
    snoozedUntil,
    platform,
    kind,
    clientId,
    clientName,
    channelId,
    channelName,
    authorId,
    authorName,
    text,
    lang,
    sentiment,
    rating,
    assigneeId,
    assigneeName,
    labels,
    flags,
  ] = row;
  return {
    itemId,
    status,
    priority,
    dueAt,
    createdAt,
    snoozedUntil,
    platform,
    kind,
    clientId,
    clientName,
    channelId,
    channelName,
    authorId,
    authorName,
    excerpt: excerpt(text),
    lang,
    sentiment,
    rating,
    assignee: assigneeId === null ? null : { id: assigneeId, name: assigneeName ?? '' },
    labels: JSON.parse(labels) as string[],
    flags: {
      sensitive: (flags & 1) !== 0,
      adverseEvent: (flags & 2) !== 0,
      spam: (flags & 4) !== 0,
      profanity: (flags & 8) !== 0,
    },
  };
}

function finish(rows: RowData[], limit: number, sort: QueueSort, fallback: QueueCursor | null, searchLimited: boolean) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ sort, key: last[22], pk: last[23] })
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

  if (candidates !== null) {
    const dir = direction(p.shape);
    const conditions = [sql`status IN (${sql.join(p.statuses)})`, ...p.residual, ...(keyset ? [keyset] : [])];
    const pageCte = sql`cand(xpk) AS (SELECT value FROM json_each(${JSON.stringify(candidates)})),
      page(pk, k) AS (SELECT items.pk, items.${p.shape.key} FROM cand CROSS JOIN items ON items.interaction_pk = cand.xpk
        WHERE ${sql.and(conditions)} ORDER BY 2 ${dir}, 1 ${dir} LIMIT ${args.limit + 1})`;
    return finish(rowsOf(db, pageCte, p.shape), args.limit, args.sort, null, candidates.length >= candidateLimit);
  }

  if (p.residual.length === 0 && p.labelLead === null) {
    const conditions = [...p.range, ...(keyset ? [keyset] : [])];
    const pageCte = sql`page(pk, k) AS (${walk(p, conditions, sql`LIMIT ${args.limit + 1}`)})`;
    return finish(rowsOf(db, pageCte, p.shape), args.limit, args.sort, null, false);
  }

  // Filters tested on the way: walk segments of growing size, each ending at a known entry
  // (found by an index-only walk), until the page is full or scanBudget entries were examined.
  const rows: RowData[] = [];
  let from: QueueCursor | null = cursor;
  let remaining = scanBudget;
  let segment = Math.min(remaining, Math.max(200, args.limit * 20));
  for (;;) {
    const start = afterCursor(p.shape, from);
    const walked = [...p.range, ...(start ? [start] : [])];
    const bound = db.get<{ k: number; pk: number }>(
      sql`SELECT k, pk FROM (${walk(p, walked, sql`LIMIT 1 OFFSET ${segment - 1}`, true)})`,
    );
    const conditions = [...walked, ...p.residual, ...(bound ? [upToBound(p.shape, bound)] : [])];
    const need = args.limit + 1 - rows.length;
    rows.push(...rowsOf(db, sql`page(pk, k) AS (${walk(p, conditions, sql`LIMIT ${need}`)})`, p.shape));
    if (rows.length > args.limit || !bound) return finish(rows, args.limit, args.sort, null, false);
    remaining -= segment;
    const reached = { sort: args.sort, key: bound.k, pk: bound.pk };
    if (remaining <= 0) return finish(rows, args.limit, args.sort, reached, false);
    from = reached;
    segment = Math.min(remaining, segment * 4);
  }
}
