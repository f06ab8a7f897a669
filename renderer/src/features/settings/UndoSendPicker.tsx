import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { undoSendChoices, type UndoSendSeconds } from '../../../../shared/contract';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectUndoSendSeconds } from './selectors';
import { undoSendChosen } from './slice';
import './settings.css';

/** The undo-send window: how long a sent reply waits before it leaves. */
export function UndoSendPicker() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const value = useAppSelector(selectUndoSendSeconds);
  const id = useId();
  return (
    <div className="setting-field">
      <label htmlFor={id}>{t('settings.undoSend.label')}</label>
      <select
        id={id}
        aria-describedby={`${id}-hint`}
        value={String(value)}
        onChange={(event) => {
          const seconds = undoSendChoices.find((choice) => String(choice) === event.target.value);
          if (seconds !== undefined) void dispatch(undoSendChosen(seconds));
        }}
      >
        {undoSendChoices.map((seconds: UndoSendSeconds) => (
          <option key={seconds} value={String(seconds)}>
            {seconds === 0 ? t('settings.undoSend.off') : t('settings.undoSend.seconds', { count: seconds })}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="muted">
        {t('settings.undoSend.hint')}
      </p>
    </div>
  );
}
