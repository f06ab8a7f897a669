import { useTranslation } from 'react-i18next';
import { useRetrySyncMutation } from './connectionApi';

/** Why the last sync failed (the core's sentence, which says what to do) and a way to retry now. */
export function SyncProblem({ message }: { message: string }) {
  const { t } = useTranslation();
  const [retry, state] = useRetrySyncMutation();
  return (
    <span className="sync-problem">
      <span className="sync-problem-text" title={message}>
        {message}
      </span>{' '}
      <button type="button" className="refused-open" disabled={state.isLoading} onClick={() => void retry()}>
        {t('connection.retry')}
      </button>
    </span>
  );
}
