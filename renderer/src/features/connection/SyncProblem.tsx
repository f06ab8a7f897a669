import { useTranslation } from 'react-i18next';
import type { SyncProblem as Problem } from '../../../../shared/contract';
import { useRetrySyncMutation } from './connectionApi';

/**
 * Why the last sync failed, worded from the core's code (`connection.syncProblem.<code>`, never
 * its English `lastError`, which is for logs), and a way to retry now.
 */
export function SyncProblem({ problem }: { problem: Problem | null }) {
  const { t } = useTranslation();
  const [retry, state] = useRetrySyncMutation();
  const text =
    problem === null
      ? t('connection.syncProblem.unexpected')
      : t(`connection.syncProblem.${problem.code}`, { status: problem.status ?? '?' });
  return (
    <span className="sync-problem">
      <span className="sync-problem-text" title={text}>
        {text}
      </span>{' '}
      <button type="button" className="refused-open" disabled={state.isLoading} onClick={() => void retry()}>
        {t('connection.retry')}
      </button>
    </span>
  );
}
