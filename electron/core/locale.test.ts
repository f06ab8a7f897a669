import { describe, expect, it } from 'vitest';
import { systemLocaleFromEnv } from './locale';

describe('systemLocaleFromEnv', () => {
  it.each([
    [{ LANG: 'it_IT.UTF-8' }, 'it-IT'],
    [{ LANG: 'en_US.UTF-8', LC_ALL: 'it_CH.UTF-8' }, 'it-CH'],
    [{ LC_MESSAGES: 'de_DE@euro' }, 'de-DE'],
    [{ LANG: 'C.UTF-8' }, null],
    [{ LANG: 'POSIX' }, null],
    [{}, null],
    [{ LANG: '../../etc' }, null],
  ])('%j → %s', (env, expected: string | null) => {
    expect(systemLocaleFromEnv(env)).toBe(expected);
  });
});
