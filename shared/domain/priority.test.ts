import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { interactionKinds } from './entities';
import type { InteractionFlags, InteractionKind } from './entities';
import { DEFAULT_SLA, dueAt, priorityScore } from './priority';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 15, 9);
const calm: InteractionFlags = { sensitive: false, adverseEvent: false, spam: false, profanity: false };

function input(overrides: Partial<Parameters<typeof priorityScore>[0]> = {}): Parameters<typeof priorityScore>[0] {
  return {
    kind: 'comment',
    sentiment: 0,
    rating: null,
    flags: calm,
    createdAt: T0,
    dueAt: T0 + 240 * MINUTE,
    ...overrides,
  };
}

const kind = fc.constantFrom(...interactionKinds);
const flags = fc.record({
  sensitive: fc.boolean(),
  adverseEvent: fc.boolean(),
  spam: fc.boolean(),
  profanity: fc.boolean(),
});
const anyInput = fc.record({
  kind,
  sentiment: fc.double({ min: -1, max: 1, noNaN: true }),
  rating: fc.option(fc.integer({ min: 1, max: 5 })),
  flags,
  createdAt: fc.constant(T0),
  dueAt: fc.integer({ min: T0 + MINUTE, max: T0 + 7 * 24 * 60 * MINUTE }),
});
const offset = fc.integer({ min: -60 * MINUTE, max: 14 * 24 * 60 * MINUTE });

describe('dueAt and DEFAULT_SLA', () => {
  it('adds the SLA minutes of the kind', () => {
    expect(dueAt(T0, 'dm', DEFAULT_SLA)).toBe(T0 + 60 * MINUTE);
    expect(dueAt(T0, 'review', { ...DEFAULT_SLA, review: 30 })).toBe(T0 + 30 * MINUTE);
  });

  it('covers every kind with a positive whole number of minutes; DMs are due first', () => {
    for (const k of interactionKinds) {
      expect(Number.isInteger(DEFAULT_SLA[k]) && DEFAULT_SLA[k] > 0).toBe(true);
      expect(DEFAULT_SLA.dm).toBeLessThanOrEqual(DEFAULT_SLA[k]);
    }
  });
});

describe('priorityScore', () => {
  it('is an integer from 0 to 100 (property)', () => {
    fc.assert(
      fc.property(anyInput, offset, (i, delta) => {
        const score = priorityScore(i, T0 + delta);
        expect(Number.isInteger(score)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('never falls as time passes, and is maxed for its kind once overdue (property)', () => {
    fc.assert(
      fc.property(anyInput, offset, offset, (i, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(priorityScore(i, T0 + late)).toBeGreaterThanOrEqual(priorityScore(i, T0 + early));
        expect(priorityScore(i, i.dueAt + 1)).toBe(priorityScore(i, i.dueAt + 10 * 24 * 60 * MINUTE));
        expect(priorityScore(i, i.dueAt)).toBeGreaterThanOrEqual(priorityScore(i, T0 + early));
      }),
    );
  });

  it('rises as the due time approaches', () => {
    const i = input();
    const scores = [0, 60, 120, 180, 240].map((m) => priorityScore(i, T0 + m * MINUTE));
    expect(scores[4]).toBeGreaterThan(scores[0] ?? 0);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  });

  it('never falls as sentiment gets more negative (property)', () => {
    fc.assert(
      fc.property(anyInput, fc.double({ min: -1, max: 1, noNaN: true }), offset, (i, other, delta) => {
        const [worse, better] = i.sentiment <= other ? [i.sentiment, other] : [other, i.sentiment];
        const now = T0 + delta;
        expect(priorityScore({ ...i, sentiment: worse }, now)).toBeGreaterThanOrEqual(
          priorityScore({ ...i, sentiment: better }, now),
        );
      }),
    );
  });

  it('ranks worse reviews higher', () => {
    const scores = [1, 2, 3, 4, 5].map((rating) => priorityScore(input({ kind: 'review', rating }), T0));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores[0]).toBeGreaterThan(scores[4] ?? 100);
  });

  it('ranks DMs and negative reviews above comments, and follows and likes lowest', () => {
    const at = (k: InteractionKind, extra: Partial<Parameters<typeof priorityScore>[0]> = {}) =>
      priorityScore(input({ kind: k, ...extra }), T0);
    expect(at('dm')).toBeGreaterThan(at('comment'));
    expect(at('review', { rating: 1, sentiment: -0.8 })).toBeGreaterThan(at('comment'));
    expect(at('comment')).toBeGreaterThan(at('share'));
    expect(at('share')).toBeGreaterThan(at('follow'));
    expect(at('mention')).toBeGreaterThan(at('like_summary'));
  });

  it('puts a possible adverse event above anything else, even spam (property)', () => {
    fc.assert(
      fc.property(anyInput, anyInput, offset, offset, (a, b, da, db) => {
        const adverse = { ...a, flags: { ...a.flags, adverseEvent: true } };
        const other = { ...b, flags: { ...b.flags, adverseEvent: false } };
        expect(priorityScore(adverse, T0 + da)).toBeGreaterThan(priorityScore(other, T0 + db));
        expect(priorityScore(adverse, T0 + da)).toBeGreaterThanOrEqual(90);
      }),
    );
  });

  it('puts spam below anything that is not spam (property)', () => {
    fc.assert(
      fc.property(anyInput, anyInput, offset, offset, (a, b, da, db) => {
        const spam = { ...a, flags: { ...a.flags, spam: true, adverseEvent: false } };
        const other = { ...b, flags: { ...b.flags, spam: false, adverseEvent: false } };
        expect(priorityScore(spam, T0 + da)).toBeLessThan(priorityScore(other, T0 + db));
      }),
    );
  });

  it('raises sensitive and profane interactions', () => {
    expect(priorityScore(input({ flags: { ...calm, sensitive: true } }), T0)).toBeGreaterThan(
      priorityScore(input(), T0),
    );
    expect(priorityScore(input({ flags: { ...calm, profanity: true } }), T0)).toBeGreaterThan(
      priorityScore(input(), T0),
    );
  });

  it('copes with a due time at or before arrival', () => {
    expect(priorityScore(input({ dueAt: T0 }), T0)).toBe(priorityScore(input(), T0 + 240 * MINUTE));
    expect(priorityScore(input({ dueAt: T0 - MINUTE }), T0 - 2 * MINUTE)).toBe(priorityScore(input(), T0));
  });
});
