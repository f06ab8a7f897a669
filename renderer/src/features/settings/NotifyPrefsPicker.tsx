import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  notificationSettingsOf,
  optionalNotifyReasons,
  type NotificationSettings,
  type OptionalNotifyReasonName,
} from '../../../../shared/contract';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { notificationsChosen } from './slice';
import './settings.css';

/** What notifies on this computer: do not disturb, and each kind of notification on or off. */
export function NotifyPrefsPicker() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const prefs = useAppSelector((state) => notificationSettingsOf(state.settings.saved));
  const id = useId();
  const save = (next: NotificationSettings) => void dispatch(notificationsChosen(next));
  const toggle = (reason: OptionalNotifyReasonName, on: boolean) =>
    save({ ...prefs, off: on ? prefs.off.filter((r) => r !== reason) : [...prefs.off, reason] });
  return (
    <fieldset className="setting-field notify-prefs">
      <legend>{t('notify.prefs.title')}</legend>
      <label>
        <input
          type="checkbox"
          checked={prefs.quiet}
          aria-describedby={`${id}-quiet`}
          onChange={(event) => save({ ...prefs, quiet: event.target.checked })}
        />
        {t('notify.prefs.quiet')}
      </label>
      <p id={`${id}-quiet`} className="muted">
        {t('notify.prefs.quietHint')}
      </p>
      {optionalNotifyReasons.map((reason) => (
        <label key={reason}>
          <input
            type="checkbox"
            checked={!prefs.off.includes(reason)}
            disabled={prefs.quiet}
            onChange={(event) => toggle(reason, event.target.checked)}
          />
          {t(`notify.prefs.reasons.${reason}`)}
        </label>
      ))}
      <p className="muted">{t('notify.prefs.always')}</p>
    </fieldset>
  );
}
