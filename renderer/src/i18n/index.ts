import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultNamespace, resources, supportedLanguages } from '../../../shared/i18n';
import type { Language } from '../../../shared/domain/entities';

/** One i18next instance per app start, in the language chosen before the first render. */
export async function createI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...supportedLanguages],
    defaultNS: defaultNamespace,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return instance;
}
