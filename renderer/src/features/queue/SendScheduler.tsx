import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector, useAppStore } from '../../app/hooks';
import { Dialog } from '../../keyboard/Dialog';
import { selectUndoSendSeconds } from '../settings/selectors';
import { useCommand } from '../../keyboard/commands';
import { queueApi } from './queueApi';
import { composerOpened, itemSelected, sendSettled, toastShown } from './slice';
import { once } from '../../app/once';

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
  const store = useAppStore();
  /** A send the core stopped because the conversation moved on: the moderator decides. */
  const [moved, setMoved] = useState<{ replyId: string; itemId: string } | null>(null);

  const send = useCallback(
    (reply: { replyId: string; itemId: string }, seenUpTo: number | null) => {
      void once(dispatch(queueApi.endpoints.sendReply.initiate({ replyId: reply.replyId, seenUpTo }))).then(
        (result) => {
          if ('error' in result) {
            const error = result.error as { message?: unknown } | undefined;
            if (typeof error?.message === 'string' && error.message.startsWith('newer_activity')) {
              setMoved({ replyId: reply.replyId, itemId: reply.itemId });
              return;
            }
            dispatch(toastShown({ key: 'reply.toast.failed', count: 1, tone: 'error' }));
          } else {
            const key = result.data.submittedForApproval ? 'reply.toast.submitted' : 'reply.toast.queued';
            dispatch(toastShown({ key, count: 1, tone: 'info' }));
          }
        },
      );
    },
    [dispatch],
  );

  useEffect(() => {
    if (!pending) return;
    const tick = setInterval(() => setLeft(Math.max(0, pending.at + windowMs - Date.now())), 250);
    const timer = setTimeout(
      () => {
        dispatch(sendSettled());
        // What the moderator saw: the conversation as of the last time it was read for the screen.
        const seenUpTo = queueApi.endpoints.itemDetail.select(pending.itemId)(store.getState()).fulfilledTimeStamp;
        send(pending, seenUpTo ?? null);
      },
      Math.max(0, pending.at + windowMs - Date.now()),
    );
    return () => {
      clearInterval(tick);
      clearTimeout(timer);
    };
  }, [dispatch, pending, windowMs, send, store]);

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

  if (moved) {
    return (
      <Dialog title={t('connection.collision.title')} onClose={() => setMoved(null)}>
        <h2>{t('connection.collision.title')}</h2>
        <p>{t('connection.collision.body')}</p>
        <div className="refused-actions">
          <button
            type="button"
            onClick={() => {
              setMoved(null);
              dispatch(itemSelected(moved.itemId));
              dispatch(composerOpened('public'));
            }}
          >
            {t('connection.collision.review')}
          </button>
          <button
            type="button"
            onClick={() => {
              setMoved(null);
              send(moved, null);
            }}
          >
            {t('connection.collision.send')}
          </button>
        </div>
      </Dialog>
    );
  }
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
