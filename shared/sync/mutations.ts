/**
 * The closed set of mutations a desktop pushes (docs/sync.md). Each has a zod schema for its
 * arguments; ids of new rows (replies, notes) are chosen by the client so an optimistic row and
 * the server's row are the same row. Whether a mutation is allowed, and what it changes, is
 * decided by the pure rules in shared/domain, on the desktop (optimistic) and on the server.
 */
import { z } from 'zod';
import { editReviewDecisions } from '../domain/authorship';
import { approvalDecision, epochMs, id, replicaId, visibility } from '../domain/entities';
import { itemMutationArgs } from '../domain/itemActions';

const label = z.string().trim().min(1).max(60);
/** The newest message of the thread the moderator saw; the server refuses when it has something newer. */
const seenUpTo = epochMs.nullable();
/**
 * The moderator was told that a colleague answered or a message arrived meanwhile, and chose to
 * send anyway: the server does not compare with `seenUpTo`.
 */
const confirmed = z.boolean().optional();

export const mutationArgs = {
  /** `item.<name>`: one per entry of the item action table (shared/domain/itemActions.ts). */
  ...itemMutationArgs,
  'reply.draft': z
    .object({
      replyId: id,
      itemId: id,
      text: z.string().max(10_000),
      visibility,
      savedReplyId: id.nullable(),
    })
    .strict(),
  'reply.submit': z
    .object({
      replyId: id,
      escalated: z.boolean(),
      note: z.string().max(2000).nullable(),
      seenUpTo: seenUpTo.optional(),
      confirmed,
    })
    .strict(),
  'reply.send': z.object({ replyId: id, seenUpTo, confirmed }).strict(),
  'approval.decide': z
    .object({
      replyId: id,
      approvalId: id,
      stepIndex: z.number().int().min(0).max(2),
      decision: approvalDecision,
      /** The hash of the exact text and visibility the approver saw. */
      textHash: z.string().min(1),
      comment: z.string().max(2000).nullable(),
    })
    .strict(),
  /**
   * The moderator's answer to an approver's rewrite of their reply (shared/domain/authorship.ts):
   * confirm the approver's words, or decline them (their own words come back as a draft).
   */
  'reply.confirm_edit': z
    .object({
      replyId: id,
      /** The hash of the approver's version the moderator was shown (text and visibility). */
      textHash: z.string().min(1).max(128),
      decision: z.enum(editReviewDecisions),
    })
    .strict(),
  'note.add': z.object({ noteId: id, contactId: id, text: z.string().trim().min(1).max(5000) }).strict(),
  'contact.tag': z.object({ contactId: id, label, op: z.enum(['add', 'remove']) }).strict(),
} as const;

export type MutationName = keyof typeof mutationArgs;
export type MutationArgs<N extends MutationName> = z.infer<(typeof mutationArgs)[N]>;
export const mutationNames = Object.keys(mutationArgs) as MutationName[];

/** One mutation as it travels: `id` counts up by 1 per client, never reused. */
export const mutation = z.object({
  clientId: replicaId,
  id: z.number().int().positive(),
  name: z.enum(mutationNames as [MutationName, ...MutationName[]]),
  args: z.unknown(),
  createdAt: epochMs,
});
export type Mutation = z.infer<typeof mutation>;

/** Validates a mutation's arguments against its name's schema. */
export function parseMutationArgs<N extends MutationName>(
  name: N,
  args: unknown,
): { ok: true; value: MutationArgs<N> } | { ok: false; message: string } {
  const parsed = mutationArgs[name].safeParse(args);
  if (parsed.success) return { ok: true, value: parsed.data as MutationArgs<N> };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    message: `${name}: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}`,
  };
}
