import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch } from '../../app/hooks';
import { useCommand } from '../../keyboard/commands';
import { Dialog } from '../../keyboard/Dialog';
import { queueApi } from './queueApi';
import { pickerOpened, toastShown } from './slice';
import { once } from '../../app/once';
import { isStorableText } from '../../../../shared/domain/text';

/** `n`: a note on the contact, seen by the whole team on every channel. Mod+Enter saves. */
export function NoteDialog({
  contactId,
  contactName,
  itemId,
}: {
  contactId: string;
  contactName: string;
  itemId: string;
}) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const id = useId();
  const close = () => dispatch(pickerOpened(null));
  // A NUL or half an emoji is refused by the server (shared/domain/text.ts): say so before saving.
  const storable = isStorableText(text);
  const canSave = text.trim() !== '' && storable && !saving;
  const save = async () => {
    if (!canSave) return;
    setSaving(true);
    const result = await once(
      dispatch(
        queueApi.endpoints.addNote.initiate({
          noteId: `nt-${crypto.randomUUID()}`,
          contactId,
          itemId,
          text: text.trim(),
        }),
      ),
    );
    setSaving(false);
    if ('error' in result) {
      dispatch(toastShown({ key: 'note.failed', count: 1, tone: 'error' }));
      return;
    }
    dispatch(toastShown({ key: 'note.saved', count: 1, tone: 'info' }));
    close();
  };
  useCommand('reply.send', () => void save());
  return (
    <Dialog title={t('note.title', { name: contactName })} onClose={close} className="picker note-dialog">
      <h2>{t('note.title', { name: contactName })}</h2>
      <label htmlFor={id}>{t('note.label')}</label>
      <textarea
        id={id}
        rows={4}
        value={text}
        aria-invalid={!storable}
        aria-describedby={storable ? undefined : `${id}-invalid`}
        onChange={(event) => setText(event.target.value)}
      />
      {storable ? null : (
        <p id={`${id}-invalid`} role="alert" className="note-invalid">
          {t('note.invalidText')}
        </p>
      )}
      <div className="note-actions">
        <button type="button" onClick={close}>
          {t('note.cancel')}
        </button>
        <button type="button" onClick={() => void save()} disabled={!canSave}>
          {t('note.save')}
        </button>
      </div>
    </Dialog>
  );
}
