import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { id, platformId, replicaId } from './entities';
import { findUnsafeText, isStorableText, textProblem } from './text';

/** The reference: UTF-8 round-trips a string unchanged exactly when it has no lone surrogate. */
const wellFormed = (text: string) => new TextDecoder().decode(new TextEncoder().encode(text)) === text;
const storable = (text: string) => !text.includes('\u0000') && wellFormed(text);

/** Strings of arbitrary UTF-16 code units: lone surrogates and NULs come up often. */
const codeUnits = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    fc.constantFrom('\u0000', '\ud83d', '\ude00', '😀', 'a'),
  ),
  maxLength: 30,
});

describe('textProblem', () => {
  it('finds a problem exactly when the text cannot be stored, and points at it', () => {
    fc.assert(
      fc.property(codeUnits, (text) => {
        const found = textProblem(text);
        expect(found === null).toBe(storable(text));
        expect(isStorableText(text)).toBe(storable(text));
        if (found === null) return;
        const unit = text.charCodeAt(found.index);
        if (found.problem === 'nul') expect(unit).toBe(0);
        else expect(unit >= 0xd800 && unit <= 0xdfff).toBe(true);
        // Everything before it is fine.
        expect(storable(text.slice(0, found.index))).toBe(true);
      }),
    );
  });

  it.each([
    ['Grazie 😀', null],
    ['Grazie 😀'.slice(0, -1), { problem: 'lone_surrogate', index: 7 }],
    ['\ude00 dopo', { problem: 'lone_surrogate', index: 0 }],
    ['a\u0000b', { problem: 'nul', index: 1 }],
    ['\ud83d\u0000', { problem: 'lone_surrogate', index: 0 }],
    ['', null],
  ])('%j → %j', (text, expected) => {
    expect(textProblem(text)).toEqual(expected);
  });
});

describe('findUnsafeText', () => {
  /** Every string of a JSON value, keys included. */
  const strings = (value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(strings);
    if (typeof value === 'object' && value !== null)
      return Object.entries(value).flatMap(([key, entry]) => [key, ...strings(entry)]);
    return [];
  };
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      codeUnits,
      fc.integer(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(codeUnits, tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  it('finds something exactly when some string or key of the value cannot be stored, and says where', () => {
    fc.assert(
      fc.property(json, (value) => {
        const found = findUnsafeText(value);
        expect(found === null).toBe(strings(value).every(storable));
        if (found === null) return;
        // The path leads to the offending string, or names the offending key last.
        const at = found.path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
        const last = found.path[found.path.length - 1];
        const offending = [at, last].filter((entry): entry is string => typeof entry === 'string');
        expect(offending.some((text) => !storable(text))).toBe(true);
      }),
    );
  });

  it('leaves the skipped keys to whoever checks them', () => {
    const push = { clientId: 'replica-1', mutations: [{ name: 'note.add', args: { text: 'a\u0000b' } }] };
    expect(findUnsafeText(push, ['args'])).toBeNull();
    expect(findUnsafeText(push)).toEqual({ problem: 'nul', index: 1, path: ['mutations', 0, 'args', 'text'] });
  });

  it('walks a value nested far deeper than the stack would allow, quickly', () => {
    let deep: unknown = 'a\u0000';
    for (let level = 0; level < 200_000; level += 1) deep = [deep];
    const started = performance.now();
    expect(findUnsafeText(deep)?.problem).toBe('nul');
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('ids', () => {
  it.each([
    'us-giulia',
    'it-pharma-1',
    'c-pharma',
    'rp-0f8fad5b-d9cb-469f-a165-70867728950e',
    'ap-7c9e6679-7425-40de-944b-e07fc1f90ae7',
    '5f2b1c0e9d8a7b6c5f2b1c0e9d8a7b6c',
    'A.b_c:d-9',
  ])('admits %s', (value) => {
    expect(id.safeParse(value).success).toBe(true);
  });

  it.each(['', ' ', 'a b', '-leading', 'a/b', 'a%00', 'it-\u0000', 'it-\ud83d', 'x'.repeat(65), "it'"])(
    'refuses %j',
    (value) => {
      expect(id.safeParse(value).success).toBe(false);
    },
  );

  it('needs 8 characters for a replica id', () => {
    expect(replicaId.safeParse('replica1').success).toBe(true);
    expect(replicaId.safeParse('replica').success).toBe(false);
  });

  it.each(['123456789_987654321', 'UgzX-8_aBcD', 'urn:li:comment:(urn:li:activity:123,456)'])(
    'keeps platform ids apart and admits %s as one',
    (value) => {
      expect(platformId.safeParse(value).success).toBe(true);
    },
  );

  it('refuses a platform id that cannot be stored', () => {
    expect(platformId.safeParse('123\u0000').success).toBe(false);
    expect(platformId.safeParse('Ugz\ud83d').success).toBe(false);
  });
});
