/**
 * Our entity ids for what the platforms send, and the mapping of their kinds onto the domain's.
 * Ids are derived from the platform's ids (a hash), so the same object always becomes the same
 * rows, on every instance, whatever order its events arrive in.
 */
import { createHash } from 'node:crypto';
import type { InteractionKind, Platform as DomainPlatform, ThreadKind } from '../../../shared/domain/entities';
import type { EventKind, Platform } from '../connector';

function digest(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

export const interactionIdOf = (platform: Platform, externalId: string) => `ix-${digest(platform, externalId)}`;
export const itemIdOf = (platform: Platform, externalId: string) => `it-${digest(platform, externalId)}`;
export const threadIdOf = (platform: Platform, channelId: string, threadKey: string) =>
  `th-${digest(platform, channelId, threadKey)}`;
/** One contact per platform author (merging one person across platforms or channels is not done here). */
export const contactIdOf = (platform: Platform, authorId: string) => `ct-${digest(platform, authorId)}`;

/** The connector's platform names → the domain's (Google Business Profile is `google` there). */
export const domainPlatform: Readonly<Record<Platform, DomainPlatform>> = {
  facebook: 'facebook',
  instagram: 'instagram',
  gbp: 'google',
  youtube: 'youtube',
  x: 'x',
  linkedin: 'linkedin',
};

export const interactionKindOf: Readonly<Record<EventKind, InteractionKind>> = {
  comment: 'comment',
  reply: 'reply',
  // A visitor's post on the Page is answered like a top-level comment.
  visitor_post: 'comment',
  message: 'dm',
  mention: 'mention',
  review: 'review',
};

export const threadKindOf: Readonly<Record<EventKind, ThreadKind>> = {
  comment: 'post',
  reply: 'post',
  visitor_post: 'post',
  message: 'conversation',
  mention: 'post',
  review: 'review',
};

/** When two events of one thread disagree on its kind (a comment on a review), the more specific wins. */
export const threadKindRank: Readonly<Record<ThreadKind, number>> = { post: 0, conversation: 1, review: 2 };
