import { lazy, memo, Suspense, useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemActionRequest, QueueRow } from '../../../../shared/contract';
import type { User } from '../../../../shared/domain/entities';
import { useAppSelector } from '../../app/hooks';
import { useCommand } from '../../keyboard/commands';
import { usePresenceReport } from '../connection/Presence';
import { DetailPane } from './DetailPane';
import { NoteDialog } from './NoteDialog';
import { QueuePickers } from './QueuePickers';
import { useContactCardQuery, useItemDetailQuery } from './queueApi';
import { pickerOpened } from './slice';
import { useAppDispatch } from '../../app/hooks';
import './detail.css';

/** The composer is code-split: the queue opens without it, and it is fetched once the queue shows. */
const loadReplyPanel = () => import('./ReplyPanel');
const ReplyPanel = lazy(() => loadReplyPanel().then((module) => ({ default: module.ReplyPanel })));
export const preloadReplyPanel = () => void loadReplyPanel();

export interface DetailColumnProps {
  rows: QueueRow[];
  me: User | null;
  language: string;
  run: (action: ItemActionRequest) => Promise<void>;
}

/**
 * The selected item in context, with the dialogs that act on it. It follows the selection on its
 * own, so a j/k re-renders this column and two rows, not the whole queue screen. The detail and
 * the contact card of the neighbours are prefetched (see SelectionFollower), so both come from
 * the cache in the same render.
 */
export const DetailColumn = memo(function DetailColumn({ rows, me, language, run }: DetailColumnProps) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const selectedId = useAppSelector((state) => state.queueUi.selectedId);
  const composer = useAppSelector((state) => state.queueUi.composer);
  const focused = useAppSelector((state) => state.queueUi.focus === 'detail');
  const picker = useAppSelector((state) => state.queueUi.picker);
  const selectedRow = selectedId === null ? undefined : rows.find((row) => row.itemId === selectedId);

  const detail = useItemDetailQuery(selectedId ?? '', { skip: selectedId === null });
  const shownDetail = detail.data && detail.data.item.id === selectedId ? detail.data : undefined;
  const authorId = shownDetail?.author.id ?? selectedRow?.authorId;
  const contact = useContactCardQuery(authorId ?? '', { skip: authorId === undefined }).data;
  // The contact card follows a moment after the item: it sits below the thread, and rendering it
  // in the same pass would lengthen the frame of every j/k and archive. React renders it right
  // after, in a pass a next key press interrupts.
  const deferredContact = useDeferredValue(contact);
  const shownContact = deferredContact && deferredContact.contact.id === authorId ? deferredContact : undefined;

  useCommand('contact.note', () => dispatch(pickerOpened('note')), shownDetail !== undefined);
  // The team sees who is on which item (debounced: moving through the queue reports nothing).
  usePresenceReport(shownDetail?.item.id ?? null, composer ? 'replying' : 'viewing');

  return (
    // Focusable: the column scrolls on its own, and keyboard users scroll it with the arrow keys.
    <div className={`detail-column${focused ? ' focused' : ''}`} tabIndex={0}>
      {shownDetail ? (
        <DetailPane
          detail={shownDetail}
          contact={shownContact}
          language={language}
          composer={
            composer && me ? (
              <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
                <ReplyPanel detail={shownDetail} me={me} mode={composer} />
              </Suspense>
            ) : null
          }
        />
      ) : (
        <p className="muted detail-empty">{t(selectedRow ? 'app.loading' : 'detail.none')}</p>
      )}
      {picker === 'note' && shownDetail && (
        <NoteDialog
          contactId={shownDetail.author.id}
          contactName={shownDetail.author.displayName}
          itemId={shownDetail.item.id}
        />
      )}
      {picker && picker !== 'note' && (
        <QueuePickers picker={picker} clientId={shownDetail?.client.id ?? selectedRow?.clientId ?? null} run={run} />
      )}
    </div>
  );
});
