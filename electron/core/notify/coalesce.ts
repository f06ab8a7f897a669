/**
 * Turns the findings of one update into what is actually shown. A sync that brings 12 items at
 * once must not stack 12 toasts: beyond a small budget per minute, findings fold into one
 * summary per group, and a later burst within the window updates that summary in place (same
 * tag, no second sound) instead of adding another. Adverse events are never folded or held back.
 */
import type { Finding } from './rules';
import type { Notification, NotifyReason, NotifyTarget, SummaryGroup } from './types';

export interface RateLimits {
  /** The sliding window the budget applies to. */
  readonly windowMs: number;
  /** Toasts (single or summary) allowed per window before findings are folded. */
  readonly maxToasts: number;
}

export const defaultRateLimits: RateLimits = { windowMs: 60_000, maxToasts: 3 };

/** One item's findings in this update: the first is shown, all are announced by it. */
export interface Candidate {
  readonly finding: Finding;
  readonly announces: readonly string[];
}

const GROUP_OF: Record<NotifyReason, SummaryGroup> = {
  // Listed for completeness: adverse events never reach the folding step.
  adverse_event: 'incoming',
  urgent_dm: 'incoming',
  negative_review: 'incoming',
  sla_at_risk: 'sla',
  approval_requested: 'approvals',
  approval_decided: 'decisions',
};
const GROUP_ORDER: readonly SummaryGroup[] = ['decisions', 'approvals', 'incoming', 'sla'];
const GROUP_TARGET: Record<SummaryGroup, NotifyTarget> = {
  incoming: { type: 'view', view: 'queue' },
  sla: { type: 'view', view: 'queue' },
  approvals: { type: 'view', view: 'approvals' },
  decisions: { type: 'view', view: 'queue' },
};

function single(candidate: Candidate): Notification {
  const { finding } = candidate;
  return {
    kind: finding.reason,
    title: finding.title,
    body: finding.body,
    target: finding.target,
    silent: false,
    replaces: null,
    announces: candidate.announces,
  };
}

export interface Coalescer {
  emit(candidates: readonly Candidate[], now: number): Notification[];
}

export function createCoalescer(limits: RateLimits = defaultRateLimits): Coalescer {
  let shownAt: number[] = [];
  const openSummaries = new Map<SummaryGroup, { count: number; at: number }>();
  const inWindow = (at: number, now: number) => now - at < limits.windowMs && at <= now;

  /** The group's summary shown within the window, which a new one replaces on screen. */
  function openSummary(group: SummaryGroup, now: number): { count: number; at: number } | null {
    const open = openSummaries.get(group);
    return open !== undefined && inWindow(open.at, now) ? open : null;
  }

  function summary(group: SummaryGroup, members: readonly Candidate[], now: number): Notification {
    const open = openSummary(group, now);
    // The replacement must keep counting what the replaced one already said.
    const count = (open?.count ?? 0) + members.length;
    openSummaries.set(group, { count, at: now });
    return {
      kind: 'summary',
      title: { key: `notify.summary.${group}.title`, params: { count } },
      body: { key: `notify.summary.${group}.body`, params: { count } },
      target: GROUP_TARGET[group],
      silent: open !== null,
      replaces: `summary:${group}`,
      announces: members.flatMap((member) => member.announces),
    };
  }

  return {
    emit(candidates, now) {
      shownAt = shownAt.filter((at) => inWindow(at, now));
      const shown: Notification[] = [];
      const rest: Candidate[] = [];
      for (const candidate of candidates) {
        if (candidate.finding.reason === 'adverse_event') shown.push(single(candidate));
        else rest.push(candidate);
      }
      const groups = new Map<SummaryGroup, Candidate[]>();
      for (const candidate of rest) {
        const group = GROUP_OF[candidate.finding.reason];
        const members = groups.get(group);
        if (members) members.push(candidate);
        else groups.set(group, [candidate]);
      }
      const isOpen = (group: SummaryGroup) => openSummary(group, now) !== null;
      // A summary still on screen takes in its group's latecomers rather than letting them stack.
      let loose = 0;
      for (const [group, members] of groups) if (!isOpen(group)) loose += members.length;
      let budget = limits.maxToasts - shownAt.length - shown.length;
      const fits = loose <= budget;
      for (const group of GROUP_ORDER) {
        const members = groups.get(group);
        if (members === undefined) continue;
        if (isOpen(group)) {
          shown.push(summary(group, members, now));
        } else if (fits || (members.length === 1 && budget > 0)) {
          shown.push(...members.map(single));
          budget -= members.length;
        } else {
          shown.push(summary(group, members, now));
        }
      }
      for (let i = 0; i < shown.length; i += 1) shownAt.push(now);
      return shown;
    },
  };
}
