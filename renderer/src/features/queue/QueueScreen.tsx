import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shallowEqual, useStore } from 'react-redux';
import type { RootState } from '../../app/store';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useCommand } from '../../keyboard/commands';
import { usePresenceFeed } from '../connection/Presence';
import { selectUiLanguage } from '../settings/selectors';
import { DetailColumn, preloadReplyPanel } from './DetailColumn';
import { QueueList } from './QueueList';
import {
  queueQueryOf,
  useQueueCountsQuery,
  useQueuePageInfiniteQuery,
  useSessionQuery,
  type QueueQuery,
} from './queueApi';
import { QueueSearch } from './QueueSearch';
import { SelectionFollower } from './SelectionFollower';
import { QueueSidebar, savedViews } from './Sidebar';
import {
  bulkAdded,
  bulkAllMatchingChosen,
  bulkCleared,
  bulkRunStopAsked,
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
import { collectMatching, useQueueActions } from './useQueueActions';
import { BulkBar } from './BulkBar';
import { SendScheduler } from './SendScheduler';
import './queue.css';

/**
 * What the screen itself renders from the UI state. The selection is left out on purpose: the
 * list, the detail column and SelectionFollower follow it themselves, and commands read it from
 * the store when they run, so j/k does not re-render the whole screen.
 */
const selectScreenUi = (state: RootState) => {
  const ui = state.queueUi;
  return {
    view: ui.view,
    clientId: ui.clientId,
    channelId: ui.channelId,
    search: ui.search,
    sort: ui.sort,
    hidden: ui.hidden,
    bulk: ui.bulk,
    bulkAllMatching: ui.bulkAllMatching,
    hasSelection: ui.selectedId !== null,
    picker: ui.picker,
    composer: ui.composer,
    hasUndo: ui.undo !== null,
    toast: ui.toast,
    pendingSend: ui.pendingSend !== null,
  };
};

export function QueueScreen() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const ui = useAppSelector(selectScreenUi, shallowEqual);
  const store = useStore<RootState>();
  const language = useAppSelector(selectUiLanguage);
  const me = useSessionQuery().data?.user ?? null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const query: QueueQuery = useMemo(
    () => queueQueryOf(ui, me?.id),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the fields queueQueryOf reads
    [ui.view, ui.clientId, ui.channelId, ui.search, ui.sort, me?.id],
  );
  const page = useQueuePageInfiniteQuery(query, { skip: ui.view === 'mine' && !me });
  const counts = useQueueCountsQuery(me?.id).data;
  usePresenceFeed();

  const allRows = useMemo(() => page.data?.pages.flatMap((p) => p.rows) ?? [], [page.data]);
  const hidden = useMemo(() => new Set(ui.hidden), [ui.hidden]);
  const rows = useMemo(() => (hidden.size ? allRows.filter((r) => !hidden.has(r.itemId)) : allRows), [allRows, hidden]);
  const checked = useMemo(() => new Set(ui.bulk), [ui.bulk]);

  useEffect(() => {
    if (ui.hidden.length && !page.isFetching) dispatch(hiddenPruned(allRows.map((r) => r.itemId)));
    // Only when a fetch lands: hidden items stay hidden until the list no longer has them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [allRows, page.isFetching]);

  const { run, undo } = useQueueActions(rows, query);
  const { isFetchingNextPage, fetchNextPage } = page;
  const onNeedMore = useCallback(() => {
    if (!isFetchingNextPage) void fetchNextPage();
  }, [isFetchingNextPage, fetchNextPage]);
  // Once the queue shows, the composer's code is fetched so r/p open it at once.
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (hasRows) preloadReplyPanel();
  }, [hasRows]);

  const move = useCallback(
    (delta: number, extend = false) => {
      const selectedId = store.getState().queueUi.selectedId;
      const selectedIndex = selectedId === null ? -1 : rows.findIndex((row) => row.itemId === selectedId);
      const index = Math.min(Math.max((selectedIndex < 0 ? -1 : selectedIndex) + delta, 0), rows.length - 1);
      const target = rows[index];
      if (!target) return;
      if (extend) {
        const current = rows[selectedIndex];
        dispatch(bulkAdded([...(current ? [current.itemId] : []), target.itemId]));
      }
      dispatch(itemSelected(target.itemId));
    },
    [dispatch, rows, store],
  );

  const onChooseView = useCallback(
    (choice: Parameters<typeof viewChosen>[0]) => dispatch(viewChosen(choice)),
    [dispatch],
  );
  const onSelect = useCallback((itemId: string) => dispatch(itemSelected(itemId)), [dispatch]);

  const hasTarget = ui.hasSelection || ui.bulk.length > 0 || ui.bulkAllMatching;
  const noDialog = ui.picker === null;
  useCommand('queue.next', () => move(1), noDialog);
  useCommand('queue.previous', () => move(-1), noDialog);
  useCommand('selection.extendDown', () => move(1, true), noDialog);
  useCommand('selection.extendUp', () => move(-1, true), noDialog);
  useCommand(
    'selection.toggle',
    () => {
      const selectedId = store.getState().queueUi.selectedId;
      if (selectedId) dispatch(bulkToggled(selectedId));
    },
    noDialog,
  );
  useCommand(
    'selection.allMatching',
    () => {
      dispatch(bulkAllMatchingChosen());
      // Counted before acting: the bar states how many items an action will change.
      void dispatch(collectMatching(query));
    },
    noDialog,
  );
  useCommand('item.open', () => dispatch(focusMoved('detail')), hasTarget && noDialog);
  useCommand('app.back', () => {
    if (store.getState().queueUi.bulkRun) dispatch(bulkRunStopAsked());
    else if (ui.composer) dispatch(composerOpened(null));
    else if (ui.bulk.length || ui.bulkAllMatching) dispatch(bulkCleared());
    else if (ui.search) dispatch(searchChanged(''));
    else dispatch(focusMoved('list'));
  });
  useCommand('item.archive', () => void run({ type: 'archive', reason: 'no_reply_needed' }), hasTarget);
  useCommand('item.claim', () => void run({ type: 'claim' }), hasTarget);
  useCommand('item.snooze', () => dispatch(pickerOpened('snooze')), hasTarget);
  useCommand('item.label', () => dispatch(pickerOpened('label')), hasTarget);
  useCommand('item.hide', () => dispatch(pickerOpened('hide')), hasTarget);
  useCommand('item.assign', () => dispatch(pickerOpened('assign')), hasTarget);
  useCommand('item.escalate', () => dispatch(composerOpened('public')), ui.hasSelection && ui.composer === null);
  useCommand('action.undo', () => void undo(), ui.hasUndo);
  useCommand('reply.public', () => dispatch(composerOpened('public')), ui.hasSelection);
  useCommand('reply.private', () => dispatch(composerOpened('private')), ui.hasSelection);
  savedViews.forEach((view, index) =>
    // eslint-disable-next-line react-hooks/rules-of-hooks -- a fixed list: same hooks every render
    useCommand(`view.${index + 1}` as 'view.1', () => dispatch(viewChosen({ view }))),
  );

  useEffect(() => {
    if (!ui.toast) return;
    const timer = setTimeout(() => dispatch(toastShown(null)), 10_000);
    return () => clearTimeout(timer);
  }, [dispatch, ui.toast]);

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
          <QueueSearch />
        </header>
        <BulkBar />
        {rows.length === 0 && page.isFetching ? (
          // Not an empty listbox while the first page loads: a listbox must hold options.
          <p className="list-note" role="status">
            {t('app.loading')}
          </p>
        ) : rows.length === 0 ? (
          <div className="empty-state">
            <h2>{t(ui.search ? 'queue.empty.searchTitle' : 'queue.empty.title')}</h2>
            <p>{t(ui.search ? 'queue.empty.searchBody' : 'queue.empty.body')}</p>
          </div>
        ) : (
          <QueueList
            rows={rows}
            checked={checked}
            meId={me?.id ?? null}
            now={now}
            language={language}
            hasMore={page.hasNextPage}
            onSelect={onSelect}
            onNeedMore={onNeedMore}
          />
        )}
      </section>
      <DetailColumn rows={rows} me={me} language={language} run={run} />
      <SelectionFollower rows={rows} settled={!page.isFetching} />
      <SendScheduler />
      {ui.toast && !ui.pendingSend && (
        <div className={`toast ${ui.toast.tone}`} role="status" aria-live="polite">
          {t(ui.toast.key, { count: ui.toast.count })}
          {ui.hasUndo && ui.toast.tone === 'info' && (
            <button type="button" onClick={() => void undo()}>
              {t('queue.toast.undo')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
