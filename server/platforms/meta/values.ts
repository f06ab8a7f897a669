/** Small readers for Meta's loosely typed values: ids that are numbers or strings, times in s, ms or ISO. */
import { isSafeNumber, parse } from 'lossless-json';
import { z } from 'zod';

/**
 * JSON → value, keeping integers beyond 2^53 as their digits: Meta sends some ids as JSON numbers
 * (`sender_id`, `entry.id` in Messenger), and `JSON.parse` would silently round a 17-digit id.
 */
export function parseJsonLossless(text: string): unknown {
  return parse(text, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits));
}

export const metaId = z.union([
  z.string().min(1).max(200),
  z
    .number()
    .int()
    .nonnegative()
    .transform((value) => String(value)),
]);

/** Unix seconds, unix milliseconds or an ISO 8601 string → ISO 8601; anything else → undefined. */
export function metaTime(value: unknown): string | undefined {
  let ms: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) ms = value > 1e12 ? value : value * 1000;
  else if (typeof value === 'string' && /^\d+$/.test(value)) ms = metaNumber(value);
  else if (typeof value === 'string') {
    // Graph writes `2026-03-01T10:00:00+0000`, which Date does not read without the colon.
    const parsed = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    ms = Number.isNaN(parsed) ? undefined : parsed;
  }
  if (ms === undefined || ms > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

function metaNumber(digits: string): number | undefined {
  const seconds = Number(digits);
  if (!Number.isSafeInteger(seconds) || seconds <= 0) return undefined;
  return seconds > 1e12 ? seconds : seconds * 1000;
}

/** A short stable string for a version: the time as given, or a fallback. */
export function versionPart(value: unknown, fallback: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value !== '' && value.length <= 64) return value;
  return fallback;
}
