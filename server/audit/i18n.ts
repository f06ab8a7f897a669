/**
 * Texts of the audit exports in Italian and English (shared/i18n/audit.*.json), through one
 * i18next instance per server; `?lang=` picks the language per request.
 */
import i18next from 'i18next';
import type { TFunction } from 'i18next';
import type { Language } from '../../shared/domain/entities';
import en from '../../shared/i18n/audit.en.json';
import it from '../../shared/i18n/audit.it.json';

export const auditResources = { it: { audit: it }, en: { audit: en } } as const;

let ready: Promise<typeof i18next> | null = null;

function instance(): Promise<typeof i18next> {
  ready ??= (async () => {
    const created = i18next.createInstance();
    await created.init({
      resources: auditResources,
      ns: ['audit'],
      defaultNS: 'audit',
      fallbackLng: 'en',
      supportedLngs: ['it', 'en'],
      // Plain text into CSV and PDF, never HTML.
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    return created;
  })();
  return ready;
}

export async function auditTexts(language: Language): Promise<TFunction> {
  return (await instance()).getFixedT(language, 'audit');
}
