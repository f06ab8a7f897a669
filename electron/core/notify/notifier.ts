/**
 * The notifier: a small stateful policy object, with no I/O and no timers of its own. It keeps
 * the live items it was told about (the previous state of each) and the keys of what it already
 * announced, and answers each update and each clock tick with the badge count and the
 * notifications to show.
 */
import type { Id, Role } from '../../../shared/domain/entities';
import { createCoalescer, defaultRateLimits, type Candidate, type RateLimits } from './coalesce';
import { findings, isLive, needsAttention, slaFinding, type Finding } from './rules';
import {
  defaultNotifyPrefs,
  type ItemChanges,
  type NotifierOutput,
  type NotifyItemView,
  type NotifyPrefs,
  type NotifyUser,
} from './types';

/**
 * Announced keys are kept for the whole session so nothing is announced twice; past this many
 * the oldest are forgotten, which bounds memory on a huge backlog (an item announced that long
 * ago is not coming back through the same reason in practice).
 */
export const MAX_REMEMBERED_KEYS = 50_000;

export interface NotifierOptions {
  /** The clock for `update`; `tick` is given its time. */
  readonly now: () => number;
  readonly userId: Id;
  readonly role: Role;
  readonly prefs?: NotifyPrefs;
  readonly limits?: RateLimits;
}

export interface Notifier {
  /** The items present at start: they become the known state, silently (the badge counts them). */
  seed(items: readonly NotifyItemView[]): NotifierOutput;
  /** Items that changed since the last call. */
  update(changes: ItemChanges): NotifierOutput;
  /** The full set of live items after a replica reset: whatever is missing is removed. */
  reconcile(items: readonly NotifyItemView[]): NotifierOutput;
  /** The clock moved: due times may now be at risk. Call it every minute or so. */
  tick(now: number): NotifierOutput;
  setPrefs(prefs: NotifyPrefs): void;
  badge(): number;
}

export function createNotifier(options: NotifierOptions): Notifier {
  const user: NotifyUser = { id: options.userId, role: options.role };
  let prefs = options.prefs ?? defaultNotifyPrefs;
  const views = new Map<Id, NotifyItemView>();
  const announced = new Set<string>();
  const coalescer = createCoalescer(options.limits ?? defaultRateLimits);

  function remember(key: string): void {
    announced.add(key);
    if (announced.size > MAX_REMEMBERED_KEYS) {
      const oldest = announced.values().next();
      if (!oldest.done) announced.delete(oldest.value);
    }
  }

  function allowed(finding: Finding): boolean {
    if (finding.reason === 'adverse_event') return true;
    return !prefs.quiet && prefs.enabled[finding.reason];
  }

  /**
   * Records the item's unannounced findings and returns what to show for it, if anything. A
   * suppressed reason (quiet mode, turned off, own action) counts as announced too, so turning
   * quiet mode off later does not replay a backlog of stale toasts.
   */
  function candidateFor(found: readonly Finding[], silent: boolean): Candidate | null {
    const fresh: Finding[] = [];
    for (const finding of found) {
      // Checked one by one: the same key may come twice from one view (a repeated decision row).
      if (announced.has(finding.key)) continue;
      remember(finding.key);
      fresh.push(finding);
    }
    if (silent) return null;
    const shown = fresh.filter(allowed);
    const [first] = shown;
    // One toast per item per update, for its most important reason; it announces them all.
    return first === undefined ? null : { finding: first, announces: shown.map((finding) => finding.key) };
  }

  function store(view: NotifyItemView): void {
    if (isLive(view)) views.set(view.id, view);
    else views.delete(view.id);
  }

  function badge(): number {
    let count = 0;
    for (const view of views.values()) if (needsAttention(view, user)) count += 1;
    return count;
  }

  function output(candidates: readonly Candidate[], now: number): NotifierOutput {
    return { badge: badge(), notifications: candidates.length ? coalescer.emit(candidates, now) : [] };
  }

  function update(changes: ItemChanges): NotifierOutput {
    const now = options.now();
    for (const id of changes.removed ?? []) views.delete(id);
    const candidates: Candidate[] = [];
    for (const view of changes.items) {
      // "New" means first seen and untouched: an item reopened or reassigned is not news.
      const arrival = !views.has(view.id) && view.status === 'new';
      store(view);
      const candidate = candidateFor(findings(view, user, now, arrival), changes.byUser === true);
      if (candidate) candidates.push(candidate);
    }
    return output(candidates, now);
  }

  return {
    seed(items) {
      const now = options.now();
      for (const view of items) {
        store(view);
        // At start the user is looking at the app: only due times are worth a first warning.
        const known = findings(view, user, now, false).filter((finding) => finding.reason !== 'sla_at_risk');
        candidateFor(known, true);
      }
      return { badge: badge(), notifications: [] };
    },
    update,
    reconcile(items) {
      const present = new Set(items.map((view) => view.id));
      const removed = [...views.keys()].filter((id) => !present.has(id));
      return update({ items, removed });
    },
    tick(now) {
      const candidates: Candidate[] = [];
      for (const view of views.values()) {
        const sla = slaFinding(view, user, now);
        const candidate = sla ? candidateFor([sla], false) : null;
        if (candidate) candidates.push(candidate);
      }
      return output(candidates, now);
    },
    setPrefs(next) {
      prefs = next;
    },
    badge,
  };
}
