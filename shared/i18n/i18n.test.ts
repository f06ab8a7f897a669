import { describe, expect, it } from 'vitest';
import { contractErrorCodes, syncProblemCodes } from '../contract';
import { languages } from '../domain/entities';
import { syncRefusalCodes } from '../sync/refusals';
import { languageForLocale, resources } from './index';
import { createTranslator } from './translator';

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

describe('every code the core or the team server hands the UI has words, in both languages', () => {
  // The UI never falls back to the core's or the server's English (renderer/src/i18n/errors.ts).
  const missing = (codes: readonly string[], texts: Record<string, string>) => codes.filter((code) => !texts[code]);
  it.each(languages)('%s', (language) => {
    const translation = resources[language].translation;
    expect(missing(contractErrorCodes, translation.errors as Record<string, string>)).toEqual([]);
    expect(missing(syncProblemCodes, translation.connection.syncProblem as Record<string, string>)).toEqual([]);
    expect(missing(syncRefusalCodes, translation.connection.refused.codes as Record<string, string>)).toEqual([]);
    expect(translation.connection.refused.unknownCode).toContain('{{code}}');
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

describe('claims about the platform', () => {
  // Nothing reaches a platform yet: a hide and a reply are recorded and wait in the server's
  // outbox until the channel is connected (server/outbox/outbox.ts). The texts must say so.
  it('a hide says it is queued for the platform, not done on it', () => {
    expect(createTranslator('en')('queue.toast.hidden', { count: 1 })).toBe(
      'Hide queued for 1 item: it will be applied on the platform when the channel is connected',
    );
    expect(createTranslator('it')('queue.toast.hidden', { count: 3 })).toBe(
      'Nascondi in coda per 3 elementi: sarà applicato sulla piattaforma quando il canale sarà collegato',
    );
  });

  it('a reply that is queued says queued, not sending or sent', () => {
    expect(createTranslator('en')('reply.toast.queued', { count: 1 })).toBe(
      'Reply queued: it will go out on the platform when the channel is connected',
    );
    expect(createTranslator('it')('reply.toast.queued', { count: 1 })).toBe(
      'Risposta in coda: partirà sulla piattaforma quando il canale sarà collegato',
    );
    expect(createTranslator('en')('status.reply.queued')).toBe('Queued to send');
    expect(createTranslator('it')('status.reply.queued')).toBe('In coda di invio');
  });

  it('no text but a sent reply or a dispatched one says something reached the platform', () => {
    const claims =
      /hidden on the platform|nascost[oie] sulla piattaforma|repl(y|ies) sending|rispost[ae] in invio|^sending$|^in invio$/i;
    const texts = (node: unknown, key: string): [string, string][] =>
      typeof node === 'string'
        ? [[key, node]]
        : Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => texts(v, `${key}.${k}`));
    const found = languages.flatMap((language) =>
      texts(resources[language].translation, language).filter(([, text]) => claims.test(text)),
    );
    expect(found).toEqual([]);
  });
});
