import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueCounts, QueueView } from '../../../../shared/contract';
import { numberFormat } from './format';

/** The saved views (1…9 switch to them) with live counts. */
export const savedViews: readonly QueueView[] = ['inbox', 'mine', 'awaiting_approval', 'snoozed', 'done', 'all'];

export interface SidebarProps {
  counts: QueueCounts | undefined;
  view: QueueView;
  clientId: string | null;
  channelId: string | null;
  language: string;
  onChoose: (choice: { view: QueueView; clientId?: string | null; channelId?: string | null }) => void;
}

export const QueueSidebar = memo(function QueueSidebar({
  counts,
  view,
  clientId,
  channelId,
  language,
  onChoose,
}: SidebarProps) {
  const { t } = useTranslation();
  const number = numberFormat(language);
  const current = (v: QueueView, c: string | null, ch: string | null) =>
    v === view && c === clientId && ch === channelId ? 'page' : undefined;
  return (
    <nav className="queue-sidebar" aria-label={t('queue.sidebar.label')}>
      <ul>
        {savedViews.map((v, index) => (
          <li key={v}>
            <button type="button" aria-current={current(v, null, null)} onClick={() => onChoose({ view: v })}>
              <span className="view-key" aria-hidden="true">
                {index + 1}
              </span>
              <span className="view-name">{t(`queue.views.${v}`)}</span>
              <span className="count">{counts ? number.format(counts.views[v]) : ''}</span>
            </button>
          </li>
        ))}
      </ul>
      <h2>{t('queue.sidebar.clients')}</h2>
      <ul>
        {counts?.clients.map((client) => (
          <li key={client.clientId}>
            <button
              type="button"
              aria-current={current('inbox', client.clientId, null)}
              onClick={() => onChoose({ view: 'inbox', clientId: client.clientId })}
            >
              <span className="view-name">{client.name}</span>
              <span className="count">{number.format(client.inbox)}</span>
            </button>
            <ul className="channels">
              {counts.channels
                .filter((channel) => channel.clientId === client.clientId)
                .map((channel) => (
                  <li key={channel.channelId}>
                    <button
                      type="button"
                      aria-current={current('inbox', client.clientId, channel.channelId)}
                      onClick={() =>
                        onChoose({ view: 'inbox', clientId: client.clientId, channelId: channel.channelId })
                      }
                    >
                      <span className="view-name">
                        {t(`platform.${channel.platform}`)} · {channel.name}
                      </span>
                      <span className="count">{number.format(channel.inbox)}</span>
                    </button>
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
    </nav>
  );
});
