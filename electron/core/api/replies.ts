import { ContractFailure, type ReplyDraftRequest } from '../../../shared/contract';
import {
  draftReply,
  editReply,
  escalateReply,
  isSensitiveReply,
  sendReply,
  reviewEditCommand,
  submitForApproval,
  transitionItem,
  agentFirstName,
  can,
  type Actor,
  type EditReviewDecision,
  type PreApprovedUse,
  type Client,
  type Item,
  type Reply,
  type Result,
} from '../../../shared/domain';
import type { MutationArgs, MutationName } from '../../../shared/sync/mutations';
import type { WritableDb } from '../replica/db';
import { readContact, readInteraction, readItem, readReplies } from '../replica/entities';
import { savedRepliesForClient } from '../replica/savedReplies';
import { readUser } from './item-actions';
import { enqueueMutation } from '../replica/outbox';
import { sql } from '../replica/sql';
import { captureShadow } from '../replica/syncRows';
import { upsertItem, upsertNote, upsertReply } from '../replica/upserts';

function orRefuse<T>(result: Result<T>): T {
  if (!result.ok) throw new ContractFailure('refused', `${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * Replies on the local replica: drafts are saved as the moderator types (never lost, on any
 * restart), and sending goes through the shared rule, which decides between "send" and "submit
 * for approval" — the composer's opinion is only a hint. Each write records its mutation in the
 * same transaction.
 */
export function createReplyActions(deps: {
  db: WritableDb;
  actor: () => Actor | null;
  client: (clientId: string) => Client;
  now: () => number;
}) {
  const { db } = deps;
  const me = (): Actor => {
    const actor = deps.actor();
    if (!actor) throw new ContractFailure('refused', 'Sign in to reply.');
    return actor;
  };
  /** While replaying pending mutations (the rebase) the outbox already has them. */
  let replaying = false;
  const enqueue = <N extends MutationName>(name: N, args: MutationArgs<N>) => {
    if (!replaying) enqueueMutation(db, { name, args }, deps.now());
  };
  const replay = <T>(work: () => T): T => {
    replaying = true;
    try {
      return work();
    } finally {
      replaying = false;
    }
  };
  const load = (itemId: string) => {
    const stored = readItem(db, itemId);
    if (!stored) throw new ContractFailure('not_found', `Item ${itemId} is not in the local replica.`);
    const { pk, interactionPk, ...item } = stored;
    return { item: item as Item, pk, interactionPk };
  };
  const saveItem = (before: Item, after: Item) => {
    if (before !== after) upsertItem(db, after);
  };

  /** Working on a new item claims it, as opening it in the platform's inbox would. */
  const claimIfNew = (item: Item, actor: Actor): Item => {
    if (item.status !== 'new') return item;
    const claimed = orRefuse(transitionItem(item, { type: 'claim' }, actor, deps.now(), deps.client(item.clientId)));
    enqueue('item.claim', { itemId: item.id });
    return claimed;
  };

  function saveDraft(request: ReplyDraftRequest): Reply {
    const actor = me();
    return db.transaction(() => {
      const now = deps.now();
      const { item: stored, pk } = load(request.itemId);
      captureShadow(db, 'item', stored.id);
      captureShadow(db, 'reply', request.replyId);
      const existing = readReplies(db, pk).find((reply) => reply.id === request.replyId);
      const item = existing ? stored : claimIfNew(stored, actor);
      saveItem(stored, item);
      let reply = existing
        ? orRefuse(editReply(existing, { text: request.text, visibility: request.visibility }, actor, now))
        : orRefuse(
            draftReply(
              {
                id: request.replyId,
                item,
                text: request.text,
                visibility: request.visibility,
                savedReplyId: request.savedReplyId,
              },
              actor,
              now,
            ),
          );
      if (existing && reply.savedReplyId !== request.savedReplyId)
        reply = { ...reply, savedReplyId: request.savedReplyId };
      if (request.escalated && !reply.escalated)
        reply = orRefuse(escalateReply(reply, request.escalationNote, actor, now));
      upsertReply(db, reply);
      enqueue('reply.draft', {
        replyId: reply.id,
        itemId: item.id,
        text: reply.text,
        visibility: reply.visibility,
        savedReplyId: reply.savedReplyId,
      });
      db.notifyChanged({ items: [item.id] });
      return reply;
    });
  }

  /** Sends the reply, or submits it for approval when the client's policy says it is sensitive. */
  function send(
    replyId: string,
    seenUpTo: number | null = null,
  ): { reply: Reply; item: Item; submittedForApproval: boolean } {
    const actor = me();
    return db.transaction(() => {
      const itemId = db.column<string>(
        sql`SELECT i.id FROM replies r JOIN items i ON i.pk = r.item_pk WHERE r.id = ${replyId}`,
      )[0];
      if (itemId === undefined) throw new ContractFailure('not_found', `Reply ${replyId} is not in the local replica.`);
      const { item, pk, interactionPk } = load(itemId);
      captureShadow(db, 'item', item.id);
      captureShadow(db, 'reply', replyId);
      const reply = readReplies(db, pk).find((r) => r.id === replyId);
      const interaction = readInteraction(db, interactionPk);
      if (!reply || !interaction)
        throw new ContractFailure('not_found', `Reply ${replyId} is incomplete in the replica.`);
      if (seenUpTo !== null) refuseIfNewerActivity(item.id, interaction.threadId, replyId, seenUpTo);
      const client = deps.client(item.clientId);
      const now = deps.now();
      const preApproved = preApprovedUse(reply, client, interaction.contactId);
      const sensitive = isSensitiveReply(reply, client, interaction, { preApproved });
      const context = { item, reply, client };
      const result = sensitive
        ? orRefuse(submitForApproval(context, actor, now))
        : orRefuse(sendReply({ ...context, interaction, options: { preApproved } }, actor, now));
      upsertReply(db, result.reply);
      saveItem(item, result.item);
      // Without `seenUpTo` the moderator chose to send anyway; with it, the server checks again.
      const seen = seenUpTo === null ? { confirmed: true } : { seenUpTo };
      if (sensitive) {
        enqueue('reply.submit', { replyId, escalated: reply.escalated, note: reply.escalationNote, ...seen });
      } else {
        enqueue('reply.send', { replyId, seenUpTo, ...seen });
      }
      db.notifyChanged({ items: [item.id] });
      return { reply: result.reply, item: result.item, submittedForApproval: sensitive };
    });
  }

  /**
   * The moderator confirms or declines an approver's rewrite of their reply (shared/domain/
   * authorship.ts); a decline reopens the item with their own words as the draft.
   */
  function reviewEdit(request: { replyId: string; textHash: string; decision: EditReviewDecision }): {
    reply: Reply;
    item: Item;
  } {
    const actor = me();
    return db.transaction(() => {
      const itemId = db.column<string>(
        sql`SELECT i.id FROM replies r JOIN items i ON i.pk = r.item_pk WHERE r.id = ${request.replyId}`,
      )[0];
      if (itemId === undefined) {
        throw new ContractFailure('not_found', `Reply ${request.replyId} is not in the local replica.`);
      }
      const { item, pk } = load(itemId);
      const reply = readReplies(db, pk).find((r) => r.id === request.replyId);
      if (!reply) throw new ContractFailure('not_found', `Reply ${request.replyId} is not in the local replica.`);
      captureShadow(db, 'item', item.id);
      captureShadow(db, 'reply', reply.id);
      const input = { decision: request.decision, expectedTextHash: request.textHash };
      const result = orRefuse(
        reviewEditCommand({ item, reply, client: deps.client(item.clientId) }, input, actor, deps.now()),
      );
      upsertReply(db, result.reply);
      saveItem(item, result.item);
      enqueue('reply.confirm_edit', request);
      db.notifyChanged({ items: [item.id] });
      return result;
    });
  }

  /**
   * Someone else answered, or the contact wrote again, after the moderator last looked: the send
   * stops so they read it first (issue 5, collision). Sending again without `seenUpTo` confirms.
   */
  function refuseIfNewerActivity(itemId: string, threadId: string, replyId: string, seenUpTo: number): void {
    const newer = db.get<{ at: number }>(sql`SELECT max(at) AS at FROM (
        SELECT x.created_at AS at FROM interactions x JOIN threads t ON t.pk = x.thread_pk
          WHERE t.id = ${threadId} AND x.created_at > ${seenUpTo}
        UNION ALL
        SELECT coalesce(r.sent_at, r.updated_at) AS at FROM replies r JOIN items i ON i.pk = r.item_pk
          WHERE i.id = ${itemId} AND r.id <> ${replyId} AND r.status IN ('sent', 'queued', 'awaiting_approval')
            AND coalesce(r.sent_at, r.updated_at) > ${seenUpTo})`);
    if (newer?.at != null) {
      throw new ContractFailure(
        'refused',
        'newer_activity: the conversation has something newer than what you saw; read it, then send again.',
      );
    }
  }

  /** Marks a stored draft as escalated by its moderator (a replayed submission that was escalated). */
  function escalateStored(replyId: string, note: string | null): void {
    db.transaction(() => {
      const itemPk = db.column<number>(sql`SELECT item_pk FROM replies WHERE id = ${replyId}`)[0];
      const reply = itemPk === undefined ? undefined : readReplies(db, itemPk).find((r) => r.id === replyId);
      if (!reply || reply.escalated) return;
      captureShadow(db, 'reply', replyId);
      upsertReply(db, orRefuse(escalateReply(reply, note, me(), deps.now())));
    });
  }

  /** The saved reply this one was made from, with the values it renders with, if pre-approved. */
  function preApprovedUse(reply: Reply, client: Client, contactId: string): PreApprovedUse | null {
    if (reply.savedReplyId === null) return null;
    const savedReply = savedRepliesForClient(db, client.id).find((s) => s.id === reply.savedReplyId);
    // The rule checks the client's signatures and the visibility (shared/domain/preApproval.ts).
    if (!savedReply?.preApproval) return null;
    const author = readUser(db, reply.authorId);
    return {
      savedReply,
      values: {
        'contact.first_name': readContact(db, { id: contactId })?.firstName ?? null,
        'agent.first_name': author ? agentFirstName(author.name) : null,
        'client.name': client.name,
      },
    };
  }

  /** A note on the contact, written from one of their items (its client scopes the right to write). */
  function addNote(args: { noteId: string; contactId: string; itemId: string; text: string }): { noteId: string } {
    const actor = me();
    return db.transaction(() => {
      const { item } = load(args.itemId);
      const allowed = can(actor, 'note.add', { clientId: item.clientId });
      if (!allowed.ok) throw new ContractFailure('refused', `${allowed.error.code}: ${allowed.error.message}`);
      if (!readContact(db, { id: args.contactId })) {
        throw new ContractFailure('not_found', `Contact ${args.contactId} is not in the local replica.`);
      }
      captureShadow(db, 'note', args.noteId);
      upsertNote(db, {
        id: args.noteId,
        contactId: args.contactId,
        authorId: actor.id,
        text: args.text,
        createdAt: deps.now(),
      });
      enqueue('note.add', { noteId: args.noteId, contactId: args.contactId, text: args.text });
      db.notifyChanged({ contacts: [args.contactId] });
      return { noteId: args.noteId };
    });
  }

  return {
    saveDraft,
    send,
    reviewEdit,
    addNote,
    /** Applies a pending reply or note mutation again after a pull (the rebase): no new outbox row. */
    replayDraft: (request: ReplyDraftRequest) => replay(() => saveDraft(request)),
    replaySend: (replyId: string) => replay(() => send(replyId)),
    replayReviewEdit: (request: { replyId: string; textHash: string; decision: EditReviewDecision }) =>
      replay(() => reviewEdit(request)),
    replaySubmit: (replyId: string, escalated: boolean, note: string | null) =>
      replay(() => {
        if (escalated) escalateStored(replyId, note);
        return send(replyId);
      }),
    replayNote: (args: { noteId: string; contactId: string; text: string; createdAt: number }) =>
      db.transaction(() => {
        captureShadow(db, 'note', args.noteId);
        upsertNote(db, {
          id: args.noteId,
          contactId: args.contactId,
          authorId: me().id,
          text: args.text,
          createdAt: args.createdAt,
        });
        db.notifyChanged({ contacts: [args.contactId] });
      }),
  };
}
