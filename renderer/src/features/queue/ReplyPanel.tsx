import { useEffect, useMemo, useRef } from 'react';
import type { ItemDetail } from '../../../../shared/contract';
import { agentFirstName } from '../../../../shared/domain/people';
import type { User } from '../../../../shared/domain/entities';
import { useAppDispatch } from '../../app/hooks';
import { Composer, type ComposerDraft } from '../composer/Composer';
import { queueApi, useClientPolicyQuery, useSavedRepliesQuery } from './queueApi';
import { composerOpened, sendScheduled, toastShown } from './slice';
import { once } from '../../app/once';

const SAVE_DEBOUNCE_MS = 400;

/**
 * The composer for the selected item, wired to the core: the draft is saved as the moderator
 * types (debounced, flushed on close and send), so neither a restart nor switching items loses
 * it; sending waits out the undo window (see SendScheduler).
 */
export function ReplyPanel({ detail, me, mode }: { detail: ItemDetail; me: User; mode: 'public' | 'private' }) {
  const dispatch = useAppDispatch();
  const clientId = detail.client.id;
  const client = useClientPolicyQuery(clientId).data;
  const savedReplies = useSavedRepliesQuery(clientId).data?.savedReplies;
  const existing = useMemo(
    () => detail.replies.find((r) => r.authorId === me.id && (r.status === 'draft' || r.status === 'rejected')) ?? null,
    [detail.replies, me.id],
  );
  const replyId = useMemo(() => existing?.id ?? `rp-${crypto.randomUUID()}`, [existing]);
  const pending = useRef<ComposerDraft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = async () => {
    clearTimeout(timer.current);
    const draft = pending.current;
    pending.current = null;
    if (!draft) return true;
    const saved = await once(
      dispatch(
        queueApi.endpoints.saveDraft.initiate({
          replyId,
          itemId: detail.item.id,
          text: draft.text,
          visibility: draft.visibility,
          savedReplyId: draft.savedReplyId,
          escalated: draft.escalated,
          escalationNote: draft.escalationNote,
        }),
      ),
    );
    return !('error' in saved);
  };
  const flushRef = useRef(flush);
  useEffect(() => {
    flushRef.current = flush;
  });
  // Leaving the item (or closing the composer) saves what was typed.
  useEffect(() => () => void flushRef.current(), []);

  if (!client || !savedReplies) return null;
  const draft: ComposerDraft | null = existing
    ? {
        text: existing.text,
        visibility: existing.visibility,
        savedReplyId: existing.savedReplyId,
        escalated: existing.escalated,
        escalationNote: existing.escalationNote,
      }
    : null;
  return (
    <Composer
      key={`${detail.item.id}-${mode}`}
      itemId={detail.item.id}
      platform={detail.channel.platform}
      kind={detail.interaction.kind}
      clientName={detail.client.name}
      contactFirstName={detail.author.firstName}
      agentFirstName={agentFirstName(me.name)}
      interactionText={detail.interaction.text}
      interactionFlagged={detail.interaction.flags.sensitive || detail.interaction.flags.adverseEvent}
      policy={client.sensitivity}
      approvalChain={client.approvalChain}
      savedReplies={savedReplies}
      draft={draft}
      mode={mode}
      autoFocus
      onDraftChange={(next) => {
        pending.current = next;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void flush(), SAVE_DEBOUNCE_MS);
      }}
      onSubmit={(submission) => {
        pending.current = submission;
        void flush().then((saved) => {
          if (!saved) {
            dispatch(toastShown({ key: 'reply.toast.notSaved', count: 1, tone: 'error' }));
            return;
          }
          dispatch(composerOpened(null));
          dispatch(
            sendScheduled({ replyId, itemId: detail.item.id, forApproval: submission.needsApproval, at: Date.now() }),
          );
        });
      }}
      onCancel={() => dispatch(composerOpened(null))}
    />
  );
}
