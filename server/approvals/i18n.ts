/**
 * Texts of the approver page and of signature meanings in Italian and English
 * (shared/i18n/approver.*.json, through server/i18n.ts). The language is the user's choice (a
 * cookie set by the page's switch) or the browser's Accept-Language.
 */
import Negotiator from 'negotiator';
import type { TFunction } from 'i18next';
import type { Language } from '../../shared/domain/entities';
import { serverTexts } from '../i18n';

export function approverTexts(language: Language): Promise<TFunction> {
  return serverTexts(language, 'approver');
}

/** The best of it/en for an Accept-Language header (q-values, it-IT → it); English otherwise. */
export function languageFromHeader(header: string | undefined): Language {
  const best = new Negotiator({ headers: { 'accept-language': header ?? '' } }).language(['en', 'it']);
  return best === 'it' ? 'it' : 'en';
}
