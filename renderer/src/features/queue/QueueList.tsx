import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueRow as Row } from '../../../../shared/contract';
import { QueueRow } from './QueueRow';

const ROW_HEIGHT = 64;

export interface QueueListProps {
  rows: Row[];
  selectedId: string | null;
  checked: ReadonlySet<string>;
  meId: string | null;
  now: number;
  language: string;
  hasMore: boolean;
  loading: boolean;
  onSelect: (itemId: string) => void;
  onNeedMore: () => void;
}

export const rowDomId = (itemId: string) => `queue-row-${itemId}`;

/**
 * The queue as a virtualized listbox: only the rows on screen exist in the DOM, so 100k items
 * cost what 20 do. The selected row is the listbox's active descendant and is kept in view.
 */
export function QueueList(props: QueueListProps) {
  const { rows, selectedId, hasMore, onNeedMore } = props;
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler here; the virtualizer is used as its docs show.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((row) => row.itemId === selectedId);

  // Rows have one height, so keeping the selection in view is arithmetic; the virtualizer's own
  // scrollToIndex measures the whole list on every call (most of a j/k frame in profiles).
  useEffect(() => {
    const element = scrollRef.current;
    if (selectedIndex < 0 || !element) return;
    const top = selectedIndex * ROW_HEIGHT;
    const bottom = top + ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (bottom > element.scrollTop + element.clientHeight) element.scrollTop = bottom - element.clientHeight;
  }, [selectedIndex]);

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
          return (
            <QueueRow
              key={row.itemId}
              domId={rowDomId(row.itemId)}
              row={row}
              selected={row.itemId === selectedId}
              checked={props.checked.has(row.itemId)}
              lockedBy={row.assignee && row.assignee.id !== props.meId ? row.assignee.name : null}
              now={props.now}
              language={props.language}
              onSelect={props.onSelect}
              top={virtual.start}
              height={ROW_HEIGHT}
            />
          );
        })}
      </div>
      {props.loading && rows.length === 0 && <p className="list-note">{t('app.loading')}</p>}
    </div>
  );
}
