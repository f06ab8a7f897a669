import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemStatuses } from './entities';
import type { ItemStatus } from './entities';
import { PLATFORM_HIDDEN, PLATFORM_REMOVED, platformItemChange } from './lifecycle';
import type { PlatformSignal } from './lifecycle';
import { T0, makeItem } from './testing';

const signals: readonly PlatformSignal[] = ['answered_by_own', 'hidden', 'unhidden', 'removed'];
const apply = (status: ItemStatus, list: readonly PlatformSignal[]) =>
  list.reduce((item, signal) => platformItemChange(item, signal, T0 + 1), makeItem({ status, closedReason: null }));

describe('platformItemChange (what the platform did, reported to the item)', () => {
  it('our own reply answers a new or open item; hidden and removed close an untouched one', () => {
    expect(apply('new', ['answered_by_own']).status).toBe('answered');
    expect(apply('open', ['answered_by_own']).status).toBe('answered');
    expect(apply('new', ['hidden'])).toMatchObject({ status: 'moderated', closedReason: PLATFORM_HIDDEN });
    expect(apply('new', ['hidden', 'unhidden'])).toMatchObject({ status: 'new', closedReason: null });
    expect(apply('snoozed', ['removed'])).toMatchObject({ status: 'done', closedReason: PLATFORM_REMOVED });
  });

  it('never moves an item whose reply is in approval or approved, so no draft or reply is lost', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ItemStatus>('awaiting_approval', 'approved'),
        fc.array(fc.constantFrom(...signals)),
        (status, list) => {
          expect(apply(status, list).status).toBe(status);
        },
      ),
    );
  });

  it('leaves a moderator’s own decision (done, moderated with a policy reason) alone, except our reply', () => {
    const done = makeItem({ status: 'done', closedReason: 'Duplicato' });
    for (const signal of ['hidden', 'unhidden', 'removed'] as const) {
      expect(platformItemChange(done, signal, T0)).toBe(done);
    }
  });

  it('ends in the same item whatever the order of the signals (on an item only the platform moved)', () => {
    fc.assert(
      // Unhide is meaningful only after a hide: the pipeline orders hide/unhide itself by time.
      fc.property(fc.shuffledSubarray<PlatformSignal>(['answered_by_own', 'hidden', 'removed']), (shuffled) => {
        const one = apply(
          'new',
          signals.filter((signal) => shuffled.includes(signal)),
        );
        const two = apply('new', shuffled);
        expect({ status: two.status, closedReason: two.closedReason }).toEqual({
          status: one.status,
          closedReason: one.closedReason,
        });
      }),
    );
  });

  it('answers nothing but the statuses it knows', () => {
    for (const status of itemStatuses) {
      for (const signal of signals) {
        expect(itemStatuses).toContain(apply(status, [signal]).status);
      }
    }
  });
});
