import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { LanguagePicker } from '../settings/LanguagePicker';
import { selectUiLanguage } from '../settings/selectors';
import { RefusedChanges } from '../connection/RefusedChanges';
import { SyncProblem } from '../connection/SyncProblem';
import './sync.css';

export function StatusBar() {
  const { t } = useTranslation();
  const sync = useAppSelector((state) => state.sync);
  const language = useAppSelector(selectUiLanguage);
  const time =
    sync.lastSyncAt === null
      ? t('status.never')
      : t('status.lastSync', {
          time: new Intl.DateTimeFormat(language, { timeStyle: 'short', dateStyle: 'short' }).format(sync.lastSyncAt),
        });
  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      {sync.state === 'online' && sync.live !== true ? (
        // Synced, but a colleague's change would only come at the next sync: not "live" yet.
        <span
          className="sync-state reconnecting"
          role="status"
          data-testid="sync-state"
          title={t('connection.live.hint')}
        >
          {t('connection.live.reconnecting')}
        </span>
      ) : (
        <span className={`sync-state ${sync.state}`} role="status" data-testid="sync-state">
          {t(`status.sync.${sync.state}`)}
        </span>
      )}
      {sync.pending > 0 && <span>{t('status.pending', { count: sync.pending })}</span>}
      <RefusedChanges />
      {sync.state === 'offline' && (sync.problem != null || sync.lastError !== null) && (
        <SyncProblem problem={sync.problem ?? null} />
      )}
      <span className="last-sync">{time}</span>
      <span className="spacer" />
      <LanguagePicker compact />
    </footer>
  );
}
