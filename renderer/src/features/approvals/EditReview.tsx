import { diffWords } from 'diff';
import { useTranslation } from 'react-i18next';
import { currentApproverEdit, currentTextHash, type Reply, type User } from '../../../../shared/domain';
import { useSessionQuery } from '../queue/queueApi';
import { useReviewEditMutation } from './approvalsApi';
import './approvals.css';

/** Removed words struck through, added ones underlined, each named for screen readers. */
export function WordDiff({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  return (
    <p className="word-diff">
      {diffWords(before, after).map((change, index) => {
        if (change.removed) {
          return (
            <del key={index}>
              <span className="visually-hidden">{t('approvals.edit.removed')} </span>
              {change.value}
            </del>
          );
        }
        if (change.added) {
          return (
            <ins key={index}>
              <span className="visually-hidden">{t('approvals.edit.added')} </span>
              {change.value}
            </ins>
          );
        }
        return <span key={index}>{change.value}</span>;
      })}
    </p>
  );
}

/**
 * An approver rewrote this reply (shared/domain/authorship.ts): the moderator whose words were
 * replaced sees their text against the approver's and confirms it (it may then be sent) or
 * declines it (their own words come back as their draft). Everyone else sees that it waits.
 */
export function EditReview({ reply, user }: { reply: Reply; user: User | null }) {
  const { t } = useTranslation();
  const [review, state] = useReviewEditMutation();
  const edit = currentApproverEdit(reply);
  if (edit === null || (reply.status !== 'awaiting_approval' && reply.status !== 'approved')) return null;
  const pending = edit.confirmedAt === null;
  const mine = pending && user !== null && user.id === edit.previousAuthorId;
  const answer = (decision: 'confirm' | 'decline') =>
    void review({ replyId: reply.id, textHash: currentTextHash(reply), decision });
  const error = state.error && 'message' in state.error ? state.error.message : null;
  return (
    <section className="edit-review" aria-label={t('approvals.edit.title')}>
      <h4>{t('approvals.edit.title')}</h4>
      <p className="edit-review-state">
        {!pending ? t('approvals.edit.confirmed') : mine ? t('approvals.edit.yours') : t('approvals.edit.waiting')}
      </p>
      <WordDiff before={edit.previousText} after={reply.text} />
      {edit.previousVisibility !== reply.visibility && (
        <p className="edit-review-visibility">
          {t('approvals.edit.visibility', {
            before: t(`approvals.edit.visibilityName.${edit.previousVisibility}`),
            after: t(`approvals.edit.visibilityName.${reply.visibility}`),
          })}
        </p>
      )}
      {mine && (
        <div className="approval-actions">
          <button type="button" disabled={state.isLoading} onClick={() => answer('decline')}>
            {t('approvals.edit.decline')}
          </button>
          <button type="button" disabled={state.isLoading} onClick={() => answer('confirm')}>
            {t('approvals.edit.confirm')}
          </button>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}

/** The edit review under a reply in the detail pane, when an approver rewrote it. */
export function ReplyEditReview({ reply }: { reply: Reply }) {
  const involved = currentApproverEdit(reply) !== null;
  const { data: session } = useSessionQuery(undefined, { skip: !involved });
  if (!involved) return null;
  return <EditReview reply={reply} user={session?.user ?? null} />;
}
