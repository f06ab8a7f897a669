import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedReplyEntry, SavedReplyInput } from '../../../../shared/contract';
import { languages, visibilities, type Language, type Visibility } from '../../../../shared/domain/entities';

export interface SavedReplyLibraryProps {
  readonly replies: readonly SavedReplyEntry[];
  readonly canEdit: boolean;
  readonly canPreApprove: boolean;
  readonly busy: boolean;
  /** `entry` null: a new reply. Resolves true when saved (the form closes). */
  readonly onSave: (entry: SavedReplyEntry | null, reply: SavedReplyInput) => Promise<boolean>;
  readonly onDelete: (entry: SavedReplyEntry) => Promise<boolean>;
}

type Editing = { readonly entry: SavedReplyEntry | null } | null;

/** The state of a saved reply's pre-approval, in words: signed by the client, waiting, or none. */
function PreApprovalBadge({ entry }: { readonly entry: SavedReplyEntry }) {
  const { t } = useTranslation();
  const submission = entry.preApproval ?? null;
  if (submission === null) return <span className="badge">{t('policy.library.needsApproval')}</span>;
  const visibility = t(`policy.library.visibility.${submission.visibility}`);
  return entry.preApproved ? (
    <span className="badge badge-ok">{t('policy.library.preApprovedFor', { visibility })}</span>
  ) : (
    <span className="badge">
      {t('policy.library.awaitingSignatures', { visibility, count: submission.signatures.length })}
    </span>
  );
}

/**
 * The saved-reply library: every reply shows whether the client's chain signed it as is, and for
 * which visibility (shared/domain/preApproval.ts). An admin only submits a reply to the chain.
 */
export function SavedReplyLibrary({ replies, canEdit, canPreApprove, busy, onSave, onDelete }: SavedReplyLibraryProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <section className="policy-section policy-library" aria-labelledby="policy-library-title">
      <h2 id="policy-library-title">{t('policy.library.title')}</h2>
      {replies.length === 0 && <p className="policy-hint">{t('policy.library.empty')}</p>}
      <ul className="policy-replies">
        {replies.map((entry) => (
          <li key={entry.id}>
            <div className="policy-reply-head">
              <strong>{entry.name}</strong> <span className="policy-lang">{entry.lang.toUpperCase()}</span>{' '}
              <PreApprovalBadge entry={entry} />
            </div>
            <p className="policy-reply-text">{entry.text}</p>
            {canEdit && confirming !== entry.id && (
              <div className="policy-reply-actions">
                <button type="button" onClick={() => setEditing({ entry })}>
                  {t('policy.library.edit', { name: entry.name })}
                </button>
                <button type="button" onClick={() => setConfirming(entry.id)}>
                  {t('policy.library.delete', { name: entry.name })}
                </button>
              </div>
            )}
            {confirming === entry.id && (
              <div
                className="policy-reply-actions"
                role="group"
                aria-label={t('policy.library.delete', { name: entry.name })}
              >
                <span>{t('policy.library.confirmDelete', { name: entry.name })}</span>
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() => void onDelete(entry).then(() => setConfirming(null))}
                >
                  {t('policy.library.delete', { name: entry.name })}
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  {t('policy.library.cancel')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {canEdit && editing === null && (
        <button type="button" onClick={() => setEditing({ entry: null })}>
          {t('policy.library.add')}
        </button>
      )}
      {editing !== null && (
        <SavedReplyForm
          key={editing.entry?.id ?? 'new'}
          entry={editing.entry}
          canPreApprove={canPreApprove}
          busy={busy}
          onCancel={() => setEditing(null)}
          onSave={async (reply) => {
            if (await onSave(editing.entry, reply)) setEditing(null);
          }}
        />
      )}
    </section>
  );
}

function SavedReplyForm({
  entry,
  canPreApprove,
  busy,
  onCancel,
  onSave,
}: {
  readonly entry: SavedReplyEntry | null;
  readonly canPreApprove: boolean;
  readonly busy: boolean;
  readonly onCancel: () => void;
  readonly onSave: (reply: SavedReplyInput) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(entry?.name ?? '');
  const [text, setText] = useState(entry?.text ?? '');
  const [lang, setLang] = useState<Language>(entry?.lang ?? 'it');
  const [preApprovalFor, setPreApprovalFor] = useState<Visibility | null>(entry?.preApproval?.visibility ?? null);
  const textChanged = entry !== null && text.trim() !== entry.text;
  // A changed text was never signed by the client: the server drops the signatures; only an admin
  // may submit the new text again, so for anyone else the submission is withdrawn.
  const submitted = !canPreApprove && textChanged ? null : preApprovalFor;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '' || text.trim() === '') return;
    void onSave({ name: name.trim(), text: text.trim(), lang, preApprovalFor: submitted });
  };
  return (
    <form className="policy-reply-form" onSubmit={submit} aria-labelledby="policy-reply-form-title">
      <h3 id="policy-reply-form-title">
        {entry === null ? t('policy.library.formTitleNew') : t('policy.library.formTitleEdit')}
      </h3>
      {(entry?.preApproval ?? null) !== null && (
        <p className="policy-warning" role="note">
          {t('policy.library.editWarning')}
        </p>
      )}
      <label className="policy-field">
        <span>{t('policy.library.name')}</span>
        <input required value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <label className="policy-field">
        <span>{t('policy.library.text')}</span>
        <textarea required rows={4} value={text} onChange={(event) => setText(event.target.value)} />
      </label>
      <div className="policy-field">
        <label htmlFor="policy-reply-lang">{t('policy.library.lang')}</label>
        <select id="policy-reply-lang" value={lang} onChange={(event) => setLang(event.target.value as Language)}>
          {languages.map((code) => (
            <option key={code} value={code}>
              {code.toUpperCase()}
            </option>
          ))}
        </select>
      </div>
      <div className="policy-field">
        <label htmlFor="policy-reply-preapproval">{t('policy.library.submitFor')}</label>
        <select
          id="policy-reply-preapproval"
          value={submitted ?? ''}
          disabled={!canPreApprove}
          aria-describedby={canPreApprove ? undefined : 'policy-preapprove-note'}
          onChange={(event) => setPreApprovalFor(event.target.value === '' ? null : (event.target.value as Visibility))}
        >
          <option value="">{t('policy.library.notSubmitted')}</option>
          {visibilities.map((visibility) => (
            <option key={visibility} value={visibility}>
              {t('policy.library.submitVisibility', { visibility: t(`policy.library.visibility.${visibility}`) })}
            </option>
          ))}
        </select>
      </div>
      {!canPreApprove && (
        <small id="policy-preapprove-note" className="policy-hint">
          {t('policy.library.preApproveAdminOnly')}
        </small>
      )}
      {textChanged && (entry?.preApproval ?? null) !== null && (
        <p className="policy-warning" role="alert">
          {t('policy.library.dropped')}
        </p>
      )}
      <div className="policy-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('policy.library.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('policy.library.cancel')}
        </button>
      </div>
    </form>
  );
}
