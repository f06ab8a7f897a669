import { describe, expect, it } from 'vitest';
import { excerpt } from './text';

describe('excerpt', () => {
  it('keeps a short text whole, with its whitespace folded', () => {
    expect(excerpt('  Ciao,\n\n  come   va?  ')).toBe('Ciao, come va?');
  });

  it('cuts a long text at a word and marks the cut', () => {
    const text = `${'parola '.repeat(30)}fine`;
    const cut = excerpt(text, 40);
    expect(cut.endsWith('parola…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(41);
  });

  it('never splits an emoji in half', () => {
    const text = `${'a'.repeat(39)}😡${'b'.repeat(50)}`;
    const cut = excerpt(text, 40);
    expect(cut).toBe(`${'a'.repeat(39)}…`);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut)).toBe(false);
  });
});
