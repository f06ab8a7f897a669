import { z } from 'zod';
import {
  channel,
  contact,
  epochMs,
  id,
  interaction,
  interactionFlags,
  interactionKind,
  item,
  itemStatus,
  language,
  platform,
  regulation,
  reply,
  savedReply,
  thread,
  type ItemStatus,
} from '../domain/entities';

/**
 * Calls of the queue, the item detail, the contact card and the saved replies, answered by the
 * desktop core from the local replica (electron/core/api/queue-handlers.ts).
 */

export const queueViews = ['inbox', 'mine', 'awaiting_approval', 'snoozed', 'done', 'all'] as const;
export const queueView = z.enum(queueViews);
export type QueueView = z.infer<typeof queueView>;

/** The statuses each view shows ('mine' is the inbox's, assigned to the user). */
export const queueViewStatuses: Readonly<Record<QueueView, readonly ItemStatus[]>> = {
  inbox: ['new', 'open'],
  mine: ['new', 'open'],
  awaiting_approval: ['awaiting_approval', 'approved'],
  snoozed: ['snoozed'],
  done: ['answered', 'done', 'moderated'],
  all: ['new', 'open', 'awaiting_approval', 'approved', 'snoozed', 'answered', 'done', 'moderated'],
};

/** Work still to do: the only statuses the queue can order by priority (outside a search). */
export const activeStatuses: readonly ItemStatus[] = ['new', 'open', 'awaiting_approval', 'approved', 'snoozed'];

/**
 * 'priority': priority high→low, then due time soonest first (then a stable tie-break).
 * 'newest' / 'oldest': arrival time. Priority order exists for work still to do: the 'done' and
 * 'all' views accept it only together with a search.
 */
export const queueSorts = ['priority', 'newest', 'oldest'] as const;
export const queueSort = z.enum(queueSorts);
export type QueueSort = z.infer<typeof queueSort>;

export const sentimentClasses = ['negative', 'neutral', 'positive'] as const;
export const sentimentClass = z.enum(sentimentClasses);
export type SentimentClass = z.infer<typeof sentimentClass>;
/** Sentiment below −0.25 is negative, above 0.25 positive, neutral in between. */
export const SENTIMENT_THRESHOLD = 0.25;

export const queueFilters = z
  .object({
    clientId: id.optional(),
    channelId: id.optional(),
    kinds: z.array(interactionKind).min(1).max(8).optional(),
    /** Narrows the view to some of its statuses. */
    statuses: z.array(itemStatus).min(1).max(8).optional(),
    priorityMin: z.number().int().min(0).max(100).optional(),
    /** null: unassigned items only. */
    assigneeId: id.nullable().optional(),
    label: z.string().min(1).max(64).optional(),
    sentiment: sentimentClass.optional(),
    /** true: items whose reply will need the approval chain (sensitive); false: the others. */
    needsApproval: z.boolean().optional(),
    /** Free text; searched as words (the last one as a prefix), never as query syntax. */
    search: z.string().max(200).optional(),
  })
  .strict();
export type QueueFilters = z.infer<typeof queueFilters>;

export const queueRow = z.object({
  itemId: id,
  status: itemStatus,
  priority: z.number().int().min(0).max(100),
  dueAt: epochMs,
  createdAt: epochMs,
  snoozedUntil: epochMs.nullable(),
  platform,
  kind: interactionKind,
  clientId: id,
  clientName: z.string(),
  channelId: id,
  channelName: z.string(),
  authorId: id,
  authorName: z.string(),
  /** The start of the text, at most about 140 characters. */
  excerpt: z.string(),
  lang: language.nullable(),
  sentiment: z.number().min(-1).max(1),
  rating: z.number().int().min(1).max(5).nullable(),
  assignee: z.object({ id, name: z.string() }).nullable(),
  labels: z.array(z.string()),
  flags: interactionFlags,
});
export type QueueRow = z.infer<typeof queueRow>;

export const queueListArgs = z
  .object({
    view: queueView.default('inbox'),
    /** The signed-in user: required by 'mine'. */
    userId: id.optional(),
    filters: queueFilters.default({}),
    sort: queueSort.default('priority'),
    /** The `nextCursor` of the previous page; null for the first page. */
    after: z.string().min(1).max(256).nullable().default(null),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();
export type QueueListArgs = z.infer<typeof queueListArgs>;

export const queuePageResult = z.object({
  rows: z.array(queueRow),
  /**
   * Set while there may be more rows. A page can hold fewer rows than asked (even none) with a
   * cursor set: each call examines a bounded number of items, so keep asking until it is null.
   */
  nextCursor: z.string().nullable(),
  /** A search looked at the newest matches only; older ones exist. */
  searchLimited: z.boolean(),
});
export type QueuePage = z.infer<typeof queuePageResult>;

export const queueCountsResult = z.object({
  views: z.object({
    inbox: z.number().int().nonnegative(),
    mine: z.number().int().nonnegative(),
    awaiting_approval: z.number().int().nonnegative(),
    snoozed: z.number().int().nonnegative(),
    done: z.number().int().nonnegative(),
    all: z.number().int().nonnegative(),
  }),
  /** Inbox items whose reply will need approval (sensitive). */
  needsApproval: z.number().int().nonnegative(),
  clients: z.array(
    z.object({
      clientId: id,
      name: z.string(),
      inbox: z.number().int().nonnegative(),
      awaitingApproval: z.number().int().nonnegative(),
    }),
  ),
  channels: z.array(
    z.object({
      channelId: id,
      clientId: id,
      platform,
      name: z.string(),
      inbox: z.number().int().nonnegative(),
    }),
  ),
});
export type QueueCounts = z.infer<typeof queueCountsResult>;

export const threadMessage = z.object({
  interactionId: id,
  kind: interactionKind,
  authorId: id,
  authorName: z.string(),
  text: z.string(),
  createdAt: epochMs,
  parentId: id.nullable(),
  /** The queue item of that message, when it has one. */
  itemId: id.nullable(),
  itemStatus: itemStatus.nullable(),
});
export type ThreadMessage = z.infer<typeof threadMessage>;

export const itemDetailResult = z.object({
  item,
  interaction,
  author: contact,
  client: z.object({ id, name: z.string(), regulation }),
  channel,
  thread: z.object({
    thread,
    /** The comment this one answers, when it is a reply. */
    parent: threadMessage.nullable(),
    /** Messages just before and after the item's, oldest first (a bounded window). */
    before: z.array(threadMessage),
    after: z.array(threadMessage),
    hasMoreBefore: z.boolean(),
    hasMoreAfter: z.boolean(),
  }),
  replies: z.array(reply),
});
export type ItemDetail = z.infer<typeof itemDetailResult>;

export const contactHistoryEntry = z.object({
  interactionId: id,
  itemId: id.nullable(),
  itemStatus: itemStatus.nullable(),
  kind: interactionKind,
  platform,
  clientId: id,
  clientName: z.string(),
  channelId: id,
  channelName: z.string(),
  excerpt: z.string(),
  sentiment: z.number().min(-1).max(1),
  createdAt: epochMs,
});
export type ContactHistoryEntry = z.infer<typeof contactHistoryEntry>;

export const contactCardResult = z.object({
  contact,
  notes: z.array(z.object({ id, authorId: id, authorName: z.string(), text: z.string(), createdAt: epochMs })),
  /** Newest first, across every channel and client. */
  history: z.array(contactHistoryEntry),
  hasMoreHistory: z.boolean(),
});
export type ContactCard = z.infer<typeof contactCardResult>;

/**
 * A view's first page together with its first row's detail and contact card: what the queue
 * shows when a view opens (at start, on a new filter or search), in one round trip instead of
 * two in a row (the page, then the detail of the row it selects).
 */
export const queueOpenResult = z.object({
  page: queuePageResult,
  detail: itemDetailResult.nullable(),
  contact: contactCardResult.nullable(),
});
export type QueueOpen = z.infer<typeof queueOpenResult>;

export const queueCalls = {
  'queue:list': { args: queueListArgs, result: queuePageResult },
  'queue:open': { args: queueListArgs, result: queueOpenResult },
  'queue:counts': {
    args: z.object({ userId: id.optional() }).strict(),
    result: queueCountsResult,
  },
  'item:get': { args: z.object({ itemId: id }).strict(), result: itemDetailResult },
  'contact:get': { args: z.object({ contactId: id }).strict(), result: contactCardResult },
  'savedReplies:list': {
    args: z.object({ clientId: id }).strict(),
    result: z.object({ savedReplies: z.array(savedReply) }),
  },
} as const;
