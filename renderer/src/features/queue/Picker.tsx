import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../keyboard/Dialog';

export interface PickerOption {
  id: string;
  label: string;
}

/**
 * A small modal choice (snooze until…, label, hide reason, assign to…): arrows and Enter, or a
 * click; with `freeText`, Enter on the typed text picks it (a new label).
 */
export function Picker(props: {
  title: string;
  options: PickerOption[];
  onPick: (id: string) => void;
  onClose: () => void;
  freeText?: { label: string };
  /** Said instead of an empty list (nothing to choose and nothing to type). */
  emptyText?: string;
}) {
  const { t } = useTranslation();
  const [active, setActive] = useState(0);
  const [text, setText] = useState('');
  const listId = useId();
  const shown = props.freeText
    ? props.options.filter((o) => o.label.toLowerCase().includes(text.trim().toLowerCase()))
    : props.options;
  const current = shown[Math.min(active, shown.length - 1)];
  const pick = () => {
    if (current) props.onPick(current.id);
    else if (props.freeText && text.trim()) props.onPick(text.trim());
  };
  return (
    <Dialog title={props.title} onClose={props.onClose} className="picker">
      <h2>{props.title}</h2>
      <input
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-label={props.freeText?.label ?? props.title}
        aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
        placeholder={props.freeText?.label ?? t('picker.choose')}
        readOnly={!props.freeText}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, shown.length - 1));
          else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (event.key === 'Enter') pick();
          else return;
          event.preventDefault();
        }}
      />
      {!props.freeText && props.options.length === 0 && props.emptyText && <p role="status">{props.emptyText}</p>}
      <ul role="listbox" id={listId} aria-label={props.title}>
        {shown.map((option) => (
          <li
            key={option.id}
            id={`${listId}-${option.id}`}
            role="option"
            aria-selected={current?.id === option.id}
            onClick={() => props.onPick(option.id)}
          >
            {option.label}
          </li>
        ))}
        {props.freeText && text.trim() && shown.length === 0 && (
          <li role="option" aria-selected="true" onClick={pick}>
            {t('picker.create', { label: text.trim() })}
          </li>
        )}
      </ul>
    </Dialog>
  );
}
