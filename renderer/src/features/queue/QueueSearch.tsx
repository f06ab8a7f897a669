import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useCommand } from '../../keyboard/commands';
import { searchChanged } from './slice';

/**
 * Wait after a keystroke before searching: what arrives within a frame (a paste, key auto-repeat,
 * an input method's burst) makes one search. Typing is slower than that, and each search is
 * cheap (the replica answers in ~15 ms at 100k), so the wait is kept short: it counts in every
 * result's time to the screen (target: 100 ms after the last key).
 */
export const SEARCH_DEBOUNCE_MS = 10;

/**
 * The queue's search field (`/` focuses it). It keeps what is typed itself, so a keystroke
 * re-renders only the field; the search reaches the store after the debounce.
 */
export function QueueSearch() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const search = useAppSelector((state) => state.queueUi.search);
  const [text, setText] = useState(search);
  const [seen, setSeen] = useState(search);
  // Cleared from elsewhere (Esc): the field follows.
  if (search !== seen) {
    setSeen(search);
    if (search === '') setText('');
  }
  const inputRef = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useCommand('search.focus', () => inputRef.current?.focus());

  return (
    <input
      ref={inputRef}
      type="search"
      className="queue-search"
      aria-label={t('queue.search.label')}
      placeholder={t('queue.search.placeholder')}
      value={text}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => dispatch(searchChanged(next)), SEARCH_DEBOUNCE_MS);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === 'ArrowDown') {
          event.preventDefault();
          event.currentTarget.blur();
        }
      }}
    />
  );
}
