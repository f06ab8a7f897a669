import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemStatuses, replyStatuses, type Role } from '../../../shared/domain/entities';
import { createNotifier } from './notifier';
import { ME, MINUTE, OTHER, T0, manualClock } from './testing';
import {
  defaultNotifyPrefs,
  type Notification,
  type NotifyItemView,
  type NotifyPrefs,
  type NotifyText,
  type NotifyTextParam,
} from './types';

const itemIds = ['i-0', 'i-1', 'i-2', 'i-3'] as const;
const people = [ME, OTHER] as const;
const names = ['Giulia Bianchi', 'Marco Verdi', 'Dr. Anna Neri', 'Cardio Pharma', 'Rossi Auto'] as const;
const reasons = ['Cita il dosaggio', null] as const;

const decisionArb = fc.record({
  id: fc.constantFrom('a-0', 'a-1', 'a-2', 'a-3'),
  approverId: fc.constantFrom(...people),
  approverName: fc.constantFrom(...names),
  decision: fc.constantFrom('approved' as const, 'rejected' as const),
  reason: fc.constantFrom(...reasons),
  at: fc.integer({ min: T0, max: T0 + 10 }),
});

const replyArb = fc.record({
  id: fc.constantFrom('r-0', 'r-1'),
  authorId: fc.constantFrom(...people),
  authorName: fc.constantFrom(...names),
  status: fc.constantFrom(...replyStatuses),
  version: fc.integer({ min: 1, max: 2 }),
  pendingStep: fc.constantFrom(null, 0, 1),
  pendingApproverIds: fc.subarray([...people]),
  decisions: fc.array(decisionArb, { maxLength: 2 }),
  awaitsConfirmationBy: fc.constantFrom(null, ...people),
});

const viewArb: fc.Arbitrary<NotifyItemView> = fc.record({
  id: fc.constantFrom(...itemIds),
  clientId: fc.constant('c-1'),
  clientName: fc.constantFrom('Cardio Pharma', 'Rossi Auto'),
  kind: fc.constantFrom('dm' as const, 'review' as const, 'comment' as const),
  rating: fc.option(fc.integer({ min: 1, max: 5 })),
  sentiment: fc.constantFrom(-1, -0.5, 0, 0.5),
  flags: fc.record({
    sensitive: fc.boolean(),
    adverseEvent: fc.boolean(),
    spam: fc.boolean(),
    profanity: fc.boolean(),
  }),
  status: fc.constantFrom(...itemStatuses),
  assigneeId: fc.constantFrom(null, ...people),
  dueAt: fc.integer({ min: -2, max: 8 }).map((k) => T0 + k * 5 * MINUTE),
  authorName: fc.constantFrom(...names),
  replies: fc.array(replyArb, { maxLength: 1 }),
});

const prefsArb: fc.Arbitrary<NotifyPrefs> = fc.record({
  quiet: fc.boolean(),
  enabled: fc.record({
    approval_decided: fc.boolean(),
    approval_requested: fc.boolean(),
    urgent_dm: fc.boolean(),
    negative_review: fc.boolean(),
    sla_at_risk: fc.boolean(),
  }),
});

type Op =
  | { type: 'update'; items: NotifyItemView[]; removed: string[]; byUser: boolean }
  | { type: 'reconcile'; items: NotifyItemView[] }
  | { type: 'tick'; advance: number }
  | { type: 'prefs'; prefs: NotifyPrefs };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('update' as const),
      items: fc.array(viewArb, { maxLength: 4 }),
      removed: fc.subarray([...itemIds], { maxLength: 1 }),
      byUser: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('reconcile' as const), items: fc.array(viewArb) }) },
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant('tick' as const), advance: fc.integer({ min: 0, max: 10 * MINUTE }) }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('prefs' as const), prefs: prefsArb }) },
);

/** The badge as docs/domain.md states it, recomputed from the last state of each item. */
function expectedBadge(state: Map<string, NotifyItemView>, role: Role): number {
  let count = 0;
  for (const view of state.values()) {
    // Closed items need nobody, whatever a stray reply row says.
    if (view.status === 'done' || view.status === 'answered' || view.status === 'moderated') continue;
    const work =
      role !== 'approver' &&
      (view.status === 'new' || view.status === 'open') &&
      (view.assigneeId === null || view.assigneeId === ME);
    const approval = view.replies.some(
      (r) =>
        r.status === 'awaiting_approval' &&
        r.pendingStep !== null &&
        r.authorId !== ME &&
        r.pendingApproverIds.includes(ME),
    );
    if (work || approval) count += 1;
  }
  return count;
}

/** Every text a notification may carry: names, client, numbers, kinds, the approver's reason. */
function assertNoPersonalText(text: NotifyText): void {
  expect(text.key.startsWith('notify.')).toBe(true);
  for (const value of Object.values(text.params ?? {}) as NotifyTextParam[]) {
    if (typeof value === 'object') assertNoPersonalText(value);
    else if (typeof value === 'string') expect([...names, ...reasons]).toContain(value);
  }
}

describe('notifier (properties)', () => {
  it('announces nothing twice, whatever the order of updates and ticks; the badge follows the items', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Role>('moderator', 'approver', 'admin'),
        fc.array(viewArb, { maxLength: 4 }),
        fc.array(opArb, { maxLength: 25 }),
        (role, seed, ops) => {
          const clock = manualClock();
          const notifier = createNotifier({ now: clock.now, userId: ME, role, prefs: defaultNotifyPrefs });
          const state = new Map<string, NotifyItemView>();
          const apply = (items: readonly NotifyItemView[]) => items.forEach((view) => state.set(view.id, view));
          const announced = new Set<string>();
          const record = (notifications: readonly Notification[]) => {
            for (const notification of notifications) {
              assertNoPersonalText(notification.title);
              assertNoPersonalText(notification.body);
              expect(notification.announces.length).toBeGreaterThan(0);
              for (const key of notification.announces) {
                expect(announced.has(key), key).toBe(false);
                announced.add(key);
              }
            }
          };

          apply(seed);
          expect(notifier.seed(seed).notifications).toEqual([]);
          for (const op of ops) {
            if (op.type === 'update') {
              op.removed.forEach((id) => state.delete(id));
              apply(op.items);
              const out = notifier.update(op);
              if (op.byUser) expect(out.notifications).toEqual([]);
              record(out.notifications);
              expect(out.badge).toBe(expectedBadge(state, role));
            } else if (op.type === 'reconcile') {
              state.clear();
              apply(op.items);
              const out = notifier.reconcile(op.items);
              record(out.notifications);
              expect(out.badge).toBe(expectedBadge(state, role));
            } else if (op.type === 'tick') {
              record(notifier.tick(clock.advance(op.advance)).notifications);
            } else {
              notifier.setPrefs(op.prefs);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
