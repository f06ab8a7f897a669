import { useTranslation } from 'react-i18next';
import type { SavedReply } from '../../../../shared/domain/entities';

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

/**
 * The inline suggestions for "/name". Focus stays in the textarea (aria-activedescendant points
 * at the active option), so typing goes on narrowing the list; the mouse works too.
 */
export function SavedReplyList({
  id,
  savedReplies,
  activeIndex,
  onChoose,
  onActivate,
}: {
  id: string;
  savedReplies: readonly SavedReply[];
  activeIndex: number;
  onChoose: (savedReply: SavedReply) => void;
  onActivate: (index: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <ul role="listbox" id={id} aria-label={t('composer.savedReplies.label')} className="saved-reply-list">
      {savedReplies.map((savedReply, index) => (
        <li
          key={savedReply.id}
          id={optionId(id, index)}
          role="option"
          aria-selected={index === activeIndex}
          // Keep focus (and the caret) in the textarea while clicking.
          onMouseDown={(event) => event.preventDefault()}
          onMouseEnter={() => onActivate(index)}
          onClick={() => onChoose(savedReply)}
        >
          <span className="saved-reply-name">{savedReply.name}</span>
          {savedReply.preApproved && <span className="badge">{t('composer.savedReplies.preApproved')}</span>}
          <span className="saved-reply-excerpt">{savedReply.text}</span>
        </li>
      ))}
    </ul>
  );
}
