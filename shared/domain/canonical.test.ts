import { describe, expect, it } from 'vitest';
import {
  foldText,
  hasHiddenCharacters,
  hasMixedScripts,
  patternText,
  replySkeleton,
  stripHiddenCharacters,
  toOriginalRange,
} from './canonical';

describe('hidden characters', () => {
  it.each([
    ['a zero-width space', 'do\u200Bse'],
    ['a soft hyphen', 'do\u00ADse'],
    ['a word joiner', 'do\u2060se'],
    ['a byte order mark', 'do\uFEFFse'],
    ['a bidi override', '\u202Eesod'],
    ['tag characters (hidden text)', 'ok\u{E0069}\u{E0067}'],
    ['a joiner between letters', 'do\u200Dse'],
    ['a selector after a letter', 'do\uFE0Fse'],
  ])('finds %s', (_label, text) => {
    expect(hasHiddenCharacters(text)).toBe(true);
    expect(hasHiddenCharacters(stripHiddenCharacters(text))).toBe(false);
  });

  it.each([
    ['plain text', 'Grazie, a presto!'],
    ['a family emoji', '👨‍👩‍👧'],
    ['a health worker emoji with a skin tone', '🧑🏽‍⚕️'],
    ['a red heart', '❤️'],
    ['a keycap', '1️⃣'],
    ["Scotland's flag", '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
  ])('leaves %s alone', (_label, text) => {
    expect(hasHiddenCharacters(text)).toBe(false);
    expect(stripHiddenCharacters(text)).toBe(text);
  });
});

describe('hasMixedScripts', () => {
  it.each([
    ['Latin and Cyrillic in a word', '\u0421\u0430rdiolex', true],
    ['a Cyrillic unit next to Latin words', 'prenda 50 \u043C\u0433', true],
    ['Latin and Greek', 'dose \u03B1', true],
    ['a Han zero among Latin letters', '5\u3007 mg', true],
    ['Italian with accents, digits and emoji', 'Perché 50 mg? Sì 👍', false],
    ['Russian alone', 'Здравствуйте, спасибо', false],
    ['Japanese alone', 'ありがとう御座います カタカナ', false],
    ['fullwidth Latin', 'Ｃａｒｄｉｏｌｅｘ ５０', false],
  ])('%s → %s', (_label, text, expected) => {
    expect(hasMixedScripts(text)).toBe(expected);
  });
});

describe('replySkeleton', () => {
  it('is the same for what looks the same', () => {
    const plain = replySkeleton('La dose di Cardiolex è 50 mg');
    for (const disguised of [
      'La do\u200Bse di Cardiolex è 50 mg',
      'La dose di \u0421\u0430rdiolex è 50 mg',
      'La dose di Cardiolex è ５０ ｍｇ',
      'La dose di Cardiolex è 50\u00A0mg',
      'La dose  di Cardiolex è 50\u3000mg',
      'La dose di Cardiolex e\u0300 50 mg',
    ]) {
      expect(replySkeleton(disguised)).toBe(plain);
    }
  });

  it('keeps case and accents apart', () => {
    expect(replySkeleton('Ciao')).not.toBe(replySkeleton('ciao'));
    expect(replySkeleton('perché')).not.toBe(replySkeleton('perche'));
  });
});

describe('folded forms map back to the original text', () => {
  const original = (text: string, form: ReturnType<typeof foldText>, needle: string) => {
    const at = form.text.indexOf(needle);
    const [start, end] = toOriginalRange(text, form, at, at + needle.length);
    return text.slice(start, end);
  };

  it('keywords: invisible characters, width variants and look-alikes inside the word', () => {
    const text = '😀 La ｄｏ\u200Bse di \u0421\u0430rdi\u00ADolex';
    const folded = foldText(text);
    // "i" and "l" are one letter when matching (canonical.ts).
    expect(folded.text).toBe('😀 la dose dl cardlolex');
    expect(original(text, folded, 'dose')).toBe('ｄｏ\u200Bse');
    expect(original(text, folded, 'cardlolex')).toBe('\u0421\u0430rdi\u00ADolex');
  });

  it('patterns: spaces of every kind are one space, case and accents kept', () => {
    const text = 'Perché 5\u200B0 \u00A0\u3000ＭＧ';
    const canonical = patternText(text);
    expect(canonical.text).toBe('Perché 50 MG');
    expect(original(text, canonical, '50 MG')).toBe('5\u200B0 \u00A0\u3000ＭＧ');
  });
});
