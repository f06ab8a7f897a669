import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { bulkRunStopAsked } from './slice';

/**
 * What a bulk action will act on, stated before acting ("All 12,345 items matching the filter
 * are selected"), and, while it runs in chunks, how far it is, with a way to stop it.
 */
export function BulkBar() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const bulk = useAppSelector((state) => state.queueUi.bulk.length);
  const allMatching = useAppSelector((state) => state.queueUi.bulkAllMatching);
  const matching = useAppSelector((state) => state.queueUi.matchingIds?.length ?? null);
  const run = useAppSelector((state) => state.queueUi.bulkRun);
  if (run) {
    return (
      <div className="bulk-bar bulk-run" role="status">
        <progress value={run.done} max={run.total} aria-label={t('queue.bulk.progressLabel')} />
        <span>
          {run.stopping ? t('queue.bulk.stopping') : t('queue.bulk.progress', { done: run.done, total: run.total })}
        </span>
        <button type="button" disabled={run.stopping} onClick={() => dispatch(bulkRunStopAsked())}>
          {t('queue.bulk.stop')}
        </button>
      </div>
    );
  }
  if (!allMatching && bulk === 0) return null;
  return (
    <p className="bulk-bar" role="status">
      {!allMatching
        ? t('queue.bulk.selected', { count: bulk })
        : matching === null
          ? t('queue.bulk.counting')
          : t('queue.bulk.allMatching', { count: matching })}
    </p>
  );
}
