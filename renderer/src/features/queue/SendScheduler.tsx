import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectUndoSendSeconds } from '../settings/selectors';
import { useCommand } from '../../keyboard/commands';
import { queueApi } from './queueApi';
import { composerOpened, itemSelected, sendSettled, toastShown } from './slice';

/**
 * Holds a sent reply for the undo window, then hands it to the core. The draft is already saved
 * in the replica, so closing the app inside the window loses nothing: the reply is simply not
 * sent and is still there as a draft.
 */
export function SendScheduler() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const pending = useAppSelector((state) => state.queueUi.pendingSend);
  // How long a reply waits before it leaves, so "undo" can still take it back (a setting).
  const windowMs = useAppSelector(selectUndoSendSeconds) * 1000;
  const [left, setLeft] = useState(windowMs);

  useEffect(() => {
    if (!pending) return;
    const tick = setInterval(() => setLeft(Math.max(0, pending.at + windowMs - Date.now())), 250);
    const timer = setTimeout(
      () => {
        dispatch(sendSettled());
        void dispatch(queueApi.endpoints.sendReply.initiate({ replyId: pending.replyId })).then((result) => {
          if ('error' in result) {
            dispatch(toastShown({ key: 'reply.toast.failed', count: 1, tone: 'error' }));
          } else {
            const key = result.data.submittedForApproval ? 'reply.toast.submitted' : 'reply.toast.sent';
            dispatch(toastShown({ key, count: 1, tone: 'info' }));
          }
        });
      },
      Math.max(0, pending.at + windowMs - Date.now()),
    );
    return () => {
      clearInterval(tick);
      clearTimeout(timer);
    };
  }, [dispatch, pending, windowMs]);

  /**
   * Takes the reply back: it is not sent, and the composer opens again on its draft. The detail
   * is read again first, so the composer opens on the saved draft even when the refresh after
   * saving it has not landed yet.
   */
  const unsend = (toast: boolean) => {
    if (!pending) return;
    dispatch(sendSettled());
    dispatch(itemSelected(pending.itemId));
    if (toast) dispatch(toastShown({ key: 'reply.toast.unsent', count: 1, tone: 'info' }));
    void dispatch(
      queueApi.endpoints.itemDetail.initiate(pending.itemId, { forceRefetch: true, subscribe: false }),
    ).then(() => dispatch(composerOpened('public')));
  };
  useCommand('action.undo', () => unsend(true), pending !== null);

  if (!pending || windowMs === 0) return null;
  return (
    <div className="toast info send-pending" role="status" aria-live="polite">
      {t(pending.forApproval ? 'reply.pending.approval' : 'reply.pending.send', { seconds: Math.ceil(left / 1000) })}
      <button type="button" onClick={() => unsend(false)}>
        {t('queue.toast.undo')}
      </button>
    </div>
  );
}
