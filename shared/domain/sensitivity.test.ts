import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SensitivityPolicy } from './entities';
import {
  compileSensitivity,
  foldText,
  invalidSensitivityPatterns,
  isReplySensitive,
  matchSensitivity,
} from './sensitivity';

const policy: SensitivityPolicy = {
  topics: [
    {
      id: 't-side',
      label: 'Effetti collaterali',
      keywords: ['perché', 'effetti collaterali', 'effetto', 'dose', 'side effects'],
      patterns: ['\\b\\d+\\s?mg\\b'],
      lang: null,
    },
    { id: 't-election', label: 'Elezioni', keywords: ['elezioni', 'voto'], patterns: [], lang: 'it' },
  ],
  productNames: ['Cardiolex', 'Neuro-Max'],
};
const matcher = compileSensitivity(policy);

/** What a highlight would show: the original text under each match. */
function highlighted(text: string): string[] {
  return matcher.match(text).map((m) => text.slice(m.start, m.end));
}

describe('matchSensitivity: accents and case', () => {
  it.each([
    ['PERCHE non risponde?', 'PERCHE'],
    ['perchè no', 'perchè'],
    ['Perché?', 'Perché'],
    ['perche\u0301 no', 'perche\u0301'],
  ])('finds "perché" in %j', (text, shown) => {
    expect(highlighted(text)).toEqual([shown]);
    expect(matcher.match(text)[0]).toMatchObject({ topicId: 't-side', term: 'perché' });
  });

  it('matches a multi-word keyword across any whitespace and accents', () => {
    const text = 'Ho avuto effètti   collaterali\tforti';
    expect(matcher.match(text)).toEqual([{ topicId: 't-side', term: 'effetti collaterali', start: 9, end: 30 }]);
    expect(text.slice(9, 30)).toBe('effètti   collaterali');
    expect(highlighted('EFFETTI\nCOLLATERALI')).toEqual(['EFFETTI\nCOLLATERALI']);
    expect(highlighted('effetti-collaterali')).toEqual(['effetti-collaterali']);
  });

  it('finds English keywords', () => {
    expect(matcher.match('Any Side Effects?')).toEqual([
      { topicId: 't-side', term: 'side effects', start: 4, end: 16 },
    ]);
  });
});

describe('matchSensitivity: whole words', () => {
  it.each([
    ['dose', ['dose']],
    ['Dose, please', ['Dose']],
    ['la dose.', ['dose']],
    ['overdosed', []],
    ['dosed', []],
    ['doses', []],
    ['dose2', []],
    ['effettivamente', []],
    ['noeffetto', []],
  ])('%j → %j', (text, expected) => {
    expect(highlighted(text)).toEqual(expected);
  });

  it('treats apostrophes as word boundaries (Italian elision), straight or typographic', () => {
    expect(highlighted("l'effetto è forte")).toEqual(['effetto']);
    expect(highlighted('dell’effetto')).toEqual(['effetto']);
    expect(highlighted("Cardiolex's dose")).toEqual(['Cardiolex', 'dose']);
  });
});

describe('matchSensitivity: products and patterns', () => {
  it('finds product names in any case, as whole words', () => {
    expect(matcher.match('Prendo CARDIOLEX da un mese')).toEqual([
      { topicId: 'product', term: 'Cardiolex', start: 7, end: 16 },
    ]);
    expect(highlighted('cardiolexina')).toEqual([]);
    expect(highlighted('il neuro max funziona?')).toEqual(['neuro max']);
  });

  it.each([
    ['50mg al giorno', '50mg'],
    ['50 mg al giorno', '50 mg'],
    ['prendo 100 MG', '100 MG'],
  ])('finds the dosage pattern in %j', (text, shown) => {
    const found = matcher.match(text);
    expect(found).toHaveLength(1);
    expect(found[0]?.term).toBe('\\b\\d+\\s?mg\\b');
    expect(highlighted(text)).toEqual([shown]);
  });

  it('does not find a dosage pattern inside other words', () => {
    expect(highlighted('50mgs')).toEqual([]);
  });

  it('reports every topic and sorts by position', () => {
    const text = 'Voto Cardiolex: 20 mg, effetti collaterali';
    expect(matcher.match(text).map((m) => [m.topicId, text.slice(m.start, m.end)])).toEqual([
      ['t-election', 'Voto'],
      ['product', 'Cardiolex'],
      ['t-side', '20 mg'],
      ['t-side', 'effetti collaterali'],
    ]);
  });

  it('prefers the longest keyword at one position', () => {
    const m = compileSensitivity({
      topics: [{ id: 't', label: 'x', keywords: ['effetti', 'effetti collaterali'], patterns: [], lang: null }],
      productNames: [],
    });
    expect(m.match('effetti collaterali')).toEqual([{ topicId: 't', term: 'effetti collaterali', start: 0, end: 19 }]);
    expect(m.match('effetti positivi')).toEqual([{ topicId: 't', term: 'effetti', start: 0, end: 7 }]);
  });

  it('escapes regex characters in keywords and keeps elided keywords usable', () => {
    const m = compileSensitivity({
      topics: [{ id: 't', label: 'x', keywords: ['c++', "dell'", 'a.b'], patterns: [], lang: null }],
      productNames: [],
    });
    expect(m.match('uso c++ e dell’effetto, axb a.b').map((x) => x.term)).toEqual(['c++', "dell'", 'a.b']);
  });

  it('finds nothing with an empty policy', () => {
    expect(matchSensitivity({ topics: [], productNames: [] }, 'dose Cardiolex 50mg')).toEqual([]);
  });
});

describe('matchSensitivity: offsets point into the original text', () => {
  it('survives characters that fold to a different length', () => {
    const text = 'İİ 😀 ﬁ Perché — DOSE';
    const found = matcher.match(text);
    expect(found.map((m) => text.slice(m.start, m.end))).toEqual(['Perché', 'DOSE']);
  });

  const decorations = fc.constantFrom('', ' ', 'Ciao! ', '😀 ', 'İ ', 'perchè\u0301 ', 'e\u0301 ', 'l’', '\n');
  const spellings = fc.constantFrom(
    ['effetti collaterali', 'EFFÈTTI  Collaterali'],
    ['perché', 'PERCHE'],
    ['perché', 'perche\u0301'],
    ['dose', 'DoSe'],
    ['Cardiolex', 'cárdiolex'],
  );

  it('a keyword written any way is found where it was put (property)', () => {
    fc.assert(
      fc.property(
        fc.array(decorations, { maxLength: 4 }),
        spellings,
        fc.array(decorations, { maxLength: 4 }),
        (before, [term, written], after) => {
          const prefix = before.join('');
          const text = `${prefix}${written} ${after.join('')}`;
          const found = matchSensitivity(policy, text).filter((m) => m.term === term);
          expect(found.some((m) => m.start === prefix.length && m.end === prefix.length + written.length)).toBe(true);
        },
      ),
    );
  });

  it('every match covers text that folds to its keyword (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 20 }), (noise, tail) => {
        const text = `${noise} perchè ${tail}`;
        for (const m of matcher.match(text)) {
          expect(m.start).toBeGreaterThanOrEqual(0);
          expect(m.end).toBeLessThanOrEqual(text.length);
          expect(m.end).toBeGreaterThan(m.start);
          if (m.term === 'perché') expect(foldText(text.slice(m.start, m.end)).text).toBe('perche');
        }
      }),
    );
  });
});

describe('compileSensitivity', () => {
  it('reports invalid patterns instead of throwing', () => {
    const broken: SensitivityPolicy = {
      topics: [{ id: 't', label: 'x', keywords: ['dose'], patterns: ['(unclosed', '\\d+ ?mg'], lang: null }],
      productNames: [],
    };
    const m = compileSensitivity(broken);
    expect(m.invalidPatterns).toEqual(['(unclosed']);
    expect(invalidSensitivityPatterns(broken)).toEqual(['(unclosed']);
    expect(m.match('10 mg, dose').map((x) => x.term)).toEqual(['\\d+ ?mg', 'dose']);
  });

  it('test() agrees with match()', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('dose', 'PERCHE', '5mg', 'ciao', 'Cardiolex', 'overdosed', ''),
        fc.string({ maxLength: 10 }),
        (word, noise) => {
          const text = `${noise} ${word}`;
          expect(matcher.test(text)).toBe(matcher.match(text).length > 0);
        },
      ),
    );
  });

  // Speed is not asserted: a test must pass on a loaded machine.
  it('checks thousands of texts with one compiled matcher, the same answer for each', () => {
    const texts = Array.from(
      { length: 5000 },
      (_, i) =>
        `Buongiorno, ho una domanda numero ${i} sul vostro servizio clienti e sulla consegna, perché ${i % 7 === 0 ? 'la dose' : 'il pacco'} è in ritardo. Grazie mille!`,
    );
    const hits = texts.filter((text) => matcher.test(text)).length;
    const all = texts.reduce((count, text) => count + matcher.match(text).length, 0);
    expect(hits).toBe(5000);
    expect(all).toBe(5000 + Math.ceil(5000 / 7));
  });
});

describe('isReplySensitive', () => {
  const base = {
    policy: matcher,
    interactionText: 'Dove siete?',
    replyText: 'In via Roma 1.',
    escalated: false,
    usedPreApprovedUnchanged: false,
  };

  it.each([
    ['neutral texts', {}, false],
    ['a sensitive interaction', { interactionText: 'Che dose devo prendere?' }, true],
    ['a sensitive reply', { replyText: 'Cardiolex va preso la sera.' }, true],
    ['an escalated reply', { escalated: true }, true],
    ['a flagged interaction', { interactionFlagged: true }, true],
    [
      'a pre-approved reply used unchanged, sensitive words in it',
      { replyText: 'effetti collaterali: chiamate', usedPreApprovedUnchanged: true },
      false,
    ],
    [
      'a pre-approved reply used unchanged, sensitive interaction',
      { interactionText: 'dose?', usedPreApprovedUnchanged: true },
      false,
    ],
    ['a pre-approved reply used unchanged but escalated', { usedPreApprovedUnchanged: true, escalated: true }, true],
  ])('%s', (_label, overrides, expected) => {
    expect(isReplySensitive({ ...base, ...overrides })).toBe(expected);
  });

  it('accepts a policy as well as a compiled matcher', () => {
    expect(isReplySensitive({ ...base, policy, replyText: 'perche' })).toBe(true);
  });

  it('fails closed when the policy has an invalid pattern', () => {
    const broken: SensitivityPolicy = {
      topics: [{ id: 't', label: 'x', keywords: [], patterns: ['[oops'], lang: null }],
      productNames: [],
    };
    expect(isReplySensitive({ ...base, policy: broken })).toBe(true);
  });
});
