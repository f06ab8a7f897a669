import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { replyTextHash } from './hash';

describe('replyTextHash', () => {
  it('uses standard SHA-256 (FIPS 180-2 vector)', () => {
    expect(bytesToHex(sha256(utf8ToBytes('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  // Computed independently with node:crypto over "reply-text/v1\0<visibility>\0<NFC text>"; a change
  // here voids every stored approval, so it must be deliberate (bump the encoding tag).
  it.each([
    ['Grazie per averci scritto, Maria!', 'public', '9e5d2cc83e2fd928d698d595a1708bd40eb6f4b596a2eabfb865aa1579770e19'],
    [
      'Grazie per averci scritto, Maria!',
      'private',
      '1246971ae641c9da017ef800365224044d59447aaf70b8703a540ab27d663066',
    ],
    ['perché', 'public', 'e73dd136c9f856088838502785585771cb0c9e3b849f905467ac465e04848000'],
    ['', 'public', '5f2b986594af2d05ac6f3ffc8e840687dc21d2a1787e377e98e081e0131199b8'],
  ] as const)('hashes %j (%s) to the canonical value', (text, visibility, expected) => {
    expect(replyTextHash(text, visibility)).toBe(expected);
  });

  it('is the same for NFC and NFD spellings of the same text', () => {
    expect(replyTextHash('perche\u0301', 'public')).toBe(replyTextHash('perch\u00e9', 'public'));
  });

  it('changes with any change of text or visibility (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a.normalize('NFC') !== b.normalize('NFC'));
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
});
