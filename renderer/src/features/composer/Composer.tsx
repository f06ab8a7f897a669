/**
 * features/composer: the reply composer of one item (public or private reply, saved replies with
 * "/", length limits, personal-data warning, live sensitivity and the approval decision).
 * Presentational: everything comes in as props and goes out through callbacks; it reads no store
 * and calls no API. Imports only shared/ and the renderer's keyboard module.
 */
import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  InteractionKind,
  Platform,
  SavedReply,
  SensitivityPolicy,
  Visibility,
} from '../../../../shared/domain/entities';
import { compileSensitivity } from '../../../../shared/domain';
import { textProblem } from '../../../../shared/domain/text';
import type { ApprovalChain, TemplateValues } from '../../../../shared/domain';
import { isMacPlatform, useCommand } from '../../keyboard/commands';
import { KeyCaps } from '../../keyboard/KeyCaps';
import { assessReply, type ReplyDraftState } from './assess';
import { ApprovalStatus, PersonalDataWarning, SendBlockers } from './ComposerNotices';
import { HighlightedText } from './HighlightedText';
import type { HighlightRange } from './highlight';
import { placeholderRanges } from './highlight';
import { initialVisibility, isVisibilityAllowed, replyOptions, type ReplyOptions } from './replyRules';
import { SavedReplyList, optionId } from './SavedReplyList';
import { filterSavedReplies, findSlashQuery, insertSavedReply } from './slashCommand';
import './composer.css';

export type ComposerDraft = ReplyDraftState;

export interface ComposerSubmission extends ComposerDraft {
  /** Sensitive: submit to the client's approval chain instead of sending. */
  readonly needsApproval: boolean;
  /** The text is exactly a pre-approved saved reply, rendered (why it may need no approval). */
  readonly usedPreApprovedUnchanged: boolean;
}

export interface ComposerProps {
  itemId: string;
  platform: Platform;
  kind: InteractionKind;
  /** Template variables: client.name, contact.first_name, agent.first_name. */
  clientName: string;
  contactFirstName: string | null;
  agentFirstName: string;
  interactionText: string;
  /** The interaction carries a sensitive or adverse-event flag (it then always needs approval). */
  interactionFlagged?: boolean;
  policy: SensitivityPolicy;
  /** The client's approval chain (which saved replies it pre-approved, for which visibility). */
  approvalChain: ApprovalChain;
  savedReplies: readonly SavedReply[];
  /** The saved draft, read when the composer opens (and when itemId changes); null for none. */
  draft: ComposerDraft | null;
  /** Called synchronously on every edit with the whole draft; the caller debounces persistence. */
  onDraftChange: (draft: ComposerDraft) => void;
  onSubmit: (submission: ComposerSubmission) => void;
  onCancel: () => void;
  /** Opened with r (public) or p (private); wins over the draft's visibility. */
  mode: Visibility;
  autoFocus?: boolean;
}

/** A new item starts a new composer: nothing typed for one item leaks into another. */
export function Composer(props: ComposerProps) {
  return <ComposerForm key={props.itemId} {...props} />;
}

function ComposerForm(props: ComposerProps) {
  const options = replyOptions(props.platform, props.kind);
  const visibility = initialVisibility(options, props.mode);
  if (visibility === null) return <ComposerUnavailable onCancel={props.onCancel} />;
  return <ComposerEditor {...props} options={options} openedWith={visibility} />;
}

function ComposerUnavailable({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  useCommand('app.back', onCancel);
  return (
    <section className="composer" aria-label={t('composer.label')}>
      <p>{t('composer.unavailable')}</p>
      <div className="composer-actions">
        <button type="button" onClick={onCancel}>
          {t('composer.cancel')}
        </button>
      </div>
    </section>
  );
}

function ComposerEditor(props: ComposerProps & { options: ReplyOptions; openedWith: Visibility }) {
  const { t } = useTranslation();
  const { options, platform, savedReplies, onDraftChange } = props;
  const [draft, setDraft] = useState<ComposerDraft>(() => ({
    text: props.draft?.text ?? '',
    savedReplyId: props.draft?.savedReplyId ?? null,
    escalated: props.draft?.escalated ?? false,
    escalationNote: props.draft?.escalationNote ?? null,
    visibility: props.openedWith,
  }));
  const [caret, setCaret] = useState(() => draft.text.length);
  const [focused, setFocused] = useState(false);
  /** The "/" whose list the moderator closed with Esc; it stays closed until another "/". */
  const [dismissedSlash, setDismissedSlash] = useState<number | null>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const [attempted, setAttempted] = useState(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const pendingNoteFocus = useRef(false);
  const ids = { title: useId(), text: useId(), hint: useId(), counter: useId(), blockers: useId(), list: useId() };

  const matcher = useMemo(() => compileSensitivity(props.policy), [props.policy]);
  const values = useMemo<TemplateValues>(
    () => ({
      'contact.first_name': props.contactFirstName,
      'agent.first_name': props.agentFirstName,
      'client.name': props.clientName,
    }),
    [props.contactFirstName, props.agentFirstName, props.clientName],
  );
  const assessment = useMemo(
    () =>
      assessReply(draft, {
        platform,
        kind: props.kind,
        matcher,
        interactionText: props.interactionText,
        interactionFlagged: props.interactionFlagged ?? false,
        savedReplies,
        values,
        approvalChain: props.approvalChain,
      }),
    [
      draft,
      platform,
      props.kind,
      matcher,
      props.interactionText,
      props.interactionFlagged,
      savedReplies,
      values,
      props.approvalChain,
    ],
  );

  const slash = focused ? findSlashQuery(draft.text, caret) : null;
  const suggestions = slash && slash.start !== dismissedSlash ? filterSavedReplies(savedReplies, slash.query) : [];
  const listOpen = suggestions.length > 0;
  const active = Math.min(activeIndex, suggestions.length - 1);

  useLayoutEffect(() => {
    if (pendingCaret.current !== null) {
      textareaRef.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
    if (pendingNoteFocus.current) {
      noteRef.current?.focus();
      pendingNoteFocus.current = false;
    }
  });

  const autoFocus = props.autoFocus ?? false;
  useLayoutEffect(() => {
    if (!autoFocus) return;
    const textarea = textareaRef.current;
    textarea?.focus();
    textarea?.setSelectionRange(textarea.value.length, textarea.value.length);
  }, [autoFocus]);

  const update = (changes: Partial<ComposerDraft>) => {
    const next = { ...draft, ...changes };
    if (next.text === '') next.savedReplyId = null;
    setDraft(next);
    // Text no server can store is never handed on to be saved (queued): the blocker says why.
    if (textProblem(next.text) === null) onDraftChange(next);
  };

  const choose = (savedReply: SavedReply) => {
    if (!slash) return;
    const inserted = insertSavedReply(draft.text, slash, savedReply, values);
    update({ text: inserted.text, savedReplyId: savedReply.id });
    pendingCaret.current = inserted.caret;
    setCaret(inserted.caret);
  };

  const submit = () => {
    if (assessment.blockers.length > 0) {
      setAttempted(true);
      textareaRef.current?.focus();
      return;
    }
    props.onSubmit({
      ...draft,
      escalationNote: draft.escalated ? draft.escalationNote?.trim() || null : null,
      needsApproval: assessment.needsApproval,
      usedPreApprovedUnchanged: assessment.usedPreApprovedUnchanged,
    });
  };

  const closeList = () => setDismissedSlash(slash?.start ?? null);
  useCommand('reply.send', submit);
  useCommand('app.back', () => (listOpen ? closeList() : props.onCancel()));
  // `e` (outside text fields) escalates this reply while the composer is open.
  useCommand('item.escalate', () => {
    pendingNoteFocus.current = !draft.escalated;
    update({ escalated: !draft.escalated });
  });

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!listOpen || event.nativeEvent.isComposing) return;
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
    if (event.key === 'ArrowDown') setActiveIndex((active + 1) % suggestions.length);
    else if (event.key === 'ArrowUp') setActiveIndex((active - 1 + suggestions.length) % suggestions.length);
    else if ((event.key === 'Enter' || event.key === 'Tab') && plain) {
      const chosen = suggestions[active];
      if (chosen) choose(chosen);
    } else if (event.key === 'Escape') closeList();
    else return;
    // Handled here: the window's keymap listener skips prevented events (Esc must not go back).
    event.preventDefault();
  };

  const blockers = attempted ? assessment.blockers : assessment.blockers.filter((b) => b.code !== 'empty');
  const invalid = assessment.blockers.some(
    (b) => b.code === 'unfilled' || b.code === 'overLimit' || b.code === 'invalidText',
  );
  const highlights: HighlightRange[] = [
    ...assessment.replyMatches.map((m) => ({ start: m.start, end: m.end, kind: 'sensitive' as const })),
    ...assessment.personalData.map((m) => ({ start: m.start, end: m.end, kind: 'personal' as const })),
    ...placeholderRanges(draft.text),
  ];
  const blocked = assessment.blockers.length > 0;
  const overLimit = assessment.length > assessment.limit;

  return (
    <section
      className={`composer composer-${draft.visibility}`}
      aria-labelledby={ids.title}
      data-needs-approval={assessment.needsApproval}
    >
      <h2 id={ids.title}>{t(`composer.title.${draft.visibility}`)}</h2>

      {options.public && options.private ? (
        <fieldset className="composer-visibility">
          <legend>{t('composer.visibility.legend')}</legend>
          {(['public', 'private'] as const).map((choice) => (
            <label key={choice}>
              <input
                type="radio"
                name={`${ids.title}-visibility`}
                value={choice}
                checked={draft.visibility === choice}
                onChange={() => update({ visibility: choice })}
              />
              {t(`composer.visibility.${choice}`)}
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="composer-visibility-note">
          {options.private
            ? t('composer.visibility.privateOnly')
            : props.mode === 'private'
              ? t('composer.visibility.adjusted')
              : t('composer.visibility.publicOnly', { platform: t(`composer.platform.${platform}`) })}
        </p>
      )}

      <ApprovalStatus assessment={assessment} interactionText={props.interactionText} replyText={draft.text} />

      <label htmlFor={ids.text} className="composer-label">
        {t('composer.text.label')}
      </label>
      <div className="composer-field">
        <textarea
          id={ids.text}
          ref={textareaRef}
          rows={6}
          value={draft.text}
          aria-describedby={`${ids.hint} ${ids.counter} ${ids.blockers}`}
          aria-invalid={invalid || (attempted && blocked)}
          aria-autocomplete="list"
          aria-controls={listOpen ? ids.list : undefined}
          aria-activedescendant={listOpen ? optionId(ids.list, active) : undefined}
          onChange={(event) => {
            update({ text: event.target.value });
            setCaret(event.target.selectionStart);
            setActiveIndex(0);
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onKeyDown={onKeyDown}
        />
        {listOpen && (
          <SavedReplyList
            id={ids.list}
            savedReplies={suggestions}
            activeIndex={active}
            onChoose={choose}
            onActivate={setActiveIndex}
          />
        )}
      </div>
      <div className="composer-meta">
        <span id={ids.hint}>{t('composer.text.hint')}</span>
        <span id={ids.counter} className={overLimit ? 'composer-counter over' : 'composer-counter'}>
          <span aria-hidden="true">{t('composer.counter', { count: assessment.length, limit: assessment.limit })}</span>
          <span className="visually-hidden">
            {t('composer.counterLabel', { count: assessment.length, limit: assessment.limit })}
          </span>
        </span>
      </div>

      <SendBlockers id={ids.blockers} blockers={blockers} platform={platform} />
      <PersonalDataWarning
        matches={assessment.personalData}
        canReplyPrivately={isVisibilityAllowed(options, 'private')}
        onSwitchToPrivate={() => update({ visibility: 'private' })}
      />

      {highlights.length > 0 && (
        <div className="composer-preview" role="group" aria-label={t('composer.preview.label')}>
          <HighlightedText text={draft.text} ranges={highlights} announce />
        </div>
      )}

      <div className="composer-escalation">
        <label>
          <input
            type="checkbox"
            checked={draft.escalated}
            onChange={(event) => update({ escalated: event.target.checked })}
          />
          {t('composer.escalate.label')}
        </label>
        {draft.escalated && (
          <label className="composer-note">
            {t('composer.escalate.note')}
            <textarea
              ref={noteRef}
              rows={2}
              value={draft.escalationNote ?? ''}
              onChange={(event) => update({ escalationNote: event.target.value })}
            />
          </label>
        )}
      </div>

      <div className="composer-actions">
        <button type="button" onClick={props.onCancel}>
          {t('composer.cancel')}
        </button>
        <span className="composer-shortcut">
          {t('composer.submit.shortcut')} <KeyCaps binding="Mod+Enter" isMac={isMacPlatform(navigator)} />
        </span>
        <button
          type="button"
          className="primary"
          aria-disabled={blocked}
          aria-describedby={ids.blockers}
          onClick={submit}
        >
          {assessment.needsApproval ? t('composer.submit.approval') : t('composer.submit.send')}
        </button>
      </div>
    </section>
  );
}
