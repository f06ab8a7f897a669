/** What the composer tells the moderator about the reply: blockers, personal data, approval. */
import { useTranslation } from 'react-i18next';
import type { Platform } from '../../../../shared/domain/entities';
import type { SensitivityMatch } from '../../../../shared/domain';
import type { ReplyAssessment, SendBlocker } from './assess';
import { HighlightedText } from './HighlightedText';
import { summarizePersonalData, type PersonalDataMatch } from './personalData';

/** The distinct words as written in the text, for "contains: dose, Cardiolex". */
function matchedTerms(text: string, matches: readonly SensitivityMatch[]): string[] {
  const terms: string[] = [];
  for (const match of matches) {
    const term = text.slice(match.start, match.end);
    if (!terms.some((known) => known.toLocaleLowerCase() === term.toLocaleLowerCase())) terms.push(term);
  }
  return terms;
}

function TermList({ terms }: { terms: readonly string[] }) {
  return (
    <ul className="term-list">
      {terms.map((term) => (
        <li key={term}>
          <mark className="highlight-sensitive">{term}</mark>
        </li>
      ))}
    </ul>
  );
}

export function SendBlockers({
  id,
  blockers,
  platform,
}: {
  id: string;
  blockers: readonly SendBlocker[];
  platform: Platform;
}) {
  const { t } = useTranslation();
  const variableLabel = (name: string) => t(`composer.variable.${name.replace(/\./g, '_')}`, { defaultValue: '' });
  return (
    <div id={id} className="composer-blockers" aria-live="polite">
      {blockers.length > 0 && (
        <>
          <p className="composer-notice-title">{t('composer.blockers.title')}</p>
          <ul>
            {blockers.map((blocker) => (
              <li key={blocker.code}>
                {blocker.code === 'unfilled' ? (
                  <>
                    {t('composer.blockers.unfilled')}{' '}
                    {blocker.names.map((name) => (
                      <span key={name} className="unfilled-variable">
                        <code>{`{{${name}}}`}</code>
                        {variableLabel(name) !== '' && ` (${variableLabel(name)})`}{' '}
                      </span>
                    ))}
                  </>
                ) : blocker.code === 'overLimit' ? (
                  t('composer.blockers.overLimit', {
                    count: blocker.overBy,
                    limit: blocker.limit,
                    platform: t(`composer.platform.${platform}`),
                  })
                ) : (
                  t(`composer.blockers.${blocker.code}`)
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function PersonalDataWarning({
  matches,
  canReplyPrivately,
  onSwitchToPrivate,
}: {
  matches: readonly PersonalDataMatch[];
  canReplyPrivately: boolean;
  onSwitchToPrivate: () => void;
}) {
  const { t } = useTranslation();
  const summary = summarizePersonalData(matches);
  return (
    <div className="composer-personal" aria-live="polite">
      {matches.length > 0 && (
        <div className="composer-warning">
          <p className="composer-notice-title">{t('composer.personal.title')}</p>
          <ul>
            {[...summary].map(([kind, texts]) => (
              <li key={kind}>
                {t(`composer.personal.${kind}`)}: {texts.join(', ')}
              </li>
            ))}
          </ul>
          <p>{t(canReplyPrivately ? 'composer.personal.suggestPrivate' : 'composer.personal.suggestRemove')}</p>
          {canReplyPrivately && (
            <button type="button" onClick={onSwitchToPrivate}>
              {t('composer.personal.switchToPrivate')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export function ApprovalStatus({
  assessment,
  interactionText,
  replyText,
}: {
  assessment: ReplyAssessment;
  interactionText: string;
  replyText: string;
}) {
  const { t } = useTranslation();
  const { needsApproval, approvalReasons, usedPreApprovedUnchanged, interactionMatches, replyMatches } = assessment;
  const summary = needsApproval
    ? t('composer.sensitivity.needsApproval')
    : usedPreApprovedUnchanged
      ? t('composer.sensitivity.preApproved')
      : t('composer.sensitivity.noApproval');
  return (
    <section className={needsApproval ? 'composer-approval needs-approval' : 'composer-approval'}>
      <h3>{t('composer.sensitivity.title')}</h3>
      <p aria-live="polite">{summary}</p>
      {needsApproval && (
        <ul>
          {approvalReasons.map((reason) => (
            <li key={reason}>
              {t(`composer.sensitivity.reason.${reason}`)}
              {reason === 'interaction' && <TermList terms={matchedTerms(interactionText, interactionMatches)} />}
              {reason === 'reply' && <TermList terms={matchedTerms(replyText, replyMatches)} />}
            </li>
          ))}
        </ul>
      )}
      {interactionMatches.length > 0 && (
        <blockquote className="composer-interaction" aria-label={t('composer.sensitivity.interactionLabel')}>
          <HighlightedText
            text={interactionText}
            ranges={interactionMatches.map((match) => ({ start: match.start, end: match.end, kind: 'sensitive' }))}
          />
        </blockquote>
      )}
    </section>
  );
}
