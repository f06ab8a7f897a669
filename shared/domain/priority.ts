/**
 * The queue's ordering score, 0 (can wait) … 100 (now). Bands keep the orders that matter
 * absolute, whatever the other signals say:
 * - a possible adverse event is a pharmacovigilance obligation with a legal clock: 90–100, above
 *   everything else, even when also flagged as spam;
 * - spam: 0–4, below everything else;
 * - everything else: 5–89, from the kind (DMs and reviews first, follows and likes last), a bad
 *   rating, negative sentiment, sensitive / profanity flags, and how much of the SLA has elapsed
 *   (that part is maxed once the item is overdue).
 */
import type { InteractionFlags, InteractionKind, SlaPolicy } from './entities';

const MINUTE = 60_000;

/** Minutes from arrival to due, per kind; the default for new clients. */
export const DEFAULT_SLA: SlaPolicy = {
  dm: 60,
  review: 24 * 60,
  comment: 4 * 60,
  reply: 4 * 60,
  mention: 8 * 60,
  share: 24 * 60,
  follow: 48 * 60,
  like_summary: 48 * 60,
};

export function dueAt(createdAt: number, kind: InteractionKind, sla: SlaPolicy): number {
  // A policy stored before a kind existed falls back to the default rather than never being due.
  const minutes = sla[kind] ?? DEFAULT_SLA[kind];
  return createdAt + minutes * MINUTE;
}

const KIND_BASE: Record<InteractionKind, number> = {
  dm: 40,
  review: 32,
  comment: 26,
  reply: 24,
  mention: 22,
  share: 8,
  follow: 2,
  like_summary: 0,
};

/** Reviews only: 1★ is a public complaint that others read before buying. */
const RATING_BOOST: Record<number, number> = { 1: 18, 2: 12, 3: 5, 4: 0, 5: 0 };

const URGENCY_MAX = 25;
const NORMAL_MIN = 5;
const NORMAL_MAX = 89;
const SPAM_MAX = 4;
const ADVERSE_MIN = 90;
const ADVERSE_MAX = 100;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** 0 at arrival … 1 at (and after) the due time. */
function slaElapsed(createdAt: number, dueAtMs: number, now: number): number {
  if (now >= dueAtMs) return 1;
  const window = dueAtMs - createdAt;
  if (!(window > 0)) return 0;
  return clamp((now - createdAt) / window, 0, 1);
}

export function priorityScore(
  input: {
    kind: InteractionKind;
    sentiment: number;
    rating: number | null;
    flags: InteractionFlags;
    createdAt: number;
    dueAt: number;
  },
  now: number,
): number {
  const elapsed = slaElapsed(input.createdAt, input.dueAt, now);
  if (input.flags.adverseEvent) {
    return Math.round(ADVERSE_MIN + elapsed * (ADVERSE_MAX - ADVERSE_MIN));
  }
  if (input.flags.spam) {
    return Math.round(elapsed * SPAM_MAX);
  }
  const sentiment = Number.isFinite(input.sentiment) ? clamp(input.sentiment, -1, 1) : 0;
  const ratingBoost = input.kind === 'review' && input.rating !== null ? (RATING_BOOST[input.rating] ?? 0) : 0;
  const raw =
    KIND_BASE[input.kind] +
    ratingBoost +
    // Only negativity raises urgency; praise does not lower it below its kind.
    Math.max(0, -sentiment) * 12 +
    (input.flags.sensitive ? 10 : 0) +
    (input.flags.profanity ? 6 : 0) +
    elapsed * URGENCY_MAX;
  return Math.round(clamp(NORMAL_MIN + raw, NORMAL_MIN, NORMAL_MAX));
}
