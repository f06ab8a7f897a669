import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import type { QueueRow as Row } from '../../../../shared/contract';
import { QueueRow } from './QueueRow';

const ROW_HEIGHT = 64;

export interface QueueListProps {
  rows: Row[];
  checked: ReadonlySet<string>;
  meId: string | null;
  now: number;
  language: string;
  hasMore: boolean;
  onSelect: (itemId: string) => void;
  onNeedMore: () => void;
}

export const rowDomId = (itemId: string) => `queue-row-${itemId}`;

/**
 * The queue as a virtualized listbox: only the rows on screen exist in the DOM, so 100k items
 * cost what 20 do. The selected row is the listbox's active descendant and is kept in view.
 */
export const QueueList = memo(function QueueList(props: QueueListProps) {
  const { rows, hasMore, onNeedMore } = props;
  const selectedId = useAppSelector((state) => state.queueUi.selectedId);
  const { t } = useTranslation();
  // Rows repeat the same few labels (kind, status, platform): each is looked up once per language
  // instead of through i18next for every row render.
  const label = useMemo(() => {
    const known = new Map<string, string>();
    return (key: string) => {
      let text = known.get(key);
      if (text === undefined) {
        text = t(key);
        known.set(key, text);
      }
      return text;
    };
  }, [t]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler here; the virtualizer is used as its docs show.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((row) => row.itemId === selectedId);

  // Rows have one height, so keeping the selection in view is arithmetic; the virtualizer's own
  // scrollToIndex measures the whole list on every call (most of a j/k frame in profiles). The
  // scroll position and viewport come from what the virtualizer already tracks: reading them from
  // the element would force a layout in the middle of every j/k.
  useEffect(() => {
    const element = scrollRef.current;
    if (selectedIndex < 0 || !element) return;
    const scrollTop = virtualizer.scrollOffset ?? 0;
    const height = virtualizer.scrollRect?.height ?? 0;
    const top = selectedIndex * ROW_HEIGHT;
    const bottom = top + ROW_HEIGHT;
    if (top < scrollTop) element.scrollTop = top;
    else if (bottom > scrollTop + height) element.scrollTop = bottom - height;
  }, [selectedIndex, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);
  useEffect(() => {
    if (hasMore && last && last.index >= rows.length - 15) onNeedMore();
  }, [hasMore, last, rows.length, onNeedMore]);

  return (
    <div
      ref={scrollRef}
      className="queue-list"
      role="listbox"
      aria-label={t('queue.list.label')}
      aria-multiselectable="true"
      aria-activedescendant={selectedId ? rowDomId(selectedId) : undefined}
      tabIndex={0}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((virtual) => {
          const row = rows[virtual.index];
          if (!row) return null;
          // The slot carries the position, so a row moving up after an archive re-renders only
          // its slot, not the memoised row.
          return (
            <div
              key={row.itemId}
              className="queue-slot"
              style={{ height: ROW_HEIGHT, transform: `translateY(${virtual.start}px)` }}
            >
              <QueueRow
                domId={rowDomId(row.itemId)}
                row={row}
                selected={row.itemId === selectedId}
                checked={props.checked.has(row.itemId)}
                lockedBy={row.assignee && row.assignee.id !== props.meId ? row.assignee.name : null}
                now={props.now}
                language={props.language}
                onSelect={props.onSelect}
                label={label}
                t={t}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
});
