import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/domain/entities';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { languageChosen } from './slice';
import { selectLanguagePreference, selectSystemLanguage } from './selectors';
import './settings.css';

const SYSTEM = 'system';

/** The language choice: system, Italiano, English. Used in settings and in the status bar. */
export function LanguagePicker({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const preference = useAppSelector(selectLanguagePreference);
  const system = useAppSelector(selectSystemLanguage);
  const id = useId();
  const value = preference ?? SYSTEM;
  return (
    <span className={compact ? 'language-picker compact' : 'language-picker'}>
      <label htmlFor={id}>{compact ? t('status.language') : t('settings.language.label')}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          const next = event.target.value;
          void dispatch(languageChosen(next === SYSTEM ? null : (next as Language)));
        }}
      >
        <option value={SYSTEM}>{t('settings.language.system', { language: t(`settings.language.${system}`) })}</option>
        <option value="it">{t('settings.language.it')}</option>
        <option value="en">{t('settings.language.en')}</option>
      </select>
    </span>
  );
}
