import { describe, expect, it } from 'vitest';
import { classifyGraphError, DEFAULT_BLOCK_MS, DEFAULT_RATE_LIMIT_MS, MINUTE_MS, usageSlowDownUntil } from './errors';
import { fixture } from './fixtures';

const now = Date.UTC(2026, 11, 8, 1, 0, 0);
const noHeaders = () => null;
const graphError = (code: number, subcode?: number) => ({
  error: {
    message: 'ignored on purpose',
    type: 'OAuthException',
    code,
    ...(subcode === undefined ? {} : { error_subcode: subcode }),
  },
});

describe('Graph error envelope → class', () => {
  it('asks for a reconnect on 190, whatever the subcode or the message says', () => {
    expect(classifyGraphError(400, fixture('graph-error-190-460').payload, noHeaders, now)).toEqual({
      kind: 'reconnect_needed',
      code: 'meta:190/460',
    });
    for (const subcode of [458, 459, 463, 464, 467, 492]) {
      expect(classifyGraphError(400, graphError(190, subcode), noHeaders, now).kind).toBe('reconnect_needed');
    }
  });

  it('treats a missing permission (10, 200–299) as reconnect, but 10/2018278 (outside the window) as refused', () => {
    expect(classifyGraphError(403, graphError(10), noHeaders, now).kind).toBe('reconnect_needed');
    expect(classifyGraphError(403, graphError(200), noHeaders, now).kind).toBe('reconnect_needed');
    expect(classifyGraphError(403, graphError(299), noHeaders, now).kind).toBe('reconnect_needed');
    expect(classifyGraphError(400, graphError(10, 2018278), noHeaders, now)).toEqual({
      kind: 'refused',
      code: 'meta:10/2018278',
    });
  });

  it('rate-limits on every throttling code, until the time Meta estimates or a default', () => {
    for (const code of [4, 17, 32, 341, 613, 80000, 80001, 80002, 80006, 80014]) {
      expect(classifyGraphError(400, graphError(code), noHeaders, now)).toEqual({
        kind: 'rate_limited',
        code: `meta:${code}`,
        until: now + DEFAULT_RATE_LIMIT_MS,
      });
    }
    const buc = JSON.stringify({
      '104857600000001': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 12 }],
    });
    const header = (name: string) => (name === 'x-business-use-case-usage' ? buc : null);
    expect(classifyGraphError(400, graphError(80001), header, now)).toMatchObject({ until: now + 12 * MINUTE_MS });
  });

  it('blocks on 368, finds deleted objects gone (100/33), retries 1, 2 and transient errors', () => {
    expect(classifyGraphError(400, graphError(368, 1390008), noHeaders, now)).toEqual({
      kind: 'blocked',
      code: 'meta:368/1390008',
      until: now + DEFAULT_BLOCK_MS,
    });
    expect(classifyGraphError(400, graphError(100, 33), noHeaders, now).kind).toBe('gone');
    expect(classifyGraphError(500, graphError(1), noHeaders, now).kind).toBe('retry');
    expect(classifyGraphError(500, graphError(2), noHeaders, now).kind).toBe('retry');
    expect(classifyGraphError(400, { error: { code: 9999, is_transient: true } }, noHeaders, now).kind).toBe('retry');
  });

  it('refuses what will not work on a second try: 551, 506, a bad parameter, an unknown code', () => {
    for (const code of [551, 506, 100, 3, 2500])
      expect(classifyGraphError(400, graphError(code), noHeaders, now).kind).toBe('refused');
    expect(classifyGraphError(400, fixture('graph-error-ig-login').payload, noHeaders, now)).toEqual({
      kind: 'refused',
      code: 'meta:2500',
    });
  });

  it('falls back on the HTTP status when there is no envelope', () => {
    expect(classifyGraphError(503, undefined, noHeaders, now)).toEqual({ kind: 'retry', code: 'http:503' });
    expect(classifyGraphError(429, 'Too Many Requests', noHeaders, now)).toEqual({
      kind: 'rate_limited',
      code: 'http:429',
      until: now + DEFAULT_RATE_LIMIT_MS,
    });
    expect(classifyGraphError(401, undefined, noHeaders, now).kind).toBe('reconnect_needed');
    expect(classifyGraphError(404, undefined, noHeaders, now).kind).toBe('gone');
    expect(classifyGraphError(400, undefined, noHeaders, now).kind).toBe('refused');
  });
});

describe('usage headers → slow down', () => {
  const headers = (values: Record<string, string>) => (name: string) => values[name] ?? null;

  it('says nothing while usage is low', () => {
    expect(
      usageSlowDownUntil(headers({ 'x-app-usage': '{"call_count":12,"total_cputime":3,"total_time":8}' }), now),
    ).toBeUndefined();
    expect(usageSlowDownUntil(noHeaders, now)).toBeUndefined();
  });

  it('slows down above 90 % of any metric, and waits out an estimated time to regain access', () => {
    expect(
      usageSlowDownUntil(headers({ 'x-app-usage': '{"call_count":91,"total_cputime":3,"total_time":8}' }), now),
    ).toBe(now + MINUTE_MS);
    const buc =
      '{"1":[{"type":"pages","call_count":40,"estimated_time_to_regain_access":0}],"2":[{"type":"messenger","total_time":100,"estimated_time_to_regain_access":30}]}';
    expect(usageSlowDownUntil(headers({ 'x-business-use-case-usage': buc }), now)).toBe(now + 30 * MINUTE_MS);
  });

  it('ignores headers it cannot read', () => {
    expect(
      usageSlowDownUntil(headers({ 'x-app-usage': 'not json', 'x-business-use-case-usage': '[1,2]' }), now),
    ).toBeUndefined();
  });
});
