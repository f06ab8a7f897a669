/**
 * Texts of the approver page and of signature meanings in Italian and English
 * (shared/i18n/approver.*.json), through one i18next instance per process. The language is the
 * user's choice (a cookie set by the page's switch) or the browser's Accept-Language.
 */
import i18next from 'i18next';
import Negotiator from 'negotiator';
import type { TFunction } from 'i18next';
import type { Language } from '../../shared/domain/entities';
import en from '../../shared/i18n/approver.en.json';
import it from '../../shared/i18n/approver.it.json';

export const approverResources = { it: { approver: it }, en: { approver: en } } as const;

let ready: Promise<typeof i18next> | null = null;

function instance(): Promise<typeof i18next> {
  ready ??= (async () => {
    const created = i18next.createInstance();
    await created.init({
      resources: approverResources,
      ns: ['approver'],
      defaultNS: 'approver',
      fallbackLng: 'en',
      supportedLngs: ['it', 'en'],
      // The page escapes every value itself when it builds HTML (page/html.ts); meanings are stored as plain text.
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    return created;
  })();
  return ready;
}

export async function approverTexts(language: Language): Promise<TFunction> {
  return (await instance()).getFixedT(language, 'approver');
}

/** The best of it/en for an Accept-Language header (q-values, it-IT → it); English otherwise. */
export function languageFromHeader(header: string | undefined): Language {
  const best = new Negotiator({ headers: { 'accept-language': header ?? '' } }).language(['en', 'it']);
  return best === 'it' ? 'it' : 'en';
}
