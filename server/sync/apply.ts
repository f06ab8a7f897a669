/**
 * What a mutation does on the server: the shared domain rules (the same the desktop runs for its
 * optimistic apply), plus what only the server can be trusted with — who the actor really is,
 * what they may see, whether the rows exist. Pure: rows in, rows (or a refusal) out; the caller
 * reads and writes them in one transaction.
 *
 * A row the actor may not see is answered exactly like a missing one (`not_found`), so a
 * replica learns nothing about other clients' ids.
 */
import type { Actor, Client, Contact, Item, Reply, User } from '../../shared/domain/entities';
import type { DomainError, Result } from '../../shared/domain/errors';
import {
  agentFirstName,
  approvalProgress,
  can,
  currentTextHash,
  decide,
  draftReply,
  escalateReply,
  isItemMutation,
  lifecycleActionOf,
  requestOfMutation,
  reviewEditCommand,
  reviseReply,
  sendReply,
  submitForApproval,
  transitionItem,
} from '../../shared/domain';
import type { ItemAction, ItemActionRequest, ItemAndReply, PreApprovedUse } from '../../shared/domain';
import type { SyncRefusalCode } from '../../shared/sync/refusals';
import type { OutboxEntry } from './commits';
import type { LoadedRows } from './context';
import type { ParsedMutation } from './mutation';
import type { EntityRow } from './rows';
import { row, userScopes } from './rows';
import type { Visibility } from './scope';
import { canSeeClient, canSeeScopes, visibilityOf } from './scope';

export interface Refusal {
  readonly code: SyncRefusalCode;
  readonly message: string;
}

export type Outcome =
  | { readonly ok: true; readonly rows: readonly EntityRow[]; readonly outbox: readonly OutboxEntry[] }
  | { readonly ok: false; readonly refusal: Refusal };

interface Context {
  readonly actor: Actor;
  readonly visibility: Visibility;
  readonly rows: LoadedRows;
  readonly now: number;
  readonly conversation: Conversation;
}

/**
 * What the server knows of a reply's conversation beyond the rows: when its newest message, or a
 * colleague's answer on the same item (sent, queued or awaiting approval), arrived. push.ts reads
 * it for a send or submission that carries `seenUpTo`.
 */
export interface Conversation {
  readonly newestActivityAt: number | null;
}
export const QUIET: Conversation = { newestActivityAt: null };

const refuse = (code: SyncRefusalCode, message: string): Outcome => ({ ok: false, refusal: { code, message } });
const fromDomain = (error: DomainError): Outcome => refuse(error.code, error.message);
const applied = (rows: readonly EntityRow[], outbox: readonly OutboxEntry[] = []): Outcome => ({
  ok: true,
  rows,
  outbox,
});

export function actorOf(user: Pick<User, 'id' | 'role' | 'clientIds' | 'alsoApprover'>): Actor {
  return { id: user.id, role: user.role, clientIds: user.clientIds, alsoApprover: user.alsoApprover };
}

export function applyMutation(
  mutation: ParsedMutation,
  actor: Actor,
  rows: LoadedRows,
  now: number,
  conversation: Conversation = QUIET,
): Outcome {
  const context: Context = { actor, visibility: visibilityOf(actor), rows, now, conversation };
  // Every `item.<name>` mutation: one request of the item action table, one path.
  if (isItemMutation(mutation)) return onItem(context, requestOfMutation(mutation.name, mutation.args).request);
  switch (mutation.name) {
    case 'reply.draft':
      return draft(context, mutation.args);
    case 'reply.submit':
      return submit(context, mutation.args);
    case 'reply.send':
      return send(context, mutation.args);
    case 'approval.decide':
      return decideStep(context, mutation.args);
    case 'reply.confirm_edit': {
      const found = visibleReply(context);
      if (isOutcome(found)) return found;
      const input = { decision: mutation.args.decision, expectedTextHash: mutation.args.textHash };
      return itemAndReplyRows(found.item, reviewEditCommand(found, input, context.actor, context.now));
    }
    case 'note.add':
      return addNote(context, mutation.args);
    case 'contact.tag':
      return tagContact(context, mutation.args);
  }
}

function visibleItem(context: Context): { item: Item; client: Client } | Outcome {
  const { item, client } = context.rows;
  if (item === undefined || !canSeeClient(context.visibility, item.clientId))
    return refuse('not_found', 'no such item');
  if (client === undefined) return refuse('not_found', 'the item client is missing');
  return { item, client };
}

function isOutcome(value: object): value is Outcome {
  return 'ok' in value;
}

function onItem(context: Context, request: ItemActionRequest): Outcome {
  const found = visibleItem(context);
  if (isOutcome(found)) return found;
  const action = lifecycleActionOf(request, found.item);
  const refused = serverCheck(context, found.item, action);
  if (refused !== null) return refused;
  const next = transitionItem(found.item, action, context.actor, context.now, found.client);
  return next.ok ? applied([row('item', next.value)]) : fromDomain(next.error);
}

/**
 * What only the server can check before an item action, beside the item action table
 * (shared/domain/itemActions.ts): the rows the actor may see. An assignee must exist for the
 * actor, and work on the item's client.
 */
function serverCheck(context: Context, item: Item, action: ItemAction): Outcome | null {
  if (action.type !== 'assign') return null;
  const assignee = context.rows.users.get(action.toUserId);
  // Someone the actor cannot see is answered like no one (no oracle of other clients' people).
  if (assignee === undefined || !canSeeScopes(context.visibility, userScopes(assignee)))
    return refuse('invalid_argument', 'no such user to assign to');
  // The replicas that see the item must be able to see (and store) its assignee.
  if (!can(actorOf(assignee), 'item.claim', { clientId: item.clientId }).ok) {
    return refuse('invalid_argument', 'the assignee does not work on this client');
  }
  return null;
}

/** The reply, its item and client, all visible to the actor. */
function visibleReply(context: Context): { item: Item; reply: Reply; client: Client } | Outcome {
  const { reply } = context.rows;
  if (reply === undefined || !canSeeClient(context.visibility, reply.clientId))
    return refuse('not_found', 'no such reply');
  const found = visibleItem(context);
  if (isOutcome(found)) return found;
  return { ...found, reply };
}

function itemAndReplyRows(before: Item, result: Result<ItemAndReply>, outbox: OutboxEntry[] = []): Outcome {
  if (!result.ok) return fromDomain(result.error);
  const { item, reply } = result.value;
  const rows: EntityRow[] = [];
  if (item !== before) rows.push(row('item', item));
  rows.push(row('reply', reply));
  return applied(rows, outbox);
}

type Args<N extends ParsedMutation['name']> = Extract<ParsedMutation, { name: N }>['args'];

function draft(context: Context, args: Args<'reply.draft'>): Outcome {
  const { reply, savedReply } = context.rows;
  const found = visibleItem(context);
  if (isOutcome(found)) return found;
  const { item, client } = found;
  if (reply !== undefined && reply.itemId !== args.itemId)
    return refuse('invalid_argument', 'the reply belongs to another item');
  if (args.savedReplyId !== null && (savedReply === undefined || savedReply.clientId !== item.clientId)) {
    return refuse('invalid_argument', 'no such saved reply for this client');
  }
  if (reply === undefined) {
    const input = {
      id: args.replyId,
      item,
      text: args.text,
      visibility: args.visibility,
      savedReplyId: args.savedReplyId,
    };
    const drafted = draftReply(input, context.actor, context.now);
    return drafted.ok ? applied([row('reply', drafted.value)]) : fromDomain(drafted.error);
  }
  const revised = reviseReply(
    { item, reply, client },
    { text: args.text, visibility: args.visibility },
    context.actor,
    context.now,
  );
  if (!revised.ok) return fromDomain(revised.error);
  // The text may now come from a saved reply; only the exact rendered text ever counts as pre-approved.
  const withSource = { ...revised.value, reply: { ...revised.value.reply, savedReplyId: args.savedReplyId } };
  return itemAndReplyRows(item, { ok: true, value: withSource });
}

/**
 * Something arrived after what the moderator saw, and they did not confirm: refused, so they read
 * it first — the server's half of the desktop's check (electron/core/api/replies.ts), for a
 * desktop that was offline meanwhile.
 */
export function answeredMeanwhile(
  args: { readonly seenUpTo?: number | null | undefined; readonly confirmed?: boolean | undefined },
  conversation: Conversation,
): Outcome | null {
  if (args.confirmed === true || args.seenUpTo === null || args.seenUpTo === undefined) return null;
  const newest = conversation.newestActivityAt;
  if (newest === null || newest <= args.seenUpTo) return null;
  return refuse('newer_activity', 'the conversation has something newer than what the moderator saw');
}

function submit(context: Context, args: Args<'reply.submit'>): Outcome {
  const found = visibleReply(context);
  if (isOutcome(found)) return found;
  const meanwhile = answeredMeanwhile(args, context.conversation);
  if (meanwhile !== null) return meanwhile;
  let { reply } = found;
  if (args.escalated && !reply.escalated) {
    const escalated = escalateReply(reply, args.note, context.actor, context.now);
    if (!escalated.ok) return fromDomain(escalated.error);
    reply = escalated.value;
  }
  return itemAndReplyRows(found.item, submitForApproval({ ...found, reply }, context.actor, context.now));
}

/** The saved reply the text came from, with the values the composer filled it with. */
export function preApprovedUseOf(rows: LoadedRows, reply: Reply, client: Client): PreApprovedUse | null {
  const { savedReply, contact } = rows;
  if (savedReply === undefined || savedReply.id !== reply.savedReplyId) return null;
  const author = rows.users.get(reply.authorId);
  return {
    savedReply,
    values: {
      'contact.first_name': contact?.firstName ?? null,
      'agent.first_name': author === undefined ? null : agentFirstName(author.name),
      'client.name': client.name,
    },
  };
}

function send(context: Context, args: Args<'reply.send'>): Outcome {
  const found = visibleReply(context);
  if (isOutcome(found)) return found;
  const meanwhile = answeredMeanwhile(args, context.conversation);
  if (meanwhile !== null) return meanwhile;
  const { interaction } = context.rows;
  if (interaction === undefined) return refuse('not_found', 'the item interaction is missing');
  const preApproved = preApprovedUseOf(context.rows, found.reply, found.client);
  const sent = sendReply({ ...found, interaction, options: { preApproved } }, context.actor, context.now);
  if (!sent.ok) return fromDomain(sent.error);
  const { reply } = sent.value;
  const entry = {
    replyId: reply.id,
    replyVersion: reply.version,
    textHash: currentTextHash(reply),
    clientId: reply.clientId,
  };
  return itemAndReplyRows(found.item, sent, [entry]);
}

function decideStep(context: Context, args: Args<'approval.decide'>): Outcome {
  const found = visibleReply(context);
  if (isOutcome(found)) return found;
  const { reply, client } = found;
  if (reply.approvals.some((approval) => approval.id === args.approvalId)) {
    return refuse('invalid_argument', 'the approval id is already used');
  }
  const progress = approvalProgress(reply, client.approvalChain);
  if (reply.status === 'awaiting_approval' && progress.currentStep !== args.stepIndex) {
    return refuse('approval_stale', 'the step waiting for a decision is not the one decided');
  }
  const input = {
    approvalId: args.approvalId,
    decision: args.decision,
    comment: args.comment,
    expectedTextHash: args.textHash,
  };
  return itemAndReplyRows(found.item, decide(found, input, context.actor, context.now));
}

/** A contact is seen through the clients it wrote to; acting on it needs the right on one of them. */
function visibleContact(
  context: Context,
  action: 'note.add' | 'item.label',
): { contact: Contact; scopes: readonly string[] | null; clientId: string | null } | Outcome {
  const { contact, contactScopes = null } = context.rows;
  if (contact === undefined || !canSeeScopes(context.visibility, contactScopes))
    return refuse('not_found', 'no such contact');
  const candidates =
    contactScopes === null ? [null] : contactScopes.filter((clientId) => canSeeClient(context.visibility, clientId));
  let firstRefusal: DomainError | null = null;
  for (const clientId of candidates) {
    const allowed = can(context.actor, action, { clientId });
    if (allowed.ok) return { contact, scopes: contactScopes, clientId };
    firstRefusal ??= allowed.error;
  }
  return fromDomain(firstRefusal ?? { code: 'not_permitted', message: `${action} on this contact is not permitted` });
}

function addNote(context: Context, args: Args<'note.add'>): Outcome {
  const found = visibleContact(context, 'note.add');
  if (isOutcome(found)) return found;
  const { note: taken, noteScopes = null } = context.rows;
  if (taken !== undefined) {
    // Another client's note: out of scope, so not_found like every row the actor cannot see.
    if (!canSeeScopes(context.visibility, noteScopes)) return refuse('not_found', 'no such note');
    return refuse('invalid_argument', 'the note id is already used');
  }
  // A note is seen where its author works: it may speak of that client's business.
  const scopes =
    found.scopes === null ? null : found.scopes.filter((clientId) => canSeeClient(context.visibility, clientId));
  const note = {
    id: args.noteId,
    contactId: found.contact.id,
    authorId: context.actor.id,
    text: args.text,
    createdAt: context.now,
  };
  return applied([row('note', note, scopes)]);
}

function tagContact(context: Context, args: Args<'contact.tag'>): Outcome {
  const found = visibleContact(context, 'item.label');
  if (isOutcome(found)) return found;
  const { contact } = found;
  const has = contact.labels.includes(args.label);
  if (args.op === 'add' && has) return refuse('no_change', 'the contact already has this label');
  if (args.op === 'remove' && !has) return refuse('no_change', 'the contact does not have this label');
  const labels =
    args.op === 'add' ? [...contact.labels, args.label] : contact.labels.filter((label) => label !== args.label);
  return applied([row('contact', { ...contact, labels }, found.scopes)]);
}
