import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { approvalProgress, currentTextHash, type Client, type Reply, type User } from '../../../../shared/domain';
import { useCommand } from '../../keyboard/commands';
import { Dialog } from '../../keyboard/Dialog';
import { errorText, isContractError } from '../../i18n/errors';
import { useDecideApprovalMutation } from './approvalsApi';
import { useClientPolicyQuery, useSessionQuery } from '../queue/queueApi';
import './approvals.css';

type Decision = 'approve' | 'reject' | 'editApprove';

/**
 * The client's approval chain on a reply awaiting approval: who signed which step (with the
 * meaning of their signature) and, for an approver whose step it is, approve (`y`), reject
 * (`Shift+R`) and edit-and-approve (`Shift+E`) — each an e-signature with the password again.
 */
export function ApprovalPanel({ reply, client, user }: { reply: Reply; client: Client; user: User | null }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<Decision | null>(null);
  const progress = approvalProgress(reply, client.approvalChain);
  const step = progress.currentStep === null ? null : client.approvalChain[progress.currentStep];
  const mine =
    reply.status === 'awaiting_approval' &&
    step !== undefined &&
    step !== null &&
    user !== null &&
    step.approverIds.includes(user.id) &&
    reply.authorId !== user.id &&
    !progress.signers.includes(user.id);
  useCommand('approval.approve', () => setOpen('approve'), mine);
  useCommand('approval.reject', () => setOpen('reject'), mine);
  useCommand('approval.editApprove', () => setOpen('editApprove'), mine);

  return (
    <section className="approval-panel" aria-label={t('approvals.title')}>
      <h4>{t('approvals.title')}</h4>
      <ol>
        {client.approvalChain.map((chainStep, index) => {
          const signed = reply.approvals.find((a) => a.stepIndex === index && a.decision === 'approved');
          return (
            <li key={chainStep.name}>
              <span>{t('approvals.step', { index: index + 1, name: chainStep.name })}</span>{' '}
              <span className="approval-state">
                {signed
                  ? t('approvals.signed', {
                      meaning: signed.meaning,
                      name: signed.signature?.printedName ?? signed.approverId,
                    })
                  : t('approvals.waiting')}
              </span>
            </li>
          );
        })}
      </ol>
      {reply.status === 'awaiting_approval' && step && (
        <p className="approval-turn">
          {mine ? t('approvals.yourTurn') : t('approvals.notYourTurn', { name: step.name })}
        </p>
      )}
      {mine && (
        <div className="approval-actions">
          <button type="button" onClick={() => setOpen('approve')}>
            {t('approvals.approve')}
          </button>
          <button type="button" onClick={() => setOpen('reject')}>
            {t('approvals.reject')}
          </button>
          <button type="button" onClick={() => setOpen('editApprove')}>
            {t('approvals.editApprove')}
          </button>
        </div>
      )}
      {open && progress.currentStep !== null && (
        <DecisionDialog
          kind={open}
          reply={reply}
          stepIndex={progress.currentStep}
          language={i18n.language === 'en' ? 'en' : 'it'}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}

function DecisionDialog(props: {
  kind: Decision;
  reply: Reply;
  stepIndex: number;
  language: 'it' | 'en';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [decide, state] = useDecideApprovalMutation();
  const [password, setPassword] = useState('');
  const [comment, setComment] = useState('');
  const [text, setText] = useState(props.reply.text);
  const ids = { password: useId(), comment: useId(), text: useId() };
  const error = isContractError(state.error) ? errorText(t, state.error, 'approvals') : null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await decide({
      replyId: props.reply.id,
      stepIndex: props.stepIndex,
      decision: props.kind === 'reject' ? 'rejected' : 'approved',
      textHash: currentTextHash(props.reply),
      comment: comment.trim() === '' ? null : comment.trim(),
      password,
      editedText: props.kind === 'editApprove' ? text : null,
      lang: props.language,
    });
    if ('data' in result) props.onClose();
  };
  return (
    <Dialog title={t(`approvals.dialog.${props.kind}`)} onClose={props.onClose}>
      <form onSubmit={(event) => void submit(event)} className="approval-dialog">
        <h2>{t(`approvals.dialog.${props.kind}`)}</h2>
        {props.kind === 'editApprove' && (
          <>
            <label htmlFor={ids.text}>{t('approvals.dialog.text')}</label>
            <textarea id={ids.text} value={text} rows={5} onChange={(event) => setText(event.target.value)} />
          </>
        )}
        <label htmlFor={ids.comment}>
          {props.kind === 'reject' ? t('approvals.dialog.reason') : t('approvals.dialog.comment')}
        </label>
        <textarea
          id={ids.comment}
          value={comment}
          rows={2}
          required={props.kind === 'reject'}
          onChange={(event) => setComment(event.target.value)}
        />
        <p className="approval-sign-note">{t('approvals.dialog.signNote')}</p>
        <label htmlFor={ids.password}>{t('approvals.dialog.password')}</label>
        <input
          id={ids.password}
          type="password"
          required
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {error && <p role="alert">{error}</p>}
        <div className="approval-actions">
          <button type="button" onClick={props.onClose}>
            {t('approvals.dialog.cancel')}
          </button>
          <button type="submit" disabled={state.isLoading}>
            {state.isLoading ? t('approvals.dialog.signing') : t('approvals.dialog.sign')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The approval chain under a reply in the detail pane, once it went to the client. */
export function ReplyApproval({ reply }: { reply: Reply }) {
  const involved = reply.status === 'awaiting_approval' || reply.approvals.length > 0;
  const { data: client } = useClientPolicyQuery(reply.clientId, { skip: !involved });
  const { data: session } = useSessionQuery(undefined, { skip: !involved });
  if (!involved || !client) return null;
  return <ApprovalPanel reply={reply} client={client} user={session?.user ?? null} />;
}
