/**
 * UI texts in Italian and English, used by the renderer and by the Electron shell (tray and
 * notification texts). Keys are semantic; a test checks both languages have the same keys.
 */
import type { Language } from '../domain/entities';
import en from './locales/en.json';
import it from './locales/it.json';
import composerEn from './locales/composer.en.json';
import composerIt from './locales/composer.it.json';
import notifyEn from './locales/notify.en.json';
import notifyIt from './locales/notify.it.json';
import approvalsEn from './locales/approvals.en.json';
import approvalsIt from './locales/approvals.it.json';
import connectionEn from './locales/connection.en.json';
import connectionIt from './locales/connection.it.json';
import policyEn from './locales/policy.en.json';
import policyIt from './locales/policy.it.json';

/** Notification/tray, composer and connection (sign-in, sync) texts live in their own files. */
export const resources = {
  it: {
    translation: {
      ...it,
      notify: notifyIt,
      composer: composerIt,
      connection: connectionIt,
      approvals: approvalsIt,
      policy: policyIt,
    },
  },
  en: {
    translation: {
      ...en,
      notify: notifyEn,
      composer: composerEn,
      connection: connectionEn,
      approvals: approvalsEn,
      policy: policyEn,
    },
  },
} as const;
export const supportedLanguages: readonly Language[] = ['it', 'en'];
export const defaultNamespace = 'translation';

/** The UI language for a system locale: Italian for any Italian locale, English otherwise. */
export function languageForLocale(locale: string): Language {
  return locale.toLowerCase().startsWith('it') ? 'it' : 'en';
}

export type Messages = typeof it;
