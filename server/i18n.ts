/**
 * The server's texts in Italian and English, one namespace per surface: `audit` (exports,
 * shared/i18n/audit.*.json) and `approver` (the approver page and signature meanings,
 * shared/i18n/approver.*.json). One i18next instance per process; each request picks its language.
 */
import i18next from 'i18next';
import type { TFunction } from 'i18next';
import type { Language } from '../shared/domain/entities';
import approverEn from '../shared/i18n/approver.en.json';
import approverIt from '../shared/i18n/approver.it.json';
import auditEn from '../shared/i18n/audit.en.json';
import auditIt from '../shared/i18n/audit.it.json';

export const serverResources = {
  it: { audit: auditIt, approver: approverIt },
  en: { audit: auditEn, approver: approverEn },
} as const;

export type ServerNamespace = 'audit' | 'approver';

let ready: Promise<typeof i18next> | null = null;

function instance(): Promise<typeof i18next> {
  ready ??= (async () => {
    const created = i18next.createInstance();
    await created.init({
      resources: serverResources,
      ns: ['audit', 'approver'],
      defaultNS: 'audit',
      fallbackLng: 'en',
      supportedLngs: ['it', 'en'],
      // Plain text: CSV and PDF take it as is, and the approver page escapes every value itself
      // when it builds HTML (approvals/page/html.ts); meanings are stored as plain text.
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    return created;
  })();
  return ready;
}

export async function serverTexts(language: Language, namespace: ServerNamespace): Promise<TFunction> {
  return (await instance()).getFixedT(language, namespace);
}
