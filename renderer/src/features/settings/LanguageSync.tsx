import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { selectUiLanguage } from './selectors';

/** Keeps i18next and the document's lang attribute on the language the store says. */
export function LanguageSync() {
  const language = useAppSelector(selectUiLanguage);
  const { i18n } = useTranslation();
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);
  return null;
}
