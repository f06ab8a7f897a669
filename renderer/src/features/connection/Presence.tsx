import { memo, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { usePresenceQuery, useSetPresenceMutation } from './connectionApi';
import './connection.css';

/** "Giulia is replying" on an item others have open (issue 5, collision). Renders nothing otherwise. */
export const PresenceBadge = memo(function PresenceBadge({ itemId }: { itemId: string }) {
  const { t } = useTranslation();
  // The entry object comes from the cache as is: the badge re-renders only when it changes.
  const { first } = usePresenceQuery(undefined, {
    selectFromResult: ({ data }) => ({ first: data?.entries.find((entry) => entry.itemId === itemId) }),
  });
  if (!first) return null;
  return (
    <span className="presence-badge" data-testid="presence">
      {t(`connection.presence.${first.activity}`, { name: first.name.split(' ')[0] ?? first.name })}
    </span>
  );
});

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
