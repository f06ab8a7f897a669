/**
 * Every disguise of a flagged text is still flagged, and hashes as the text (canonical.ts). The
 * look-alikes come from the same TS #39 table the rules use, read here independently: a letter is
 * replaced by any character the table says looks like it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import confusables from 'unhomoglyph/data.json' with { type: 'json' };
import type { SensitivityPolicy } from './entities';
import { replyTextHash } from './hash';
import { compileSensitivity, isReplySensitive } from './sensitivity';

const policy: SensitivityPolicy = {
  topics: [
    {
      id: 't-side',
      label: 'Effetti collaterali',
      keywords: ['perché', 'effetti collaterali', 'dose', 'side effects'],
      patterns: ['\\d+ ?(mg|mcg)'],
      lang: null,
    },
  ],
  productNames: ['Cardiolex', 'Neuro-Max'],
};
const matcher = compileSensitivity(policy);

/** Prototype → the characters that look like it (single code points, stable under NFKC and NFD). */
const lookAlikes = new Map<string, string[]>();
for (const [source, prototype] of Object.entries(confusables as Record<string, string>)) {
  const stable = source.normalize('NFKC') === source && source.normalize('NFD') === source;
  if (source < '\u0080' || !stable || /[\p{M}\p{Default_Ignorable_Code_Point}\s]/u.test(source)) continue;
  lookAlikes.set(prototype, [...(lookAlikes.get(prototype) ?? []), source]);
}
const prototypeOf = (character: string) => (confusables as Record<string, string>)[character] ?? character;

const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\u00AD', '\uFEFF', '\u180E', '\u2062', '\u{E0041}'];
const SPACES = ['\u00A0', '\u202F', '\u3000', '\u2009', '\u2002', ' \u00A0', '\u3000 '];

type Disguise =
  | { readonly kind: 'invisible'; readonly at: number; readonly pick: number }
  | { readonly kind: 'lookAlike'; readonly at: number; readonly pick: number }
  | { readonly kind: 'fullwidth'; readonly at: number }
  | { readonly kind: 'bold'; readonly at: number }
  | { readonly kind: 'space'; readonly at: number; readonly pick: number };

const disguise: fc.Arbitrary<Disguise> = fc.oneof(
  fc.record({ kind: fc.constant('invisible' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('lookAlike' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('fullwidth' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('bold' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('space' as const), at: fc.nat(), pick: fc.nat() }),
);

function pick<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

/** Applies one disguise to the code points; characters disguised already are left alone. */
function apply(points: string[], change: Disguise): string[] {
  const at = change.at % (points.length + 1);
  const current = points[at] ?? '';
  const plainLetter = /^[A-Za-z]$/.test(current);
  const replaced = (character: string | undefined) =>
    character === undefined ? points : [...points.slice(0, at), character, ...points.slice(at + 1)];
  switch (change.kind) {
    case 'invisible':
      return [...points.slice(0, at), pick(INVISIBLE, change.pick) ?? '', ...points.slice(at)];
    case 'lookAlike':
      return plainLetter ? replaced(pick(lookAlikes.get(prototypeOf(current)) ?? [], change.pick)) : points;
    case 'fullwidth':
      return /^[!-~]$/.test(current) ? replaced(String.fromCharCode(current.charCodeAt(0) + 0xfee0)) : points;
    case 'bold': {
      if (!plainLetter) return points;
      const base = current <= 'Z' ? 0x1d400 - 0x41 : 0x1d41a - 0x61;
      return replaced(String.fromCodePoint(base + current.charCodeAt(0)));
    }
    case 'space':
      return current === ' ' ? replaced(pick(SPACES, change.pick)) : points;
  }
}

const flagged = fc
  .tuple(
    fc.constantFrom('', 'Buongiorno, ', 'Ciao Maria! ', 'Le rispondiamo: '),
    fc.constantFrom(
      'perché',
      'effetti collaterali',
      'la dose',
      'any side effects',
      'Cardiolex',
      'Neuro-Max',
      'prenda 50 mg',
      '20 mcg',
      'CARDIOLEX',
      'DOSE',
    ),
    fc.constantFrom('', '.', ' al giorno.', ' e a presto 👍', '?'),
  )
  .map(([before, term, after]) => `${before}${term}${after}`);

describe('disguises (property)', () => {
  it('a flagged text stays flagged, and hashes the same, however it is disguised', () => {
    fc.assert(
      fc.property(flagged, fc.array(disguise, { minLength: 1, maxLength: 8 }), (text, changes) => {
        const disguised = changes.reduce(apply, [...text]).join('');
        expect(matcher.test(text)).toBe(true);
        // The policy's own words are found, not only "it mixes scripts".
        expect(matcher.test(disguised)).toBe(true);
        expect(matcher.match(disguised).length).toBeGreaterThan(0);
        const input = { policy: matcher, interactionText: '', escalated: false, usedPreApprovedUnchanged: false };
        expect(isReplySensitive({ ...input, replyText: disguised })).toBe(true);
        expect(replyTextHash(disguised, 'public')).toBe(replyTextHash(text, 'public'));
      }),
      { numRuns: 500 },
    );
  });

  it('every highlight of a disguised text covers whole characters of it', () => {
    fc.assert(
      fc.property(flagged, fc.array(disguise, { maxLength: 8 }), (text, changes) => {
        const disguised = changes.reduce(apply, [...text]).join('');
        for (const found of matcher.match(disguised)) {
          expect(found.start).toBeGreaterThanOrEqual(0);
          expect(found.end).toBeLessThanOrEqual(disguised.length);
          expect(found.end).toBeGreaterThan(found.start);
          // Never half a surrogate pair.
          expect(disguised.slice(found.start, found.end)).toBe(disguised.slice(found.start, found.end).normalize());
          expect(/^[\uDC00-\uDFFF]/.test(disguised.slice(found.start))).toBe(false);
        }
      }),
    );
  });
});
