/**
 * Editing a client's policy (issue 6, part 1): the shapes the team server's policy endpoints take
 * and answer (server/policy/), and the contract calls the renderer makes for them
 * (electron/core/sync/policy.ts). Online only: the server is the authority on policies and checks
 * every save (role, scope, regexes, approvers, concurrent edits).
 *
 * Endpoints: `GET /clients` (the clients whose policy the user may edit), `GET /clients/:id/policy`,
 * `PUT /clients/:id/policy`, `POST /clients/:id/saved-replies`, `PUT|DELETE
 * /clients/:id/saved-replies/:savedReplyId`. Every save carries the `version` it was based on;
 * a save based on an older version is refused (409 `conflict`), never merged silently.
 */
import { z } from 'zod';
import {
  approvalStep,
  client,
  id,
  language,
  regulation,
  savedReply,
  sensitiveTopic,
  visibility,
} from '../domain/entities';

const text = (max: number) => z.string().trim().min(1).max(max);

/** An opaque version of what a save was based on (a hash of the stored row). */
export const policyVersion = z.string().min(1).max(128);

/** A topic as an editor sends it: trimmed words, bounded sizes; patterns are kept as typed. */
export const policyTopicInput = sensitiveTopic
  .extend({
    label: text(120),
    keywords: z.array(text(120)).max(300),
    patterns: z.array(z.string().min(1).max(300)).max(50).default([]),
  })
  .strict();

export const approvalStepInput = approvalStep
  .extend({
    name: text(120),
    approverIds: z
      .array(id)
      .min(1)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, 'an approver is listed twice in the step'),
  })
  .strict();

/** The part of a client that is its policy, as an editor saves it. */
export const clientPolicyInput = z
  .object({
    regulation,
    sensitivity: z
      .object({
        topics: z
          .array(policyTopicInput)
          .max(100)
          .refine((topics) => new Set(topics.map((t) => t.id)).size === topics.length, 'two topics have the same id'),
        productNames: z.array(text(120)).max(300),
      })
      .strict(),
    approvalChain: z.array(approvalStepInput).min(1, 'the chain needs at least one step').max(3, 'at most 3 steps'),
    /** At most 30 days. */
    approvalSlaMinutes: z
      .number()
      .int()
      .positive()
      .max(30 * 24 * 60),
    moderationReasons: z.array(text(200)).max(50),
  })
  .strict();
export type ClientPolicyInput = z.input<typeof clientPolicyInput>;

/** The policy as stored (answers are read with the entity's own, looser schema). */
export const clientPolicy = client.pick({
  regulation: true,
  sensitivity: true,
  approvalChain: true,
  approvalSlaMinutes: true,
  moderationReasons: true,
});
export type ClientPolicy = z.infer<typeof clientPolicy>;

export const savedReplyInput = z
  .object({
    name: text(120),
    text: text(5000),
    lang: language,
    /**
     * The visibility this text is (to be) pre-approved for; null: not pre-approved. An admin does
     * not mark it: a new visibility submits the text to the client's chain, whose approvers sign it
     * (POST /approvals/saved-replies/decide); the same visibility keeps the signatures while the
     * text is unchanged; a changed text voids them.
     */
    preApprovalFor: visibility.nullable(),
  })
  .strict();
export type SavedReplyInput = z.infer<typeof savedReplyInput>;

export const savedReplyEntry = savedReply.extend({ version: policyVersion });
export type SavedReplyEntry = z.infer<typeof savedReplyEntry>;

/** What the signed-in user may change (the server decides; the editor greys out the rest). */
export const policyRights = z.object({
  regulation: z.boolean(),
  sensitivity: z.boolean(),
  approvalChain: z.boolean(),
  moderationReasons: z.boolean(),
  approvalSla: z.boolean(),
  savedReplies: z.boolean(),
  /** Submitting a saved reply to the client's chain for pre-approval (the chain signs it). */
  preApprove: z.boolean(),
});
export type PolicyRights = z.infer<typeof policyRights>;

export const policyView = z.object({
  clientId: id,
  clientName: z.string(),
  version: policyVersion,
  policy: clientPolicy,
  /** The client's approvers, to pick each step's group from. */
  approvers: z.array(z.object({ id, name: z.string() })),
  savedReplies: z.array(savedReplyEntry),
  rights: policyRights,
});
export type PolicyView = z.infer<typeof policyView>;

export const policyClientList = z.object({
  clients: z.array(z.object({ id, name: z.string(), regulation })),
});
export type PolicyClientList = z.infer<typeof policyClientList>;

/** `PUT /clients/:id/policy` */
export const savePolicyRequest = z.object({ version: policyVersion, policy: clientPolicyInput }).strict();
/** `POST /clients/:id/saved-replies` (no version) and `PUT …/:savedReplyId` (version required). */
export const createSavedReplyRequest = savedReplyInput;
export const updateSavedReplyRequest = savedReplyInput.extend({ version: policyVersion }).strict();
export const savedReplySaved = z.object({
  savedReply: savedReplyEntry,
  /** The text changed on a pre-approved reply: it needs the client's approval again. */
  preApprovalDropped: z.boolean(),
});
export type SavedReplySaved = z.infer<typeof savedReplySaved>;

/** Error codes of the policy endpoints beyond the server's common ones. */
export const policyErrorCodes = ['conflict', 'invalid_pattern', 'invalid_approver'] as const;

export const policyCalls = {
  'policy:clients': { args: z.object({}).strict(), result: policyClientList },
  'policy:get': { args: z.object({ clientId: id }).strict(), result: policyView },
  'policy:save': {
    args: z.object({ clientId: id, version: policyVersion, policy: clientPolicyInput }).strict(),
    result: policyView,
  },
  /** Creates (`savedReplyId` null) or updates a saved reply of the library. */
  'savedReply:save': {
    args: z
      .object({
        clientId: id,
        savedReplyId: id.nullable(),
        version: policyVersion.nullable(),
        reply: savedReplyInput,
      })
      .strict(),
    result: savedReplySaved,
  },
  'savedReply:delete': {
    args: z.object({ clientId: id, savedReplyId: id, version: policyVersion }).strict(),
    result: z.object({}),
  },
} as const;
