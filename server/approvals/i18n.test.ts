import { describe, expect, it } from 'vitest';
import en from '../../shared/i18n/approver.en.json';
import italian from '../../shared/i18n/approver.it.json';
import { approverTexts, languageFromHeader } from './i18n';

function keys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix === '' ? key : `${prefix}.${key}`));
}

describe('approver texts', () => {
  it('have the same keys in Italian and English', () => {
    expect(keys(italian).sort()).toEqual(keys(en).sort());
  });

  it('word the meaning of a signature in the signer’s language', async () => {
    expect((await approverTexts('it'))('meaning.approved', { step: 'Revisione medica' })).toBe(
      'Approvato — Revisione medica',
    );
    expect((await approverTexts('en'))('meaning.rejected', { step: 'Legal review' })).toBe('Rejected — Legal review');
  });

  it.each([
    ['it-IT,it;q=0.9,en;q=0.8', 'it'],
    ['it-IT', 'it'],
    ['en-US,en;q=0.9', 'en'],
    ['de-DE,it;q=0.5', 'it'],
    ['fr', 'en'],
    [undefined, 'en'],
  ] as const)('picks %s → %s', (header, expected) => {
    expect(languageFromHeader(header)).toBe(expected);
  });
});
