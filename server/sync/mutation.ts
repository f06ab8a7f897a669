/**
 * A pushed mutation, parsed: its name and its arguments typed together, and the rows the server
 * must read (and lock) to apply it.
 */
import {
  isItemMutation,
  isItemMutationName,
  policyReasonMutations,
  requestOfMutation,
  userToLoad,
} from '../../shared/domain/itemActions';
import { findUnsafeText } from '../../shared/domain/text';
import type { MutationArgs, MutationName } from '../../shared/sync/mutations';
import { parseMutationArgs } from '../../shared/sync/mutations';
import type { SyncRefusalCode } from '../../shared/sync/refusals';

export type ParsedMutation = {
  [N in MutationName]: { readonly name: N; readonly args: MutationArgs<N> };
}[MutationName];

const isPolicyReasonMutation = (name: MutationName): boolean =>
  isItemMutationName(name) && policyReasonMutations.has(name);

/** A hide or delete (policyReason in the item action table) whose reason is missing or blank: refused as the domain would, not as bad input. */
function lacksReason(name: MutationName, args: unknown): boolean {
  if (!isPolicyReasonMutation(name) || typeof args !== 'object' || args === null) return false;
  const reason = (args as { reason?: unknown }).reason;
  return reason === undefined || reason === null || (typeof reason === 'string' && reason.trim() === '');
}

export function parseMutation(
  name: MutationName,
  args: unknown,
): { ok: true; value: ParsedMutation } | { ok: false; code: SyncRefusalCode; message: string } {
  const unsafe = findUnsafeText(args);
  if (unsafe !== null) {
    const what = unsafe.problem === 'nul' ? 'a NUL character' : 'a broken character (half of an emoji?)';
    return { ok: false, code: 'invalid_text', message: `${name}: ${unsafe.path.join('.') || '(root)'} holds ${what}` };
  }
  const parsed = parseMutationArgs(name, args);
  // parseMutationArgs checked `args` against the schema of exactly this name.
  if (parsed.ok) return { ok: true, value: { name, args: parsed.value } as ParsedMutation };
  if (lacksReason(name, args)) {
    return {
      ok: false,
      code: 'reason_required',
      message: `${name} needs a reason from the client's moderation policy`,
    };
  }
  return { ok: false, code: 'invalid_args', message: parsed.message };
}

/** Which rows a mutation reads: locked ones first (reply before item, always, so no deadlock). */
export type LoadPlan =
  | { readonly kind: 'item'; readonly itemId: string; readonly userId: string | null }
  | {
      readonly kind: 'reply';
      readonly replyId: string;
      readonly itemId: string | null;
      readonly savedReplyId: string | null;
    }
  | { readonly kind: 'contact'; readonly contactId: string; readonly noteId: string | null };

export function loadPlanOf(mutation: ParsedMutation): LoadPlan {
  if (isItemMutation(mutation)) {
    // The item (with its client), and the user the item action table names (an assignee).
    const { itemId, request } = requestOfMutation(mutation.name, mutation.args);
    return { kind: 'item', itemId, userId: userToLoad(request) };
  }
  switch (mutation.name) {
    case 'reply.draft':
      return {
        kind: 'reply',
        replyId: mutation.args.replyId,
        itemId: mutation.args.itemId,
        savedReplyId: mutation.args.savedReplyId,
      };
    case 'reply.submit':
    case 'reply.send':
    case 'reply.confirm_edit':
    case 'approval.decide':
      return { kind: 'reply', replyId: mutation.args.replyId, itemId: null, savedReplyId: null };
    case 'note.add':
      return { kind: 'contact', contactId: mutation.args.contactId, noteId: mutation.args.noteId };
    case 'contact.tag':
      return { kind: 'contact', contactId: mutation.args.contactId, noteId: null };
  }
}
