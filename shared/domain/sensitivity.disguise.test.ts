import { describe, expect, it } from 'vitest';
import type { SensitivityPolicy } from './entities';
import { replyTextHash } from './hash';
import { compileSensitivity, isReplySensitive } from './sensitivity';

// The pharma client's policy as the demo workspace writes it (shared/demo/workspace.ts).
const policy: SensitivityPolicy = {
  topics: [
    { id: 't-dosage', label: 'Dosaggio', keywords: ['dose', 'dosaggio'], patterns: ['\\d+ ?(mg|mcg)'], lang: null },
  ],
  productNames: ['Cardiolex'],
};
const matcher = compileSensitivity(policy);
const PLAIN = 'La dose di Cardiolex è 50 mg al giorno.';

const needsApproval = (replyText: string) =>
  isReplySensitive({
    policy: matcher,
    interactionText: 'Buongiorno, una domanda',
    replyText,
    escalated: false,
    usedPreApprovedUnchanged: false,
  });
const highlighted = (text: string) => matcher.match(text).map((m) => text.slice(m.start, m.end));
const fullwidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

// Each way the attacker got a dosage past the outbox (issue "Close the holes", point 1).
const disguises: readonly (readonly [string, string, readonly string[]])[] = [
  [
    'zero-width spaces',
    'La do\u200Bse di Cardi\u200Bolex è 5\u200B0 m\u200Bg al giorno.',
    ['do\u200Bse', 'Cardi\u200Bolex', '5\u200B0 m\u200Bg'],
  ],
  [
    'soft hyphens',
    'La do\u00ADse di Cardi\u00ADolex è 5\u00AD0 m\u00ADg al giorno.',
    ['do\u00ADse', 'Cardi\u00ADolex', '5\u00AD0 m\u00ADg'],
  ],
  [
    'word joiners',
    'La do\u2060se di Cardi\u2060olex è 5\u20600 m\u2060g al giorno.',
    ['do\u2060se', 'Cardi\u2060olex', '5\u20600 m\u2060g'],
  ],
  ['a no-break space in the dosage', 'Ne prenda 50\u00A0mg al giorno.', ['50\u00A0mg']],
  ['a narrow no-break space in the dosage', 'Ne prenda 50\u202Fmg al giorno.', ['50\u202Fmg']],
  ['two spaces of different kinds', 'Ne prenda 50 \u3000mg al giorno.', ['50 \u3000mg']],
  [
    'fullwidth letters and digits',
    `La ${fullwidth('dose')} di ${fullwidth('Cardiolex')} è ${fullwidth('50mg')} al giorno.`,
    [fullwidth('dose'), fullwidth('Cardiolex'), fullwidth('50mg')],
  ],
  ['Cyrillic look-alikes in the product name', 'Provi \u0421\u0430rdiolex, va bene.', ['\u0421\u0430rdiolex']],
  ['a Cyrillic look-alike in a keyword', 'La d\u043Ese giusta.', ['d\u043Ese']],
  ['digits for letters in words', 'La d0se di C4rdi0lex, 1a d05e.', ['d0se', 'C4rdi0lex', 'd05e']],
  ['the letter O for a zero in the dosage', 'Ne prenda 5O mg, anzi 1OOmg.', ['5O mg', '1OOmg']],
];

describe('disguised sensitive words', () => {
  it.each(disguises)('are found through %s, highlighted as written', (_label, text, shown) => {
    expect(highlighted(text)).toEqual(shown);
    expect(needsApproval(text)).toBe(true);
  });

  it('need approval when a dosage is written in Cyrillic ("мг"), as the words mix scripts', () => {
    expect(needsApproval('La quantità giusta è 50 \u043C\u0433.')).toBe(true);
  });

  it.each([
    ['a plain Italian reply', 'Grazie Maria, ci sentiamo presto! Perché no?'],
    ['emoji sequences with joiners and selectors', 'Grazie! 👍🏽 ❤️ 👨‍👩‍👧 1️⃣ 🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['accents in any normal form', 'Perche\u0301 è così, però à presto'],
    ['numbers and codes that only look like words', 'Ci vediamo alle 10, ordine A1043, 2o piano, ore 9.30'],
  ])('leave %s alone', (_label, text) => {
    expect(needsApproval(text)).toBe(false);
  });

  it.each(disguises.filter(([label]) => !label.includes('look-alike')))(
    'hash as the plain text when the disguise is %s',
    (_label, text) => {
      const plain = text
        .replace(/[\u200B\u00AD\u2060]/g, '')
        .replace(/[\u00A0\u202F]| \u3000/g, ' ')
        .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
      expect(replyTextHash(text, 'public')).toBe(replyTextHash(plain, 'public'));
    },
  );

  it('still match names with digits in them, and plain numbers, as written', () => {
    const withCodes = compileSensitivity({
      topics: [{ id: 't-vit', label: 'Vitamine', keywords: ['B12', 'covid-19'], patterns: ['\\d+ ?ml'], lang: null }],
      productNames: ['Cardiolex'],
    });
    const found = (text: string) => withCodes.match(text).map((m) => text.slice(m.start, m.end));
    expect(found('Vitamina B12 e b12, covid-19, 10ml, 10 ml, @Cardiolex')).toEqual([
      'B12',
      'b12',
      'covid-19',
      '10ml',
      '10 ml',
      'Cardiolex',
    ]);
  });

  it('hash a look-alike spelling as the plain one', () => {
    expect(replyTextHash(PLAIN.replace('Cardiolex', '\u0421\u0430rdiolex'), 'public')).toBe(
      replyTextHash(PLAIN, 'public'),
    );
  });
});
