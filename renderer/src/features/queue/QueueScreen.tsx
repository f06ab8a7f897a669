import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useCommand } from '../../keyboard/commands';
import { selectUiLanguage } from '../settings/selectors';
import { DetailPane } from './DetailPane';
import { QueueList } from './QueueList';
import { NoteDialog } from './NoteDialog';
import { QueuePickers } from './QueuePickers';
import {
  useContactCardQuery,
  useItemDetailQuery,
  useQueueCountsQuery,
  useQueuePageInfiniteQuery,
  useSessionQuery,
  queueApi,
  type QueueQuery,
} from './queueApi';
import { QueueSidebar, savedViews } from './Sidebar';
import {
  bulkAdded,
  bulkAllMatchingChosen,
  bulkCleared,
  bulkToggled,
  composerOpened,
  focusMoved,
  hiddenPruned,
  itemSelected,
  pickerOpened,
  searchChanged,
  toastShown,
  viewChosen,
} from './slice';
import { useQueueActions } from './useQueueActions';
import { ReplyPanel } from './ReplyPanel';
import { SendScheduler } from './SendScheduler';

const SEARCH_DEBOUNCE_MS = 60;

export function QueueScreen() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const ui = useAppSelector((state) => state.queueUi);
  const language = useAppSelector(selectUiLanguage);
  const me = useSessionQuery().data?.user ?? null;
  const searchRef = useRef<HTMLInputElement>(null);
  const [searchText, setSearchText] = useState(ui.search);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const query: QueueQuery = useMemo(
    () => ({
      view: ui.view,
      userId: me?.id,
      filters: {
        ...(ui.clientId ? { clientId: ui.clientId } : {}),
        ...(ui.channelId ? { channelId: ui.channelId } : {}),
        ...(ui.search.trim() ? { search: ui.search.trim() } : {}),
      },
      // Finished work has no priority order (the replica indexes priority for open work only).
      sort: (ui.view === 'done' || ui.view === 'all') && !ui.search.trim() ? 'newest' : ui.sort,
    }),
    [ui.view, ui.clientId, ui.channelId, ui.search, ui.sort, me?.id],
  );
  const page = useQueuePageInfiniteQuery(query, { skip: ui.view === 'mine' && !me });
  const counts = useQueueCountsQuery(me?.id).data;

  const allRows = useMemo(() => page.data?.pages.flatMap((p) => p.rows) ?? [], [page.data]);
  const hidden = useMemo(() => new Set(ui.hidden), [ui.hidden]);
  const rows = useMemo(() => (hidden.size ? allRows.filter((r) => !hidden.has(r.itemId)) : allRows), [allRows, hidden]);
  const checked = useMemo(() => new Set(ui.bulk), [ui.bulk]);

  useEffect(() => {
    if (ui.hidden.length && !page.isFetching) dispatch(hiddenPruned(allRows.map((r) => r.itemId)));
    // Only when a fetch lands: hidden items stay hidden until the list no longer has them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [allRows, page.isFetching]);

  const selectedIndex = rows.findIndex((row) => row.itemId === ui.selectedId);
  // Nothing selected, or the selection left the list once it settled: take the first row.
  useEffect(() => {
    if (selectedIndex < 0 && rows[0] && (ui.selectedId === null || !page.isFetching)) {
      dispatch(itemSelected(rows[0].itemId));
    }
  }, [dispatch, rows, selectedIndex, ui.selectedId, page.isFetching]);

  // Neighbours are fetched ahead, so j/k shows the next item without waiting.
  const prefetch = queueApi.usePrefetch('itemDetail');
  useEffect(() => {
    for (const offset of [1, -1, 2]) {
      const neighbour = rows[selectedIndex + offset];
      if (neighbour) prefetch(neighbour.itemId);
    }
  }, [prefetch, rows, selectedIndex]);

  const detail = useItemDetailQuery(ui.selectedId ?? '', { skip: ui.selectedId === null });
  const shownDetail = detail.data && detail.data.item.id === ui.selectedId ? detail.data : undefined;
  // The composer opens at once on r/p: its client's policy and saved replies are fetched ahead.
  const prefetchPolicy = queueApi.usePrefetch('clientPolicy');
  const prefetchSaved = queueApi.usePrefetch('savedReplies');
  const selectedClientId = rows[selectedIndex]?.clientId;
  useEffect(() => {
    if (!selectedClientId) return;
    prefetchPolicy(selectedClientId);
    prefetchSaved(selectedClientId);
  }, [prefetchPolicy, prefetchSaved, selectedClientId]);
  const contact = useContactCardQuery(shownDetail?.author.id ?? '', { skip: !shownDetail }).data;
  const { run, undo } = useQueueActions(rows, query);

  const move = useCallback(
    (delta: number, extend = false) => {
      const index = Math.min(Math.max((selectedIndex < 0 ? -1 : selectedIndex) + delta, 0), rows.length - 1);
      const target = rows[index];
      if (!target) return;
      if (extend) {
        const current = rows[selectedIndex];
        dispatch(bulkAdded([...(current ? [current.itemId] : []), target.itemId]));
      }
      dispatch(itemSelected(target.itemId));
    },
    [dispatch, rows, selectedIndex],
  );

  const onChooseView = useCallback(
    (choice: Parameters<typeof viewChosen>[0]) => dispatch(viewChosen(choice)),
    [dispatch],
  );
  const onSelect = useCallback((itemId: string) => dispatch(itemSelected(itemId)), [dispatch]);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onSearch = (text: string) => {
    setSearchText(text);
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => dispatch(searchChanged(text)), SEARCH_DEBOUNCE_MS);
  };

  const hasTarget = ui.selectedId !== null || ui.bulk.length > 0 || ui.bulkAllMatching;
  const noDialog = ui.picker === null;
  useCommand('queue.next', () => move(1), noDialog);
  useCommand('queue.previous', () => move(-1), noDialog);
  useCommand('selection.extendDown', () => move(1, true), noDialog);
  useCommand('selection.extendUp', () => move(-1, true), noDialog);
  useCommand('selection.toggle', () => ui.selectedId && dispatch(bulkToggled(ui.selectedId)), noDialog);
  useCommand('selection.allMatching', () => dispatch(bulkAllMatchingChosen()), noDialog);
  useCommand('item.open', () => dispatch(focusMoved('detail')), hasTarget && noDialog);
  useCommand('app.back', () => {
    if (ui.composer) dispatch(composerOpened(null));
    else if (ui.bulk.length || ui.bulkAllMatching) dispatch(bulkCleared());
    else if (ui.search) onSearch('');
    else dispatch(focusMoved('list'));
  });
  useCommand(
    'item.done',
    () => void run({ type: 'archive', reason: 'no_reply_needed' }, 'queue.toast.archived'),
    hasTarget,
  );
  useCommand('item.claim', () => void run({ type: 'claim' }, 'queue.toast.claimed'), hasTarget);
  useCommand('item.snooze', () => dispatch(pickerOpened('snooze')), hasTarget);
  useCommand('item.label', () => dispatch(pickerOpened('label')), hasTarget);
  useCommand('item.hide', () => dispatch(pickerOpened('hide')), hasTarget);
  useCommand('item.assign', () => dispatch(pickerOpened('assign')), hasTarget);
  useCommand('contact.note', () => dispatch(pickerOpened('note')), shownDetail !== undefined);
  useCommand('item.escalate', () => dispatch(composerOpened('public')), ui.selectedId !== null && ui.composer === null);
  useCommand('action.undo', () => void undo(), ui.undo !== null);
  useCommand('search.focus', () => searchRef.current?.focus());
  useCommand('reply.public', () => dispatch(composerOpened('public')), ui.selectedId !== null);
  useCommand('reply.private', () => dispatch(composerOpened('private')), ui.selectedId !== null);
  savedViews.forEach((view, index) =>
    // eslint-disable-next-line react-hooks/rules-of-hooks -- a fixed list: same hooks every render
    useCommand(`view.${index + 1}` as 'view.1', () => dispatch(viewChosen({ view }))),
  );

  useEffect(() => {
    if (!ui.toast) return;
    const timer = setTimeout(() => dispatch(toastShown(null)), 10_000);
    return () => clearTimeout(timer);
  }, [dispatch, ui.toast]);

  const selectedRow = rows[selectedIndex];
  return (
    <div className="queue-screen">
      <QueueSidebar
        counts={counts}
        view={ui.view}
        clientId={ui.clientId}
        channelId={ui.channelId}
        language={language}
        onChoose={onChooseView}
      />
      <section className="queue-column" aria-labelledby="queue-title">
        <header className="queue-head">
          <h1 id="queue-title">{t(`queue.views.${ui.view}`)}</h1>
          <input
            ref={searchRef}
            type="search"
            className="queue-search"
            aria-label={t('queue.search.label')}
            placeholder={t('queue.search.placeholder')}
            value={searchText}
            onChange={(event) => onSearch(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === 'ArrowDown') {
                event.preventDefault();
                event.currentTarget.blur();
              }
            }}
          />
        </header>
        {(ui.bulk.length > 0 || ui.bulkAllMatching) && (
          <p className="bulk-bar" role="status">
            {ui.bulkAllMatching ? t('queue.bulk.allMatching') : t('queue.bulk.selected', { count: ui.bulk.length })}
          </p>
        )}
        {rows.length === 0 && !page.isFetching ? (
          <div className="empty-state">
            <h2>{t(ui.search ? 'queue.empty.searchTitle' : 'queue.empty.title')}</h2>
            <p>{t(ui.search ? 'queue.empty.searchBody' : 'queue.empty.body')}</p>
          </div>
        ) : (
          <QueueList
            rows={rows}
            selectedId={ui.selectedId}
            checked={checked}
            meId={me?.id ?? null}
            now={now}
            language={language}
            hasMore={page.hasNextPage}
            loading={page.isFetching}
            onSelect={onSelect}
            onNeedMore={() => {
              if (!page.isFetchingNextPage) void page.fetchNextPage();
            }}
          />
        )}
      </section>
      <div className={`detail-column${ui.focus === 'detail' ? ' focused' : ''}`}>
        {shownDetail ? (
          <DetailPane
            detail={shownDetail}
            contact={contact}
            language={language}
            composer={ui.composer && me ? <ReplyPanel detail={shownDetail} me={me} mode={ui.composer} /> : null}
          />
        ) : (
          <p className="muted detail-empty">{t(selectedRow ? 'app.loading' : 'detail.none')}</p>
        )}
      </div>
      <SendScheduler />
      {ui.picker === 'note' && shownDetail && (
        <NoteDialog
          contactId={shownDetail.author.id}
          contactName={shownDetail.author.displayName}
          itemId={shownDetail.item.id}
        />
      )}
      {ui.picker && ui.picker !== 'note' && (
        <QueuePickers picker={ui.picker} clientId={shownDetail?.client.id ?? null} run={run} />
      )}
      {ui.toast && !ui.pendingSend && (
        <div className={`toast ${ui.toast.tone}`} role="status" aria-live="polite">
          {t(ui.toast.key, { count: ui.toast.count })}
          {ui.undo && ui.toast.tone === 'info' && (
            <button type="button" onClick={() => void undo()}>
              {t('queue.toast.undo')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
