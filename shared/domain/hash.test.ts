import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { replySkeleton } from './canonical';
import { canonicalReplyText, replyTextHash } from './hash';

describe('replyTextHash', () => {
  it('uses standard SHA-256 (FIPS 180-2 vector)', () => {
    expect(bytesToHex(sha256(utf8ToBytes('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  // Computed independently with node:crypto over "reply-text/v2\0<visibility>\0<skeleton>", the
  // skeleton written out by hand from confusables.txt (TS #39: "0" → "O", "m" → "rn", NFD). A change
  // here voids every stored approval, so it must be deliberate (bump the encoding tag).
  it.each([
    ['Grazie per averci scritto, Maria!', 'public', 'b75fd6440826be96633e76fa4ee71872408eeaf82edf173ebcac9d34ef63aba9'],
    [
      'Grazie per averci scritto, Maria!',
      'private',
      '0283b12be827ef54a4e624e6335e18c0a9f01b3e7326b0feb920e252c4b314ea',
    ],
    ['perché', 'public', '4b4f36a6acf78b8607287b1dc544a727f84425ab96626c04ea3a39c0f85107c8'],
    ['', 'public', '74abb845e7871a16b512db5029308796bce0bf240ef33e8fd00c52c4829f9de5'],
    // Skeleton "La dose di Cardiolex e\u0300 5O rng".
    ['La dose di Cardiolex è 50 mg', 'public', '09dccb4e55cdfe4ef67979538c1fda14c2eb2be381bbd4d5e62da711f36efae4'],
    [
      'La do\u200Bse di \u0421\u0430rdiolex è \uFF15\uFF10\u00A0mg',
      'public',
      '09dccb4e55cdfe4ef67979538c1fda14c2eb2be381bbd4d5e62da711f36efae4',
    ],
  ] as const)('hashes %j (%s) to the canonical value', (text, visibility, expected) => {
    expect(replyTextHash(text, visibility)).toBe(expected);
  });

  it('is the same for NFC and NFD spellings of the same text', () => {
    expect(replyTextHash('perche\u0301', 'public')).toBe(replyTextHash('perch\u00e9', 'public'));
  });

  it('changes with any change of the visible text or visibility (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(replySkeleton(a) !== replySkeleton(b));
        expect(replyTextHash(a, 'public')).not.toBe(replyTextHash(b, 'public'));
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(replyTextHash(text, 'public')).not.toBe(replyTextHash(text, 'private'));
        expect(replyTextHash(text, 'public')).toMatch(/^[0-9a-f]{64}$/);
      }),
    );
  });

  it('does not confuse whitespace or case', () => {
    expect(replyTextHash('Ciao', 'public')).not.toBe(replyTextHash('Ciao ', 'public'));
    expect(replyTextHash('Ciao', 'public')).not.toBe(replyTextHash('ciao', 'public'));
  });

  it('stores what was written, in NFC and without hidden characters (emoji sequences kept)', () => {
    expect(canonicalReplyText('Perche\u0301 la do\u200Bse?\u2060')).toBe('Perché la dose?');
    expect(canonicalReplyText('Саrdiolex ５０mg')).toBe('Саrdiolex ５０mg');
    expect(canonicalReplyText('Ok 👨‍👩‍👧 ❤️ 1️⃣')).toBe('Ok 👨‍👩‍👧 ❤️ 1️⃣');
  });
});
