import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { LanguagePicker } from './LanguagePicker';
import { selectSettingsError } from './selectors';
import { NotifyPrefsPicker } from './NotifyPrefsPicker';
import { UndoSendPicker } from './UndoSendPicker';
import './settings.css';

export function SettingsScreen() {
  const { t } = useTranslation();
  const error = useAppSelector(selectSettingsError);
  return (
    <section className="screen settings" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <LanguagePicker />
      <UndoSendPicker />
      <NotifyPrefsPicker />
      {error && (
        <p role="alert" className="error">
          {t('settings.saveFailed', { message: t(`errors.${error}`, { defaultValue: error }) })}
        </p>
      )}
    </section>
  );
}
