import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractErrorCodes, fail, ok } from './errors';
import { resultOfText, resultText } from './resultText';

describe('a Result as JSON text', () => {
  it('carries every JSON value and every contract error there and back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = ok(value);
        expect(resultOfText(resultText(result))).toEqual(JSON.parse(JSON.stringify(result)));
      }),
    );
    for (const code of contractErrorCodes) {
      expect(resultOfText(resultText(fail(code, 'why')))).toEqual(fail(code, 'why'));
    }
  });

  it('reads malformed text as an internal error Result, never a throw', () => {
    for (const text of ['{"ok":true,"value":[1,2', '', 'null', '[]', '{"ok":true}', '{"ok":"yes","value":1}']) {
      expect(resultOfText(text)).toMatchObject({ ok: false, error: { code: 'internal', message: /malformed/ } });
    }
    expect(resultOfText('{"ok":false,"error":{"code":"exploded","message":"x"}}')).toMatchObject({
      error: { code: 'internal' },
    });
    expect(resultOfText({ ok: true, value: 1 })).toMatchObject({ error: { code: 'internal' } });
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = resultOfText(text);
        expect(result.ok || contractErrorCodes.includes(result.error.code)).toBe(true);
      }),
    );
  });

  it('a value JSON cannot carry becomes an internal error, not a throw in the core', () => {
    expect(resultOfText(resultText(ok({ count: 1n })))).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
