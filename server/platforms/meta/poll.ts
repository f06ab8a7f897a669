/**
 * Graph polling answers → normalized events (pure): `/{page-id}/feed`, `/{object-id}/comments`
 * (Facebook and Instagram field names alike), `/{page-id}/conversations` with their messages, and
 * a single object. The polling safety net sees the same events a webhook would have brought, with
 * the same ids and versions, so ingest's dedupe drops whichever arrives second.
 */
import { z } from 'zod';
import type { EventAuthor, EventKind, NormalizedEvent, Platform } from '../connector';
import { cursorFromNext } from './graph';
import { metaId, metaTime } from './values';

export interface PollContext {
  readonly platform: Platform;
  readonly accountId: string;
}

const text = z.string().max(100_000).optional().catch(undefined);
const person = z.object({ id: metaId, name: text, username: text }).optional().catch(undefined);

/** A comment, a post or a message as Graph returns it (Facebook or Instagram field names). */
const graphObject = z.object({
  id: metaId,
  message: text,
  text,
  created_time: z.unknown().optional(),
  timestamp: z.unknown().optional(),
  updated_time: z.unknown().optional(),
  from: person,
  username: text,
  parent: z.object({ id: metaId }).optional().catch(undefined),
  parent_id: metaId.optional().catch(undefined),
  media: z.object({ id: metaId }).optional().catch(undefined),
});
type GraphObject = z.infer<typeof graphObject>;

const pageSchema = z.object({
  data: z.array(z.unknown()),
  paging: z.object({ next: z.unknown().optional() }).optional().catch(undefined),
});

const conversationSchema = z.object({
  id: metaId,
  participants: z
    .object({ data: z.array(person) })
    .optional()
    .catch(undefined),
  messages: z
    .object({ data: z.array(z.unknown()) })
    .optional()
    .catch(undefined),
});

export interface PolledPage {
  readonly events: readonly NormalizedEvent[];
  readonly nextCursor: string | null;
  /** Items Graph returned that could not be read, by count (logged, never silently dropped). */
  readonly unreadable: number;
}

function clean(event: Record<string, unknown>): NormalizedEvent {
  return Object.fromEntries(
    Object.entries(event).filter(([, value]) => value !== undefined),
  ) as unknown as NormalizedEvent;
}

function authorOf(item: GraphObject): EventAuthor | undefined {
  const id = item.from?.id;
  if (id === undefined) return undefined;
  const name = item.from?.name;
  const handle = item.from?.username ?? item.username;
  return { id, ...(name === undefined ? {} : { name }), ...(handle === undefined ? {} : { handle }) };
}

/** An object → its event; `kind` is refined for comments (reply when the parent is not the post). */
export function objectEvent(
  ctx: PollContext,
  item: GraphObject,
  kind: EventKind,
  container: string | undefined,
  rawRef: string,
): NormalizedEvent {
  const created = metaTime(item.created_time) ?? metaTime(item.timestamp);
  const updated = metaTime(item.updated_time);
  const parentId = item.parent?.id ?? item.parent_id ?? container ?? item.media?.id;
  const refined: EventKind =
    kind === 'comment' && parentId !== undefined && container !== undefined && parentId !== container ? 'reply' : kind;
  const author = authorOf(item);
  const isOwn = author?.id === ctx.accountId;
  return clean({
    platform: ctx.platform,
    accountId: ctx.accountId,
    kind: refined,
    verb: 'add',
    externalId: item.id,
    parentId: kind === 'visitor_post' ? undefined : parentId,
    postId: kind === 'visitor_post' ? item.id : (item.media?.id ?? container),
    author,
    text: item.message ?? item.text,
    createdAt: created,
    isOwn,
    idsOnly: false,
    // An edited post shows a later updated_time: the same version a webhook `edited` would carry.
    version: updated !== undefined && created !== undefined && updated !== created ? `edit:${updated}` : 'add',
    rawRef,
  });
}

function page(body: unknown, read: (item: unknown, index: number) => NormalizedEvent[] | undefined): PolledPage {
  const parsed = pageSchema.safeParse(body);
  if (!parsed.success) return { events: [], nextCursor: null, unreadable: 1 };
  const events: NormalizedEvent[] = [];
  let unreadable = 0;
  parsed.data.data.forEach((item, index) => {
    const found = read(item, index);
    if (found) events.push(...found);
    else unreadable += 1;
  });
  return { events, nextCursor: cursorFromNext(parsed.data.paging?.next), unreadable };
}

/** `/{page-id}/feed`: posts on the Page, visitors' and the Page's own (`isOwn`). */
export function parseFeedPage(ctx: PollContext, body: unknown): PolledPage {
  return page(body, (item, i) => {
    const parsed = graphObject.safeParse(item);
    return parsed.success ? [objectEvent(ctx, parsed.data, 'visitor_post', undefined, `data[${i}]`)] : undefined;
  });
}

/** `/{object-id}/comments` (`filter=stream` flattens replies; each names its parent). */
export function parseCommentsPage(ctx: PollContext, objectId: string, body: unknown): PolledPage {
  return page(body, (item, i) => {
    const parsed = graphObject.safeParse(item);
    return parsed.success ? [objectEvent(ctx, parsed.data, 'comment', objectId, `data[${i}]`)] : undefined;
  });
}

/** `/{page-id}/conversations?fields=participants,messages{…}`: the messages of each thread. */
export function parseConversationsPage(ctx: PollContext, body: unknown): PolledPage {
  return page(body, (item, i) => {
    const conversation = conversationSchema.safeParse(item);
    if (!conversation.success) return undefined;
    const other = conversation.data.participants?.data.find((p) => p !== undefined && p.id !== ctx.accountId);
    const threadId = other?.id ?? conversation.data.id;
    const events: NormalizedEvent[] = [];
    conversation.data.messages?.data.forEach((raw, m) => {
      const message = graphObject.safeParse(raw);
      if (!message.success) return;
      const event = objectEvent(ctx, message.data, 'message', undefined, `data[${i}].messages.data[${m}]`);
      events.push(clean({ ...event, parentId: undefined, postId: undefined, threadId }));
    });
    return events;
  });
}

/** `GET /{id}`: one object, for notifications that carry ids only and for reconciling. */
export function parseObject(ctx: PollContext, kind: EventKind, body: unknown): NormalizedEvent | null {
  const parsed = graphObject.safeParse(body);
  if (!parsed.success) return null;
  return objectEvent(ctx, parsed.data, kind, undefined, 'object');
}
