/**
 * The Graph API's answers → the connector's failure classes (docs/platforms.md), by code and
 * subcode — never by message text (a 190 whose message talks about permissions is still a 190) —
 * and its usage headers → a "slow down until" hint.
 */
import { z } from 'zod';
import type { ConnectorFailure } from '../connector';

export const MINUTE_MS = 60_000;
/** Our choices where Meta gives no time: how long to stay away after a throttle or a policy block. */
export const DEFAULT_RATE_LIMIT_MS = 5 * MINUTE_MS;
export const DEFAULT_BLOCK_MS = 24 * 60 * MINUTE_MS;
/** Above this share of any usage metric (percent) we slow down before Meta throttles us. */
export const SLOW_DOWN_PERCENT = 90;
export const SLOW_DOWN_MS = MINUTE_MS;

/**
 * Throttling codes: 4 app, 17 user, 32 Page, 341 app limit, 613 custom, 80000–80014 Business Use
 * Case limits (80001 Pages, 80002 Instagram, 80006 Messenger, …).
 */
export function isRateLimitCode(code: number): boolean {
  return code === 4 || code === 17 || code === 32 || code === 341 || code === 613 || (code >= 80000 && code <= 80014);
}

const errorEnvelope = z.object({
  error: z.object({
    code: z.number().int(),
    error_subcode: z.number().int().optional().catch(undefined),
    is_transient: z.boolean().optional().catch(undefined),
    type: z.string().max(200).optional().catch(undefined),
  }),
});

export type HeaderGetter = (name: string) => string | null | undefined;

const usageNumbers = z.object({
  call_count: z.number().optional().catch(undefined),
  total_cputime: z.number().optional().catch(undefined),
  total_time: z.number().optional().catch(undefined),
  estimated_time_to_regain_access: z.number().optional().catch(undefined),
});
const businessUsage = z.record(z.string(), z.array(usageNumbers));

function readJson(value: string | null | undefined): unknown {
  if (!value || value.length > 20_000) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * `X-App-Usage`, `X-Page-Usage` (`{call_count, total_cputime, total_time}` in percent) and
 * `X-Business-Use-Case-Usage` (`{<id>: [{type, call_count, …, estimated_time_to_regain_access}]}`,
 * minutes) → the time before which this account should not be called again, if any.
 */
export function usageSlowDownUntil(header: HeaderGetter, now: number): number | undefined {
  const rows: z.infer<typeof usageNumbers>[] = [];
  for (const name of ['x-app-usage', 'x-page-usage', 'x-ad-account-usage']) {
    const parsed = usageNumbers.safeParse(readJson(header(name)));
    if (parsed.success) rows.push(parsed.data);
  }
  const buc = businessUsage.safeParse(readJson(header('x-business-use-case-usage')));
  if (buc.success) for (const list of Object.values(buc.data)) rows.push(...list);
  let until: number | undefined;
  for (const row of rows) {
    const regain = row.estimated_time_to_regain_access ?? 0;
    const peak = Math.max(row.call_count ?? 0, row.total_cputime ?? 0, row.total_time ?? 0);
    const candidate =
      regain > 0 ? now + regain * MINUTE_MS : peak >= SLOW_DOWN_PERCENT ? now + SLOW_DOWN_MS : undefined;
    if (candidate !== undefined && (until === undefined || candidate > until)) until = candidate;
  }
  return until;
}

function byStatus(status: number, now: number, hint: number | undefined): ConnectorFailure {
  const code = `http:${status}`;
  if (status === 429) return { kind: 'rate_limited', code, until: hint ?? now + DEFAULT_RATE_LIMIT_MS };
  if (status === 401) return { kind: 'reconnect_needed', code };
  if (status === 404 || status === 410) return { kind: 'gone', code };
  if (status >= 500 || status === 408) return { kind: 'retry', code };
  return { kind: 'refused', code };
}

/** A failed Graph call (status, parsed body, headers) → its class. */
export function classifyGraphError(status: number, body: unknown, header: HeaderGetter, now: number): ConnectorFailure {
  const hint = usageSlowDownUntil(header, now);
  const parsed = errorEnvelope.safeParse(body);
  if (!parsed.success) return byStatus(status, now, hint);
  const { code, error_subcode: subcode, is_transient: transient } = parsed.data.error;
  const label = subcode === undefined ? `meta:${code}` : `meta:${code}/${subcode}`;
  if (isRateLimitCode(code)) return { kind: 'rate_limited', code: label, until: hint ?? now + DEFAULT_RATE_LIMIT_MS };
  // 190: invalid or expired token (subcodes 458 app removed, 459 checkpoint, 460 password
  // changed, 463 expired, 464 unconfirmed, 467 invalid, 492 session); 102: session.
  if (code === 190 || code === 102) return { kind: 'reconnect_needed', code: label };
  if (code === 368) return { kind: 'blocked', code: label, until: hint ?? now + DEFAULT_BLOCK_MS };
  // 10/2018278: a message outside the allowed window — the request, not the token, is wrong.
  if (code === 10 && subcode === 2018278) return { kind: 'refused', code: label };
  // 10 and 200–299: a permission is missing or was withdrawn: only a reconnect restores it.
  if (code === 10 || (code >= 200 && code <= 299)) return { kind: 'reconnect_needed', code: label };
  // 100/33: the object does not exist (deleted, or never visible to this token).
  if (code === 100 && subcode === 33) return { kind: 'gone', code: label };
  if (code === 1 || code === 2 || transient === true) return { kind: 'retry', code: label };
  if (status >= 500) return { kind: 'retry', code: label };
  // 551 person unavailable, 506 duplicate post, 100 bad parameter, 3 capability, …
  return { kind: 'refused', code: label };
}
