import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { syncRefusalCode } from '../../../../shared/sync/refusals';
import { Dialog } from '../../keyboard/Dialog';
import { useDismissRefusedMutation, useRefusedChangesInfiniteQuery } from './connectionApi';

/**
 * "N changes not applied" in the status bar, and the list behind it: what the server refused,
 * its reason, and the text the change carried — kept so that nothing typed is lost. The list
 * comes a page at a time, newest first, and "show more" reaches every one the count announces.
 */
export function RefusedChanges() {
  const { t } = useTranslation();
  const count = useAppSelector((state) => state.sync.refused);
  const [open, setOpen] = useState(false);
  if (count === 0) return null;
  return (
    <>
      <button type="button" className="refused-open" onClick={() => setOpen(true)}>
        {t('connection.refused.open', { count })}
      </button>
      {open && <RefusedDialog count={count} onClose={() => setOpen(false)} />}
    </>
  );
}

function RefusedDialog({ count, onClose }: { count: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { data, hasNextPage, fetchNextPage, isFetching } = useRefusedChangesInfiniteQuery();
  const [dismiss] = useDismissRefusedMutation();
  const [copied, setCopied] = useState<number | null>(null);
  const changes = data?.pages.flatMap((page) => page.changes) ?? [];
  const more = Math.max(count - changes.length, 0);
  return (
    <Dialog title={t('connection.refused.title')} onClose={onClose}>
      <p>{t('connection.refused.intro')}</p>
      {changes.length === 0 && <p>{t('connection.refused.empty')}</p>}
      <ul className="refused-list">
        {changes.map((change) => (
          <li key={change.id}>
            <p className="refused-reason">
              {t('connection.refused.reason', {
                // The server's closed set of codes (shared/sync/refusals.ts) is said in the UI's
                // language; a code this app does not know too — never with the server's English.
                message: syncRefusalCode.safeParse(change.code).success
                  ? t(`connection.refused.codes.${change.code}`)
                  : t('connection.refused.unknownCode', { code: change.code }),
              })}
            </p>
            {change.text !== null && <blockquote className="refused-text">{change.text}</blockquote>}
            <div className="refused-actions">
              {change.text !== null && (
                <button
                  type="button"
                  onClick={() => {
                    void navigator.clipboard?.writeText(change.text ?? '').then(() => setCopied(change.id));
                  }}
                >
                  {copied === change.id ? t('connection.refused.copied') : t('connection.refused.copy')}
                </button>
              )}
              <button type="button" onClick={() => void dismiss([change.id])}>
                {t('connection.refused.dismiss')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {hasNextPage && more > 0 && (
        <button type="button" className="refused-more" disabled={isFetching} onClick={() => void fetchNextPage()}>
          {t('connection.refused.more', { count: more })}
        </button>
      )}
      <div className="refused-actions">
        {changes.length > 1 && (
          <button type="button" onClick={() => void dismiss(changes.map((change) => change.id))}>
            {t('connection.refused.dismissAll')}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t('connection.refused.close')}
        </button>
      </div>
    </Dialog>
  );
}
