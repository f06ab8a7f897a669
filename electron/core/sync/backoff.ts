/**
 * When to try again after a failed sync (docs/sync.md): exponential with full jitter, capped, and
 * never sooner than the server's Retry-After. Pure: the random source is passed in.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 60_000 };

/**
 * The delay before attempt `failures + 1` (failures ≥ 1): a random point in
 * [ceiling / 2, ceiling] where ceiling = min(max, base · 2^(failures − 1)), so a crowd of
 * desktops that lost the server together does not come back together; at least `retryAfterMs`.
 */
export function retryDelay(
  failures: number,
  random: () => number,
  retryAfterMs: number | null = null,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** `Retry-After` as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
