/** Builders of notification views for the notifier's tests; each test states only what it is about. */
import type { NotifyDecisionView, NotifyItemView, NotifyReplyView } from './types';

export const T0 = Date.UTC(2025, 0, 15, 9, 0, 0);
export const MINUTE = 60_000;
export const ME = 'u-me';
export const OTHER = 'u-other';

export function makeView(overrides: Partial<NotifyItemView> = {}): NotifyItemView {
  return {
    id: 'i-1',
    clientId: 'c-pharma',
    clientName: 'Cardio Pharma',
    kind: 'comment',
    rating: null,
    sentiment: 0,
    flags: { sensitive: false, adverseEvent: false, spam: false, profanity: false },
    status: 'new',
    assigneeId: null,
    dueAt: T0 + 4 * 60 * MINUTE,
    authorName: 'Giulia Bianchi',
    replies: [],
    ...overrides,
  };
}

export function makeReply(overrides: Partial<NotifyReplyView> = {}): NotifyReplyView {
  return {
    id: 'r-1',
    authorId: OTHER,
    authorName: 'Marco Verdi',
    status: 'awaiting_approval',
    version: 1,
    pendingStep: 0,
    pendingApproverIds: [ME],
    decisions: [],
    awaitsConfirmationBy: null,
    ...overrides,
  };
}

export function makeDecision(overrides: Partial<NotifyDecisionView> = {}): NotifyDecisionView {
  return {
    id: 'a-1',
    approverId: OTHER,
    approverName: 'Dr. Anna Neri',
    decision: 'approved',
    reason: null,
    at: T0,
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = T0) {
  let now = start;
  return {
    now: () => now,
    set: (at: number) => {
      now = at;
    },
    advance: (ms: number) => {
      now += ms;
      return now;
    },
  };
}
