import { memo, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallResult } from '../../../../shared/contract';
import { useAppSelector } from '../../app/hooks';
import { connectionApi, usePresenceQuery, useSetPresenceMutation } from './connectionApi';
import './connection.css';

type PresenceEntry = CallResult<'presence:get'>['entries'][number];

const selectPresence = connectionApi.endpoints.presence.select(undefined);

/**
 * Keeps the team's presence in the cache while the queue is on screen: ONE subscription for the
 * screen. Each row's badge only reads the cache — a subscription per row made every row that
 * mounts or unmounts (a new search, an archive) dispatch to the store, re-running every
 * selector on screen once per row.
 */
export function usePresenceFeed(): void {
  // Selects nothing: the screen holding the subscription does not re-render when someone moves.
  usePresenceQuery(undefined, { selectFromResult: selectNothing });
}
const nothing = {};
const selectNothing = () => nothing;

/**
 * "Giulia is replying" on an item others have open (issue 5, collision). Renders nothing otherwise.
 * Needs `usePresenceFeed` on the screen that shows it.
 */
export const PresenceBadge = memo(function PresenceBadge({ itemId }: { itemId: string }) {
  // The entry object comes from the cache as is: the badge re-renders only when it changes.
  const entry = useAppSelector((state) => selectPresence(state).data?.entries.find((e) => e.itemId === itemId));
  return entry ? <PresenceText entry={entry} /> : null;
});

function PresenceText({ entry }: { entry: PresenceEntry }) {
  const { t } = useTranslation();
  return (
    <span className="presence-badge" data-testid="presence">
      {t(`connection.presence.${entry.activity}`, { name: entry.name.split(' ')[0] ?? entry.name })}
    </span>
  );
}

/** Stay this long on an item before the team is told: j/k through the queue sends nothing. */
export const PRESENCE_SETTLE_MS = 400;

/** Tells the team what this user does on the item on screen; clears it when they leave the screen. */
export function usePresenceReport(itemId: string | null, activity: 'viewing' | 'replying' | null): void {
  const [report] = useSetPresenceMutation();
  useEffect(() => {
    if (itemId === null || activity === null) return;
    const timer = setTimeout(() => void report({ itemId, activity }), PRESENCE_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [itemId, activity, report]);
  // Leaving the queue screen (or closing the window) ends what the others see.
  useEffect(() => () => void report({ itemId: null, activity: null }), [report]);
}
