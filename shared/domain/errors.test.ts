import { describe, expect, it } from 'vitest';
import { domainErrorCode, domainErrorCodes, fail, ok, passed } from './errors';

describe('domain errors', () => {
  it('has a closed set of distinct codes', () => {
    expect(new Set(domainErrorCodes).size).toBe(domainErrorCodes.length);
    expect(domainErrorCode.safeParse('needs_approval').success).toBe(true);
    expect(domainErrorCode.safeParse('something_else').success).toBe(false);
  });

  it('builds results as plain values', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail('self_approval', 'nope')).toEqual({ ok: false, error: { code: 'self_approval', message: 'nope' } });
    expect(passed).toEqual({ ok: true, value: true });
    // Results cross process boundaries (IPC, HTTP): they must survive JSON.
    expect(JSON.parse(JSON.stringify(fail('empty_reply', 'x')))).toEqual(fail('empty_reply', 'x'));
  });
});
