/**
 * The per-item rules: what needs this user's attention (the badge) and which reasons an item
 * gives to notify, each with a key that names it exactly once ("this item's adverse event",
 * "this due time", "this decision"). The notifier remembers keys, so a reason is announced once
 * however often the item changes.
 */
import type {
  NotifyDecisionView,
  NotifyItemView,
  NotifyReason,
  NotifyReplyView,
  NotifyTarget,
  NotifyText,
  NotifyUser,
} from './types';

const MINUTE = 60_000;

/** An open item due within this time (or overdue) is at risk. */
export const SLA_WARNING_MS = 15 * MINUTE;
/**
 * At or below this sentiment a DM counts as negative. Mildly negative messages are common and
 * already rise in the queue by priority; a toast is for the clearly unhappy ones.
 */
export const NEGATIVE_SENTIMENT_MAX = -0.3;
/** Reviews of this many stars or fewer are negative. */
export const NEGATIVE_RATING_MAX = 2;
/** Rejection reasons are the approver's words, kept short for a toast. */
const REASON_MAX_CHARS = 140;

/** One reason an item gives to notify, ready to be shown as its own notification. */
export interface Finding {
  readonly reason: NotifyReason;
  readonly key: string;
  readonly itemId: string;
  readonly title: NotifyText;
  readonly body: NotifyText;
  readonly target: NotifyTarget;
}

/** Approvers do not triage the queue; everyone else does (docs/domain.md roles). */
export function moderates(user: NotifyUser): boolean {
  return user.role !== 'approver';
}

/** Untouched or open work that is the user's or nobody's yet. */
export function needsWork(view: NotifyItemView, user: NotifyUser): boolean {
  return (
    moderates(user) &&
    (view.status === 'new' || view.status === 'open') &&
    (view.assigneeId === null || view.assigneeId === user.id)
  );
}

function awaitsDecisionBy(reply: NotifyReplyView, user: NotifyUser): boolean {
  return (
    reply.status === 'awaiting_approval' &&
    reply.pendingStep !== null &&
    reply.authorId !== user.id &&
    reply.pendingApproverIds.includes(user.id)
  );
}

export function awaitsApprovalBy(view: NotifyItemView, user: NotifyUser): boolean {
  return view.replies.some((reply) => awaitsDecisionBy(reply, user));
}

/** Counted in the badge. */
export function needsAttention(view: NotifyItemView, user: NotifyUser): boolean {
  return needsWork(view, user) || awaitsApprovalBy(view, user);
}

/** Items the notifier keeps in memory: anything that may still need someone. */
export function isLive(view: NotifyItemView): boolean {
  return view.status !== 'done' && view.status !== 'answered' && view.status !== 'moderated';
}

function kindText(view: NotifyItemView): NotifyText {
  return { key: `notify.kind.${view.kind}` };
}

function truncate(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= REASON_MAX_CHARS ? trimmed : `${trimmed.slice(0, REASON_MAX_CHARS - 1)}…`;
}

function itemFinding(
  view: NotifyItemView,
  reason: NotifyReason,
  key: string,
  title: NotifyText,
  body: NotifyText,
): Finding {
  return { reason, key, itemId: view.id, title, body, target: { type: 'item', itemId: view.id } };
}

export function slaFinding(view: NotifyItemView, user: NotifyUser, now: number): Finding | null {
  if (!needsWork(view, user) || view.flags.spam) return null;
  const left = view.dueAt - now;
  if (left > SLA_WARNING_MS) return null;
  const client = view.clientName;
  const author = view.authorName;
  const overdue = left <= 0;
  return itemFinding(
    view,
    'sla_at_risk',
    // Per due time: a snoozed or reopened item with a new due time may warn again.
    `sla_at_risk:${view.id}:${view.dueAt}`,
    { key: overdue ? 'notify.slaAtRisk.titleOverdue' : 'notify.slaAtRisk.titleDueSoon', params: { client } },
    overdue
      ? { key: 'notify.slaAtRisk.bodyOverdue', params: { author, kind: kindText(view) } }
      : {
          key: 'notify.slaAtRisk.bodyDueSoon',
          params: { author, kind: kindText(view), minutes: Math.max(1, Math.ceil(left / MINUTE)) },
        },
  );
}

function approvalFindings(view: NotifyItemView, user: NotifyUser): Finding[] {
  const client = view.clientName;
  const found: Finding[] = [];
  for (const reply of view.replies) {
    if (awaitsDecisionBy(reply, user)) {
      found.push(
        itemFinding(
          view,
          'approval_requested',
          `approval_requested:${reply.id}:${reply.version}:${reply.pendingStep ?? 'none'}`,
          { key: 'notify.approvalRequested.title', params: { client } },
          { key: 'notify.approvalRequested.body', params: { author: reply.authorName } },
        ),
      );
    }
    if (reply.awaitsConfirmationBy === user.id) {
      // The rewrite's decision names the approver; the reply's author is now that approver.
      found.push(
        itemFinding(
          view,
          'approval_decided',
          `approval_edited:${reply.id}:${reply.version}`,
          { key: 'notify.approvalDecided.editedTitle', params: { client } },
          { key: 'notify.approvalDecided.editedBody', params: { approver: reply.authorName } },
        ),
      );
    }
    if (reply.authorId !== user.id) continue;
    // Decisions by the user on their own reply cannot exist; skipping them keeps own actions quiet.
    const others = reply.decisions.filter((decision) => decision.approverId !== user.id);
    for (const decision of others) {
      if (decision.decision !== 'rejected') continue;
      const reason = decision.reason === null || decision.reason.trim() === '' ? null : truncate(decision.reason);
      found.push(
        itemFinding(
          view,
          'approval_decided',
          `approval_decided:${decision.id}`,
          { key: 'notify.approvalDecided.rejectedTitle', params: { client } },
          reason === null
            ? { key: 'notify.approvalDecided.rejectedBodyNoReason', params: { approver: decision.approverName } }
            : { key: 'notify.approvalDecided.rejectedBody', params: { approver: decision.approverName, reason } },
        ),
      );
    }
    // A step's approval is not news to the author until the whole chain is: then they can send.
    if (reply.status !== 'approved') continue;
    const last = others
      .filter((decision) => decision.decision === 'approved')
      .reduce<NotifyDecisionView | null>((latest, d) => (latest === null || d.at >= latest.at ? d : latest), null);
    if (last === null) continue;
    found.push(
      itemFinding(
        view,
        'approval_decided',
        `approval_decided:${last.id}`,
        { key: 'notify.approvalDecided.approvedTitle', params: { client } },
        { key: 'notify.approvalDecided.approvedBody', params: { approver: last.approverName } },
      ),
    );
  }
  return found;
}

/**
 * Every reason `view` gives to notify now, most important first. `arrival` is true when the item
 * appears for the first time, untouched: only then are a DM or a review "new".
 */
export function findings(view: NotifyItemView, user: NotifyUser, now: number, arrival: boolean): Finding[] {
  const found: Finding[] = [];
  const client = view.clientName;
  const author = view.authorName;
  const work = needsWork(view, user);
  if (work && view.flags.adverseEvent) {
    found.push(
      itemFinding(
        view,
        'adverse_event',
        `adverse_event:${view.id}`,
        { key: 'notify.adverseEvent.title', params: { client } },
        { key: 'notify.adverseEvent.body', params: { author, kind: kindText(view) } },
      ),
    );
  }
  found.push(...approvalFindings(view, user));
  if (work && arrival && !view.flags.spam) {
    if (view.kind === 'dm' && (view.sentiment <= NEGATIVE_SENTIMENT_MAX || view.flags.sensitive)) {
      found.push(
        itemFinding(
          view,
          'urgent_dm',
          `urgent_dm:${view.id}`,
          { key: 'notify.urgentDm.title', params: { client } },
          { key: 'notify.urgentDm.body', params: { author } },
        ),
      );
    }
    if (view.kind === 'review' && view.rating !== null && view.rating <= NEGATIVE_RATING_MAX) {
      const rating = view.rating;
      found.push(
        itemFinding(
          view,
          'negative_review',
          `negative_review:${view.id}`,
          { key: 'notify.negativeReview.title', params: { client, rating } },
          { key: 'notify.negativeReview.body', params: { author, rating } },
        ),
      );
    }
  }
  const sla = slaFinding(view, user, now);
  if (sla) found.push(sla);
  return found;
}
