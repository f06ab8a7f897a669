/** Texts of the audit exports in Italian and English (shared/i18n/audit.*.json); `?lang=` picks one. */
import type { TFunction } from 'i18next';
import type { Language } from '../../shared/domain/entities';
import { serverResources, serverTexts } from '../i18n';

export const auditResources = { it: { audit: serverResources.it.audit }, en: { audit: serverResources.en.audit } };

export function auditTexts(language: Language): Promise<TFunction> {
  return serverTexts(language, 'audit');
}
