import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, parseRetryAfter, retryDelay } from './backoff';

describe('retry delays', () => {
  it('double with each failure, jittered within the upper half, capped', () => {
    expect(retryDelay(1, () => 0)).toBe(250);
    expect(retryDelay(1, () => 1)).toBe(500);
    expect(retryDelay(2, () => 1)).toBe(1000);
    expect(retryDelay(5, () => 1)).toBe(8000);
    expect(retryDelay(40, () => 1)).toBe(DEFAULT_BACKOFF.maxMs);
  });

  it("are never sooner than the server's Retry-After", () => {
    expect(retryDelay(1, () => 0.5, 30_000)).toBe(30_000);
    expect(retryDelay(12, () => 1, 1_000)).toBe(DEFAULT_BACKOFF.maxMs);
  });

  it('stay within bounds for any failure count and random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), (failures, r) => {
        const delay = retryDelay(failures, () => r);
        return delay >= DEFAULT_BACKOFF.baseMs / 2 && delay <= DEFAULT_BACKOFF.maxMs;
      }),
    );
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates; ignores what it cannot read', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(new Date(now + 5_000).toUTCString(), now)).toBe(5_000);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
