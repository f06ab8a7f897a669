/**
 * Applies a still-pending mutation again on top of the server's rows (the rebase of docs/sync.md),
 * through the same local actions that made it — the shared domain rules decide again, and no
 * new outbox row is written. A mutation the rules now refuse throws; the rebase leaves it
 * pending for the server to decide.
 */
import { ContractFailure, type ItemActionRequest } from '../../../shared/contract';
import { isItemMutationName, requestOfMutation, type ItemMutationName } from '../../../shared/domain';
import { parseMutationArgs, type MutationArgs, type MutationName } from '../../../shared/sync/mutations';
import type { PendingMutation } from '../replica/outbox';

export interface ReplayTargets {
  act(itemId: string, request: ItemActionRequest, replay: true): unknown;
  replayDraft(request: {
    replyId: string;
    itemId: string;
    text: string;
    visibility: 'public' | 'private';
    savedReplyId: string | null;
    escalated: boolean;
    escalationNote: string | null;
  }): unknown;
  replaySend(replyId: string): unknown;
  replayReviewEdit(request: { replyId: string; textHash: string; decision: 'confirm' | 'decline' }): unknown;
  replaySubmit(replyId: string, escalated: boolean, note: string | null): unknown;
  replayNote(args: { noteId: string; contactId: string; text: string; createdAt: number }): unknown;
}

export function replayMutation(targets: ReplayTargets, mutation: PendingMutation): void {
  const argsOf = <N extends MutationName>(name: N): MutationArgs<N> => {
    const parsed = parseMutationArgs(name, mutation.args);
    if (!parsed.ok) throw new ContractFailure('invalid_args', parsed.message);
    return parsed.value;
  };
  const { name } = mutation;
  if (isItemMutationName(name)) {
    // Every `item.<name>` mutation carries one request of the item action table.
    const { itemId, request } = requestOfMutation(name, argsOf(name));
    targets.act(itemId, request, true);
    return;
  }
  switch (name as Exclude<MutationName, ItemMutationName>) {
    case 'reply.draft': {
      const args = argsOf('reply.draft');
      targets.replayDraft({ ...args, escalated: false, escalationNote: null });
      return;
    }
    case 'reply.send':
      targets.replaySend(argsOf('reply.send').replyId);
      return;
    case 'reply.submit': {
      const args = argsOf('reply.submit');
      targets.replaySubmit(args.replyId, args.escalated, args.note);
      return;
    }
    case 'reply.confirm_edit':
      targets.replayReviewEdit(argsOf('reply.confirm_edit'));
      return;
    case 'note.add':
      targets.replayNote({ ...argsOf('note.add'), createdAt: mutation.createdAt });
      return;
    case 'contact.tag':
    case 'approval.decide':
      // Not made by this desktop's actions yet: nothing optimistic to show again.
      return;
  }
}
