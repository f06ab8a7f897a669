import { useEffect } from 'react';
import { useStore } from 'react-redux';
import type { RootState } from '../../app/store';
import type { QueueRow } from '../../../../shared/contract';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { queueApi } from './queueApi';
import { itemSelected } from './slice';

/** Neighbours whose detail and contact card are fetched ahead of j/k. */
const PREFETCH_OFFSETS = [1, -1, 2, 3, 4];

/**
 * Keeps the selection on the list and the data around it warm: selects the first row when
 * nothing (or an item that left the list) is selected, and prefetches the neighbours' detail and
 * contact card and the selected client's policy and saved replies, so j/k and r/p render from the
 * cache. Renders nothing; kept apart so a selection change does not re-render the queue screen.
 */
export function SelectionFollower({ rows, settled }: { rows: QueueRow[]; settled: boolean }) {
  const dispatch = useAppDispatch();
  const selectedId = useAppSelector((state) => state.queueUi.selectedId);
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((row) => row.itemId === selectedId);

  useEffect(() => {
    if (selectedIndex < 0 && rows[0] && (selectedId === null || settled)) dispatch(itemSelected(rows[0].itemId));
  }, [dispatch, rows, selectedIndex, selectedId, settled]);

  const prefetchDetail = queueApi.usePrefetch('itemDetail');
  const prefetchContact = queueApi.usePrefetch('contactCard');
  const store = useStore<RootState>();
  useEffect(() => {
    // After the frame that shows the selection: the prefetches never delay the j/k itself. Only
    // what the cache lacks is asked for: a prefetch is a dispatch through the store (about
    // 0.5 ms), too much to repeat for every neighbour on every j/k.
    const timer = setTimeout(() => {
      const state = store.getState();
      for (const offset of PREFETCH_OFFSETS) {
        const row = rows[selectedIndex + offset];
        if (!row) continue;
        if (queueApi.endpoints.itemDetail.select(row.itemId)(state).isUninitialized) prefetchDetail(row.itemId);
        if (queueApi.endpoints.contactCard.select(row.authorId)(state).isUninitialized) prefetchContact(row.authorId);
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [prefetchDetail, prefetchContact, rows, selectedIndex, store]);

  // The composer opens at once on r/p: its client's policy and saved replies are fetched ahead.
  const prefetchPolicy = queueApi.usePrefetch('clientPolicy');
  const prefetchSaved = queueApi.usePrefetch('savedReplies');
  const selectedClientId = rows[selectedIndex]?.clientId;
  useEffect(() => {
    if (!selectedClientId) return;
    // After the frame, like the neighbours above: moving onto another client's item shows first.
    const timer = setTimeout(() => {
      prefetchPolicy(selectedClientId);
      prefetchSaved(selectedClientId);
    }, 0);
    return () => clearTimeout(timer);
  }, [prefetchPolicy, prefetchSaved, selectedClientId]);

  return null;
}
