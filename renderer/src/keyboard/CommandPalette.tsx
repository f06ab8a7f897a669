import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAvailableCommands, useCommandRegistry } from './commands';
import { keymap, type CommandId } from './keymap';
import { Dialog } from './Dialog';
import { KeyCaps } from './KeyCaps';
import './keyboard.css';

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Every command someone handles right now, searchable by its name in the UI language. */
export function CommandPalette({ onClose, isMac }: { onClose: () => void; isMac: boolean }) {
  const { t } = useTranslation();
  const registry = useCommandRegistry();
  const available = useAvailableCommands();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => {
    const words = fold(query).split(/\s+/).filter(Boolean);
    return available
      .filter((command) => command !== 'app.palette' && command !== 'app.back')
      .map((command) => ({ command, label: t(`commands.${command}`) }))
      .filter(({ label }) => words.every((word) => fold(label).includes(word)));
  }, [available, query, t]);
  const run = (command: CommandId) => {
    onClose();
    // After the palette is gone, so the command acts on the screen, not the dialog.
    queueMicrotask(() => registry.run(command));
  };
  const current = matches[Math.min(active, matches.length - 1)];
  return (
    <Dialog title={t('keyboard.palette.title')} onClose={onClose} className="command-palette">
      <input
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={current ? `${listId}-${current.command}` : undefined}
        aria-label={t('keyboard.palette.title')}
        placeholder={t('keyboard.palette.placeholder')}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, matches.length - 1));
          else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (event.key === 'Enter' && current) run(current.command);
          else return;
          event.preventDefault();
        }}
      />
      <ul role="listbox" id={listId} aria-label={t('keyboard.palette.title')}>
        {matches.length === 0 && <li className="empty">{t('keyboard.palette.empty')}</li>}
        {matches.map(({ command, label }) => (
          <li
            key={command}
            id={`${listId}-${command}`}
            role="option"
            aria-selected={current?.command === command}
            onClick={() => run(command)}
          >
            <span>{label}</span>
            <KeyCaps binding={keymap[command].bindings[0]} isMac={isMac} />
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
