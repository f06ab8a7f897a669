import { useCallback } from 'react';
import type { ItemActionRequest, QueuePage, QueueRow, Result } from '../../../../shared/contract';
import type { Item } from '../../../../shared/domain/entities';
import { itemActions, undoRequestOf } from '../../../../shared/domain/itemActions';
import { useStore } from 'react-redux';
import { useAppDispatch } from '../../app/hooks';
import { createAppThunk } from '../../app/hooks';
import type { RootState } from '../../app/store';
import { queueApi, type QueueQuery } from './queueApi';
import {
  acted,
  bulkRunAdvanced,
  bulkRunEnded,
  bulkRunStarted,
  itemSelected,
  matchingCounted,
  toastShown,
  undone,
  unhidden,
  type UndoEntry,
} from './slice';
import { once } from '../../app/once';

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Items per `items:act` call of a bulk action (below the contract's MAX_BULK_ITEMS): the
 * progress moves and a stop takes effect between calls; the core yields within each call too.
 */
export const BULK_CALL_ITEMS = 500;

/** Every item matching the filter, not only the loaded rows, however many: the bar states the count. */
export const collectMatching = createAppThunk(
  'queue/collectMatching',
  async (query: QueueQuery, { extra, dispatch, getState, rejectWithValue }) => {
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: Result<QueuePage> = await extra.client.call('queue:list', { ...query, after, limit: 200 });
      if (!page.ok) return rejectWithValue(page.error.code);
      ids.push(...page.value.rows.map((row) => row.itemId));
      after = page.value.nextCursor;
      // The user chose something else meanwhile: stop counting.
    } while (after !== null && getState().queueUi.bulkAllMatching);
    dispatch(matchingCounted(ids));
    return ids;
  },
);

/**
 * Runs item actions on the selection or the bulk set: hides what leaves the view and selects the
 * next row at once (the list refetches after the core confirms), remembers the inverse for undo,
 * and reports refusals.
 */
export function useQueueActions(rows: QueueRow[], query: QueueQuery) {
  const dispatch = useAppDispatch();
  // The UI state is read when an action runs, not subscribed to: the selection changes on every
  // j/k and the screen using these actions should not re-render for it.
  const store = useStore<RootState>();

  const targets = useCallback(async (): Promise<string[]> => {
    const ui = store.getState().queueUi;
    if (ui.bulkAllMatching) return ui.matchingIds ?? dispatch(collectMatching(query)).unwrap();
    if (ui.bulk.length > 0) return ui.bulk;
    return ui.selectedId ? [ui.selectedId] : [];
  }, [dispatch, query, store]);

  const nextAfter = useCallback(
    (removed: ReadonlySet<string>): string | null => {
      const { selectedId } = store.getState().queueUi;
      const anchor = rows.findIndex((row) => row.itemId === selectedId);
      const after = rows.slice(Math.max(anchor, 0)).find((row) => !removed.has(row.itemId));
      const before = [...rows.slice(0, Math.max(anchor, 0))].reverse().find((row) => !removed.has(row.itemId));
      return (after ?? before)?.itemId ?? null;
    },
    [rows, store],
  );

  const run = useCallback(
    async (action: ItemActionRequest) => {
      // What the moderator is told: the act's own text (shared/domain/itemActions.ts).
      const labelKey = `queue.toast.${itemActions[action.type].toast}`;
      const ids = await targets();
      if (ids.length === 0 || store.getState().queueUi.bulkRun) return;
      const removes = itemActions[action.type].leavesView && query.view !== 'all';
      dispatch(acted({ removedIds: ids, nextId: nextAfter(new Set(ids)), undo: null, removes }));
      // The next item is drawn first; the change goes to the core in the next task, so starting
      // the request (a store update, a socket write) is not part of that frame.
      await nextTask();
      const chunked = ids.length > BULK_CALL_ITEMS;
      if (chunked) dispatch(bulkRunStarted(ids.length));
      const applied: { before: Item }[] = [];
      const refused: string[] = [];
      const failed: string[] = [];
      let sent = 0;
      while (sent < ids.length && !store.getState().queueUi.bulkRun?.stopping) {
        const chunk = ids.slice(sent, sent + BULK_CALL_ITEMS);
        const result = await once(dispatch(queueApi.endpoints.actOnItems.initiate({ itemIds: chunk, action })));
        sent += chunk.length;
        if ('error' in result) failed.push(...chunk);
        else {
          applied.push(...result.data.applied);
          refused.push(...result.data.refused.map((r) => r.itemId));
        }
        if (chunked) dispatch(bulkRunAdvanced(sent));
      }
      if (chunked) dispatch(bulkRunEnded());
      // Stopped: what was not sent stays as it was, and shows again.
      const back = [...failed, ...refused, ...ids.slice(sent)];
      if (back.length > 0) dispatch(unhidden(back));
      const inverse = applied.flatMap(({ before }) => {
        const undoIt = undoRequestOf(before, action);
        return undoIt ? [{ itemId: before.id, action: undoIt }] : [];
      });
      const undo: UndoEntry | null = inverse.length > 0 ? { labelKey, count: applied.length, inverse } : null;
      // Nothing reached the core: the last undo still stands.
      if (failed.length < sent) dispatch(acted({ removedIds: [], nextId: null, undo, removes: false }));
      if (failed.length > 0) dispatch(toastShown({ key: 'queue.toast.failed', count: failed.length, tone: 'error' }));
      else if (refused.length > 0)
        dispatch(toastShown({ key: 'queue.toast.refused', count: refused.length, tone: 'error' }));
      else dispatch(toastShown({ key: labelKey, count: applied.length, tone: 'info' }));
    },
    [dispatch, nextAfter, query.view, store, targets],
  );

  const undo = useCallback(async () => {
    const entry = store.getState().queueUi.undo;
    if (!entry) return;
    dispatch(undone());
    // Items needing the same inverse go together.
    const groups = new Map<string, { action: ItemActionRequest; ids: string[] }>();
    for (const { itemId, action } of entry.inverse) {
      const key = JSON.stringify(action);
      const group = groups.get(key) ?? { action, ids: [] };
      group.ids.push(itemId);
      groups.set(key, group);
    }
    for (const { action, ids } of groups.values()) {
      for (let start = 0; start < ids.length; start += BULK_CALL_ITEMS) {
        const itemIds = ids.slice(start, start + BULK_CALL_ITEMS);
        await once(dispatch(queueApi.endpoints.actOnItems.initiate({ itemIds, action })));
      }
    }
    const ids = entry.inverse.map((i) => i.itemId);
    dispatch(unhidden(ids));
    dispatch(itemSelected(ids[0] ?? null));
    dispatch(toastShown({ key: 'queue.toast.undone', count: entry.count, tone: 'info' }));
  }, [dispatch, store]);

  return { run, undo, targets };
}
