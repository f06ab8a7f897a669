import { describe, expect, it } from 'vitest';
import en from '../../../../shared/i18n/locales/composer.en.json';
import it_ from '../../../../shared/i18n/locales/composer.it.json';

// Until these files are merged into shared/i18n (whose test covers every locale), check them here.
function entries(value: unknown, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    entries(child, prefix ? `${prefix}.${key}` : key),
  );
}
const variables = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((found) => found[1]).sort();

describe('composer locales', () => {
  it('Italian and English have the same keys, non-empty texts and the same variables', () => {
    const italian = new Map(entries(it_));
    const english = new Map(entries(en));
    expect([...english.keys()].sort()).toEqual([...italian.keys()].sort());
    for (const [key, text] of english) {
      const other = italian.get(key) ?? '';
      expect(text.trim(), key).not.toBe('');
      expect(other.trim(), key).not.toBe('');
      expect(variables(other), key).toEqual(variables(text));
    }
  });
});
