import { z } from 'zod';
import { editReviewDecisions } from '../domain/authorship';
import { client, epochMs, id, item, reply, user, visibility } from '../domain/entities';
import { itemActionRequest, type ItemActionRequest } from '../domain/itemActions';

/**
 * What a moderator does to items from the queue: one request per entry of the item action table
 * (shared/domain/itemActions.ts). Each action is checked with the shared domain rule, applied to
 * the local replica at once (optimistic) and queued as a sync mutation, in one transaction. Undo
 * is the inverse action, sent the same way.
 */
export const itemAction = itemActionRequest;
export type { ItemActionRequest };

export const MAX_BULK_ITEMS = 5000;

/** The composer's draft, saved as the moderator types so it survives restarts and item switches. */
export const replyDraftRequest = z
  .object({
    /** Chosen by the renderer when the draft starts; the same id follows it to the server. */
    replyId: id,
    itemId: id,
    text: z.string().max(10_000),
    visibility,
    savedReplyId: id.nullable(),
    escalated: z.boolean(),
    escalationNote: z.string().max(2000).nullable(),
  })
  .strict();
export type ReplyDraftRequest = z.infer<typeof replyDraftRequest>;

const refusedItem = z.object({ itemId: id, code: z.string(), message: z.string() });

export const actionCalls = {
  'items:act': {
    args: z.object({ itemIds: z.array(id).min(1).max(MAX_BULK_ITEMS), action: itemAction }).strict(),
    result: z.object({
      /** The items as they were before, for undo. */
      applied: z.array(z.object({ before: item, after: item })),
      refused: z.array(refusedItem),
    }),
  },
  'reply:saveDraft': { args: replyDraftRequest, result: z.object({ reply }) },
  'reply:send': {
    args: z
      .object({
        replyId: id,
        /**
         * The newest message of the conversation the moderator had on screen. When the thread has
         * something newer (a new comment, a colleague's reply) the send is refused with
         * `newer_activity`, so the moderator looks first; omit it to send anyway.
         */
        seenUpTo: epochMs.nullable().optional(),
      })
      .strict(),
    result: z.object({ reply, item, submittedForApproval: z.boolean() }),
  },
  /**
   * The moderator's answer to an approver's rewrite of their reply: confirm the approver's words
   * (two people then saw them; it may be sent) or decline them (their own words come back as a
   * draft). `textHash` is the hash of the approver's version they were shown.
   */
  'reply:reviewEdit': {
    args: z
      .object({ replyId: id, textHash: z.string().min(1).max(128), decision: z.enum(editReviewDecisions) })
      .strict(),
    result: z.object({ reply, item }),
  },
  'note:add': {
    args: z
      .object({
        noteId: id,
        contactId: id,
        /** The item the note was written from: its client decides who may write it. */
        itemId: id,
        text: z.string().trim().min(1).max(5000),
      })
      .strict(),
    result: z.object({ noteId: id }),
  },
  'session:get': {
    args: z.object({}).strict(),
    result: z.object({ user: user.nullable() }),
  },
  'users:list': {
    args: z.object({ clientId: id }).strict(),
    /** Who may work on that client's items (assign to…). */
    result: z.object({ users: z.array(user) }),
  },
  'client:get': {
    args: z.object({ clientId: id }).strict(),
    result: client,
  },
} as const;
