import { PresenceBadge } from '../connection/Presence';
import { memo } from 'react';
import type { TFunction } from 'i18next';
import type { QueueRow as Row } from '../../../../shared/contract';
import { platformMark, relativeTime, sentimentClass } from './format';

export interface QueueRowProps {
  row: Row;
  selected: boolean;
  checked: boolean;
  /** Someone else has claimed it: shown with a lock. */
  lockedBy: string | null;
  now: number;
  language: string;
  onSelect: (itemId: string) => void;
  /** Plain labels (no options), remembered per language; see QueueList. */
  label: (key: string) => string;
  /** The list's t, for the few labels that interpolate. */
  t: TFunction;
  domId: string;
}

function LockIcon({ label }: { label: string }) {
  return (
    <svg className="lock" role="img" aria-label={label} width="10" height="11" viewBox="0 0 10 11">
      <rect x="1" y="5" width="8" height="6" rx="1" fill="currentColor" />
      <path d="M3 5V3.5a2 2 0 0 1 4 0V5" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}

/** One queue row: presentational, memoised so j/k re-renders only the two rows that change. */
export const QueueRow = memo(function QueueRow(props: QueueRowProps) {
  const { row, selected, checked, lockedBy, now, language, label, t } = props;
  const overdue = row.dueAt < now;
  return (
    <div
      id={props.domId}
      role="option"
      aria-selected={selected}
      aria-checked={checked}
      className={`queue-row${selected ? ' selected' : ''}${checked ? ' checked' : ''}`}
      onClick={() => props.onSelect(row.itemId)}
      data-item-id={row.itemId}
    >
      <span className={`platform ${row.platform}`} title={label(`platform.${row.platform}`)}>
        {platformMark[row.platform]}
      </span>
      <div className="row-main">
        <div className="row-top">
          <span className="author">{row.authorName}</span>
          <span className="kind">{label(`kind.${row.kind}`)}</span>
          <span className="client">{row.clientName}</span>
          {row.rating !== null && (
            <span className="rating" aria-label={t('queue.row.rating', { count: row.rating })}>
              {'★'.repeat(row.rating)}
              {'☆'.repeat(5 - row.rating)}
            </span>
          )}
          {row.flags.adverseEvent && <span className="flag adverse">{label('queue.row.adverseEvent')}</span>}
          {row.flags.sensitive && <span className="flag sensitive">{label('queue.row.sensitive')}</span>}
        </div>
        <div className="excerpt">
          <span
            className={`sentiment ${sentimentClass(row.sentiment)}`}
            aria-label={label(`queue.row.sentiment.${sentimentClass(row.sentiment)}`)}
          />
          {row.excerpt}
        </div>
      </div>
      <div className="row-side">
        <span className={overdue ? 'due overdue' : 'due'}>
          {overdue
            ? t('queue.row.overdue', { time: relativeTime(row.dueAt - now, language) })
            : t('queue.row.due', { time: relativeTime(row.dueAt - now, language) })}
        </span>
        <span className="status">{label(`status.item.${row.status}`)}</span>
        <PresenceBadge itemId={row.itemId} />
        {row.assignee && (
          <span className="assignee">
            {lockedBy ? <LockIcon label={t('queue.row.lockedBy', { name: lockedBy })} /> : null}
            {row.assignee.name}
          </span>
        )}
        {row.labels.length > 0 && (
          <span className="labels">
            {row.labels.map((label) => (
              <span key={label} className="label">
                {label}
              </span>
            ))}
          </span>
        )}
      </div>
    </div>
  );
});
