/**
 * Where a reply can go and how long it may be, per platform and kind of interaction. Pure tables,
 * so the composer, the queue (which keys make sense on an item) and tests read the same answer.
 */
import type { InteractionKind, Platform, Visibility } from '../../../../shared/domain/entities';

export interface ReplyOptions {
  /** A public answer in the thread (comment reply, review reply, reply tweet). */
  readonly public: boolean;
  /** A direct message to the author. */
  readonly private: boolean;
}

const NONE: ReplyOptions = { public: false, private: false };
const PUBLIC_ONLY: ReplyOptions = { public: true, private: false };
const PRIVATE_ONLY: ReplyOptions = { public: false, private: true };
const BOTH: ReplyOptions = { public: true, private: true };

/** Platforms whose APIs let a page answer a public comment with a DM ("private replies"). */
const PRIVATE_REPLY_TO_COMMENT: ReadonlySet<Platform> = new Set(['facebook', 'instagram']);
/** Platforms where a brand account receives DMs at all (Google reviews and YouTube have none). */
const HAS_DIRECT_MESSAGES: ReadonlySet<Platform> = new Set(['facebook', 'instagram', 'x', 'linkedin']);

/**
 * - DMs are always answered privately.
 * - Comments (and replies inside a comment tree) are answered publicly; Facebook and Instagram
 *   also allow one private reply to the commenter. YouTube, X, LinkedIn: public only.
 * - Reviews, mentions and shares are answered publicly.
 * - Follows and like summaries have nothing to answer in: no reply (welcomes, if a policy asks
 *   for them, are a separate flow).
 */
export function replyOptions(platform: Platform, kind: InteractionKind): ReplyOptions {
  switch (kind) {
    case 'dm':
      return HAS_DIRECT_MESSAGES.has(platform) ? PRIVATE_ONLY : NONE;
    case 'comment':
    case 'reply':
      return PRIVATE_REPLY_TO_COMMENT.has(platform) ? BOTH : PUBLIC_ONLY;
    case 'review':
    case 'mention':
    case 'share':
      return PUBLIC_ONLY;
    case 'follow':
    case 'like_summary':
      return NONE;
  }
}

export function isVisibilityAllowed(options: ReplyOptions, visibility: Visibility): boolean {
  return visibility === 'public' ? options.public : options.private;
}

/** The visibility to open with: the one asked for (r / p) when allowed, else the other one. */
export function initialVisibility(options: ReplyOptions, asked: Visibility): Visibility | null {
  if (isVisibilityAllowed(options, asked)) return asked;
  const other: Visibility = asked === 'public' ? 'private' : 'public';
  return isVisibilityAllowed(options, other) ? other : null;
}

/**
 * Typical limits, in characters, as the platforms documented them when this table was written
 * (Meta Graph API comments and Send API, Instagram Graph API, YouTube Data API comments, X
 * counting rules, Google Business Profile review replies, LinkedIn comments). They change; where
 * a source was unclear the lower value is used, because the composer blocking a long reply is
 * cheaper than the platform refusing it after approval.
 */
const PUBLIC_LIMITS: Readonly<Record<Platform, number>> = {
  x: 280,
  youtube: 10_000,
  facebook: 8_000,
  instagram: 2_200,
  google: 4_096,
  linkedin: 1_250,
};
/** DMs (including a private reply to a comment). Messenger allows 2,000; Instagram 1,000. */
const PRIVATE_LIMITS: Readonly<Record<Platform, number>> = {
  x: 10_000,
  youtube: 1_000,
  facebook: 2_000,
  instagram: 1_000,
  google: 1_000,
  linkedin: 1_000,
};

export function replyLengthLimit(platform: Platform, visibility: Visibility): number {
  return visibility === 'public' ? PUBLIC_LIMITS[platform] : PRIVATE_LIMITS[platform];
}

/**
 * Characters as people count them: code points, so an emoji counts once, not as two UTF-16
 * units. X weighs some characters double (CJK, emoji) and URLs as 23; this is the usual
 * approximation, exact for Latin text without links.
 */
export function replyLength(text: string): number {
  let length = 0;
  // NFC first: "è" typed as e + combining accent (common on macOS) is one character.
  for (const _codePoint of text.normalize('NFC')) length += 1;
  return length;
}
