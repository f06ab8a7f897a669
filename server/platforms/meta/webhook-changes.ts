/**
 * `entry[].changes[]` of Meta webhooks → normalized events: the Page `feed`, `mention` and
 * `ratings` fields, Instagram `comments`, `live_comments` and `mentions` (docs/platforms.md).
 */
import { z } from 'zod';
import type { EventAuthor, EventVerb, NormalizedEvent, Platform } from '../connector';
import { metaId, metaTime, versionPart } from './values';

export interface ChangeContext {
  readonly platform: Platform;
  readonly accountId: string;
  /** `entry.time`, for versions when the change carries no time of its own. */
  readonly entryTime: unknown;
  readonly rawRef: string;
}

export type ChangeOutcome = { readonly event: NormalizedEvent } | { readonly ignored: string };

const optionalText = z.string().max(100_000).optional().catch(undefined);
const optionalId = metaId.optional().catch(undefined);

const feedValue = z.object({
  item: z.string().max(64),
  verb: z.string().max(64),
  comment_id: optionalId,
  post_id: optionalId,
  parent_id: optionalId,
  from: z.object({ id: metaId, name: optionalText }).optional().catch(undefined),
  // Older deliveries name the author with these instead of `from`.
  sender_id: optionalId,
  sender_name: optionalText,
  created_time: z.unknown().optional(),
  message: optionalText,
});

const ratingValue = z.object({
  item: z.string().max(64),
  verb: z.string().max(64),
  open_graph_story_id: optionalId,
  reviewer_id: optionalId,
  reviewer_name: optionalText,
  rating: z.number().int().min(1).max(5).optional().catch(undefined),
  review_text: optionalText,
  recommendation_type: z.string().max(32).optional().catch(undefined),
  comment_id: optionalId,
  post_id: optionalId,
  parent_id: optionalId,
  sender_id: optionalId,
  sender_name: optionalText,
  from: z.object({ id: metaId, name: optionalText }).optional().catch(undefined),
  created_time: z.unknown().optional(),
  message: optionalText,
});

const igCommentValue = z.object({
  id: metaId,
  text: optionalText,
  parent_id: optionalId,
  from: z.object({ id: metaId, username: optionalText }).optional().catch(undefined),
  media: z.object({ id: metaId }).optional().catch(undefined),
});

const igMentionValue = z.object({ comment_id: optionalId, media_id: optionalId });

const feedVerbs: Readonly<Record<string, EventVerb>> = {
  add: 'add',
  edited: 'edit', // sic: Meta's feed says "edited" for comments and posts
  edit: 'edit',
  remove: 'remove',
  hide: 'hide',
  unhide: 'unhide',
};

const postItems = new Set(['post', 'status', 'photo', 'video', 'share']);

function author(
  from: { id: string; name?: string | undefined } | undefined,
  senderId: string | undefined,
  senderName: string | undefined,
): EventAuthor | undefined {
  if (from) return from.name === undefined ? { id: from.id } : { id: from.id, name: from.name };
  if (senderId) return senderName === undefined ? { id: senderId } : { id: senderId, name: senderName };
  return undefined;
}

/**
 * `add` and `remove` happen once per object; an edit, a hide or an unhide is told apart by its
 * time, written as ISO 8601 so that a webhook and a poll of the same edit agree.
 */
function version(verb: EventVerb, time: unknown, ctx: ChangeContext): string {
  if (verb === 'add' || verb === 'remove') return verb;
  return `${verb}:${metaTime(time) ?? metaTime(ctx.entryTime) ?? versionPart(time, '0')}`;
}

function event(ctx: ChangeContext, fields: Omit<NormalizedEvent, 'platform' | 'accountId' | 'rawRef'>): ChangeOutcome {
  const clean = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return {
    event: { platform: ctx.platform, accountId: ctx.accountId, rawRef: ctx.rawRef, ...clean } as NormalizedEvent,
  };
}

function pageFeed(value: unknown, ctx: ChangeContext, field: 'feed' | 'mention'): ChangeOutcome {
  const parsed = feedValue.safeParse(value);
  if (!parsed.success) return { ignored: `${field}:unreadable` };
  const change = parsed.data;
  const verb = feedVerbs[change.verb];
  if (change.item === 'reaction' || change.item === 'like') return { ignored: `${field}:${change.item}` };
  if (!verb) return { ignored: `${field}:${change.item}:${change.verb.slice(0, 16)}` };
  const by = author(change.from, change.sender_id, change.sender_name);
  const common = {
    verb,
    author: by,
    text: change.message,
    createdAt: metaTime(change.created_time),
    isOwn: by?.id === ctx.accountId,
    idsOnly: false,
    version: version(verb, change.created_time, ctx),
  };
  if (change.item === 'comment' && change.comment_id) {
    const topLevel = change.parent_id === undefined || change.parent_id === change.post_id;
    const kind = field === 'mention' ? 'mention' : topLevel ? 'comment' : 'reply';
    return event(ctx, {
      ...common,
      kind,
      externalId: change.comment_id,
      parentId: change.parent_id ?? change.post_id,
      postId: change.post_id,
    });
  }
  if (postItems.has(change.item) && change.post_id) {
    const kind = field === 'mention' ? 'mention' : 'visitor_post';
    return event(ctx, { ...common, kind, externalId: change.post_id, postId: change.post_id });
  }
  return { ignored: `${field}:${change.item}` };
}

function pageRatings(value: unknown, ctx: ChangeContext): ChangeOutcome {
  const parsed = ratingValue.safeParse(value);
  if (!parsed.success) return { ignored: 'ratings:unreadable' };
  const change = parsed.data;
  const verb = feedVerbs[change.verb];
  if (!verb) return { ignored: `ratings:${change.item}:${change.verb.slice(0, 16)}` };
  if (change.item === 'rating' && change.open_graph_story_id) {
    const by = author(undefined, change.reviewer_id, change.reviewer_name);
    const type = change.recommendation_type?.toUpperCase();
    return event(ctx, {
      kind: 'review',
      verb,
      externalId: change.open_graph_story_id,
      author: by,
      text: change.review_text,
      rating: change.rating,
      recommendation: type === 'POSITIVE' ? 'positive' : type === 'NEGATIVE' ? 'negative' : undefined,
      createdAt: metaTime(change.created_time),
      isOwn: by?.id === ctx.accountId,
      idsOnly: false,
      version: version(verb, change.created_time, ctx),
    });
  }
  if (change.item === 'comment' && change.comment_id) {
    // A comment under a review: the review is its parent, the story its thread.
    const by = author(change.from, change.sender_id, change.sender_name);
    const review = change.open_graph_story_id ?? change.parent_id;
    return event(ctx, {
      kind: 'reply',
      verb,
      externalId: change.comment_id,
      parentId: review,
      postId: review,
      author: by,
      text: change.message,
      createdAt: metaTime(change.created_time),
      isOwn: by?.id === ctx.accountId,
      idsOnly: false,
      version: version(verb, change.created_time, ctx),
    });
  }
  return { ignored: `ratings:${change.item}` };
}

function instagramComment(value: unknown, ctx: ChangeContext, field: string): ChangeOutcome {
  const parsed = igCommentValue.safeParse(value);
  if (!parsed.success) return { ignored: `${field}:unreadable` };
  const change = parsed.data;
  const by: EventAuthor | undefined = change.from
    ? change.from.username === undefined
      ? { id: change.from.id }
      : { id: change.from.id, handle: change.from.username }
    : undefined;
  return event(ctx, {
    kind: change.parent_id ? 'reply' : 'comment',
    verb: 'add',
    externalId: change.id,
    parentId: change.parent_id ?? change.media?.id,
    postId: change.media?.id,
    author: by,
    text: change.text,
    // Instagram comment notifications carry no creation time: the entry's time is the closest.
    createdAt: metaTime(ctx.entryTime),
    isOwn: by?.id === ctx.accountId,
    // A live comment without its author or media is only half told: fetch it.
    idsOnly: change.text === undefined,
    version: 'add',
  });
}

function instagramMention(value: unknown, ctx: ChangeContext): ChangeOutcome {
  const parsed = igMentionValue.safeParse(value);
  const id = parsed.success ? (parsed.data.comment_id ?? parsed.data.media_id) : undefined;
  if (!parsed.success || id === undefined) return { ignored: 'mentions:unreadable' };
  return event(ctx, {
    kind: 'mention',
    verb: 'add',
    externalId: id,
    postId: parsed.data.media_id,
    createdAt: metaTime(ctx.entryTime),
    isOwn: false,
    idsOnly: true, // ids only: the text and author come from a fetch
    version: 'add',
  });
}

export function parseChange(
  object: 'page' | 'instagram',
  field: string,
  value: unknown,
  ctx: ChangeContext,
): ChangeOutcome {
  if (object === 'page') {
    if (field === 'feed' || field === 'mention') return pageFeed(value, ctx, field);
    if (field === 'ratings') return pageRatings(value, ctx);
  } else {
    if (field === 'comments' || field === 'live_comments') return instagramComment(value, ctx, field);
    if (field === 'mentions') return instagramMention(value, ctx);
  }
  return { ignored: `${object}:${field.slice(0, 32)}` };
}
