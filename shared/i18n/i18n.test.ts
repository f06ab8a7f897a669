import { describe, expect, it } from 'vitest';
import { languageForLocale, resources } from './index';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('locales', () => {
  it('Italian and English have exactly the same keys', () => {
    expect(keys(resources.en.translation).sort()).toEqual(keys(resources.it.translation).sort());
  });

  it('every text is non-empty and keeps the same interpolation variables', () => {
    const it_ = resources.it.translation as unknown as Record<string, unknown>;
    const en = resources.en.translation as unknown as Record<string, unknown>;
    const at = (root: Record<string, unknown>, key: string) =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], root) as string;
    for (const key of keys(en)) {
      const vars = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*(?:,[^}]*)?}}/g)].map((m) => m[1]).sort();
      expect(at(en, key).trim(), key).not.toBe('');
      expect(at(it_, key).trim(), key).not.toBe('');
      expect(vars(at(it_, key)), key).toEqual(vars(at(en, key)));
    }
  });
});

describe('languageForLocale', () => {
  it.each([
    ['it-IT', 'it'],
    ['it', 'it'],
    ['IT-ch', 'it'],
    ['en-GB', 'en'],
    ['de-DE', 'en'],
  ])('%s → %s', (locale, language) => {
    expect(languageForLocale(locale)).toBe(language);
  });
});
