/**
 * The moderation domain's entities (docs/domain.md) as zod schemas and the types inferred from them.
 * Pure: no I/O, no node:*, no DOM. Used by the renderer, the desktop core and the server.
 *
 * Times are epoch milliseconds (numbers) everywhere: they sort, compare and store cheaply and
 * never carry a time zone; formatting is the renderer's job (Intl).
 */
import { z } from 'zod';
import { isStorableText } from './text';

/**
 * Our own entity ids (users, clients, items, replies…): ASCII letters, digits and `- _ . :`,
 * starting with a letter or a digit, at most 64 characters. That admits every id the demo and the
 * tests use (`us-giulia`, `it-pharma-1`), the generated ones (`rp-` / `nt-` / `ap-` / `sr-` + a
 * UUID) and a replica's id (32 hex digits), and refuses what breaks a database, a URL or a log
 * line: NUL, broken Unicode, spaces, slashes, quotes, percent signs.
 *
 * Ids the platforms give (Meta `123456789_987654321`, YouTube `UgzX…`, LinkedIn
 * `urn:li:comment:(urn:li:activity:1,2)`) are NOT entity ids and never go through this schema:
 * they live in `platformId` fields, checked by `platformId` below (any storable text).
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
export const ID_MAX_LENGTH = 64;
export const id = z
  .string()
  .min(1)
  .max(ID_MAX_LENGTH)
  .regex(ID_PATTERN, 'must be letters, digits, - _ . or : (starting with a letter or a digit)');
export type Id = z.infer<typeof id>;
/** A desktop replica's id (the sync protocol's `clientId`): an id of at least 8 characters. */
export const replicaId = id.min(8);
/** An id a social platform gave: opaque text of theirs, only required to be storable (shared/domain/text.ts). */
export const platformId = z.string().min(1).max(512).refine(isStorableText, 'holds a NUL or a broken character');
export const epochMs = z.number().int().nonnegative();

export const languages = ['it', 'en'] as const;
export const language = z.enum(languages);
export type Language = z.infer<typeof language>;

export const roles = ['admin', 'lead', 'moderator', 'approver'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

export const user = z.object({
  id,
  name: z.string().min(1),
  email: z.string().email(),
  role,
  /** Clients this user may work on; `null` means every client (admins and leads). */
  clientIds: z.array(id).nullable(),
  /** An admin may also be an approver (docs/domain.md: "✗ unless also approver"). */
  alsoApprover: z.boolean().default(false),
});
export type User = z.infer<typeof user>;

/** The acting user as the domain rules need it. */
export type Actor = Pick<User, 'id' | 'role' | 'clientIds' | 'alsoApprover'>;

export const regulations = ['none', 'pharma', 'politics'] as const;
export const regulation = z.enum(regulations);
export type Regulation = z.infer<typeof regulation>;

export const platforms = ['facebook', 'instagram', 'google', 'youtube', 'x', 'linkedin'] as const;
export const platform = z.enum(platforms);
export type Platform = z.infer<typeof platform>;

export const interactionKinds = [
  'comment',
  'reply',
  'dm',
  'review',
  'mention',
  'share',
  'follow',
  'like_summary',
] as const;
export const interactionKind = z.enum(interactionKinds);
export type InteractionKind = z.infer<typeof interactionKind>;

/** A sensitive topic of a client's policy: words and product names, per language. */
export const sensitiveTopic = z.object({
  id,
  /** Shown to moderators and approvers, e.g. "Side effects", "Effetti collaterali". */
  label: z.string().min(1),
  keywords: z.array(z.string().min(1)),
  /** Regular expression sources (case-insensitive), for dosages like "\d+ ?mg". */
  patterns: z.array(z.string().min(1)).default([]),
  lang: language.nullable(),
});
export type SensitiveTopic = z.infer<typeof sensitiveTopic>;

export const sensitivityPolicy = z.object({
  topics: z.array(sensitiveTopic),
  productNames: z.array(z.string().min(1)),
});
export type SensitivityPolicy = z.infer<typeof sensitivityPolicy>;

export const approvalStep = z.object({
  /** The meaning recorded with each signature of this step, e.g. "Medical review". */
  name: z.string().min(1),
  approverIds: z.array(id).min(1),
});
export type ApprovalStep = z.infer<typeof approvalStep>;

/** Minutes from arrival to the due time, per kind of interaction. */
export const slaPolicy = z.record(interactionKind, z.number().int().positive());
export type SlaPolicy = z.infer<typeof slaPolicy>;

export const client = z.object({
  id,
  name: z.string().min(1),
  regulation,
  languages: z.array(language).min(1),
  sensitivity: sensitivityPolicy,
  approvalChain: z.array(approvalStep).min(1).max(3),
  approvalSlaMinutes: z.number().int().positive(),
  sla: slaPolicy,
  /** Reasons allowed to hide or delete an interaction (the published moderation policy). */
  moderationReasons: z.array(z.string().min(1)),
});
export type Client = z.infer<typeof client>;

export const channel = z.object({
  id,
  clientId: id,
  platform,
  name: z.string().min(1),
  handle: z.string().min(1),
});
export type Channel = z.infer<typeof channel>;

export const threadKinds = ['post', 'conversation', 'review'] as const;
export const threadKind = z.enum(threadKinds);
export type ThreadKind = z.infer<typeof threadKind>;

/** Where interactions happen: a post's comment tree, a DM conversation, a review. */
export const thread = z.object({
  id,
  clientId: id,
  channelId: id,
  kind: threadKind,
  platformId,
  /** The post's text for a post; null for conversations and reviews. */
  text: z.string().nullable(),
  url: z.string().nullable(),
  createdAt: epochMs,
});
export type Thread = z.infer<typeof thread>;

export const interactionFlags = z.object({
  sensitive: z.boolean(),
  adverseEvent: z.boolean(),
  spam: z.boolean(),
  profanity: z.boolean(),
});
export type InteractionFlags = z.infer<typeof interactionFlags>;

export const interaction = z.object({
  id,
  clientId: id,
  channelId: id,
  threadId: id,
  kind: interactionKind,
  /** Unique per channel. */
  platformId,
  /** The interaction this one answers inside the thread (a reply to a comment), if any. */
  parentId: id.nullable(),
  contactId: id,
  text: z.string(),
  lang: language.nullable(),
  createdAt: epochMs,
  /** −1 (negative) … 1 (positive). */
  sentiment: z.number().min(-1).max(1),
  /** 1–5 for reviews, null otherwise. */
  rating: z.number().int().min(1).max(5).nullable(),
  flags: interactionFlags,
});
export type Interaction = z.infer<typeof interaction>;

export const itemStatuses = [
  'new',
  'open',
  'awaiting_approval',
  'approved',
  'answered',
  'done',
  'snoozed',
  'moderated',
] as const;
export const itemStatus = z.enum(itemStatuses);
export type ItemStatus = z.infer<typeof itemStatus>;

/** The queue's unit: the work one interaction asks for. */
export const item = z.object({
  id,
  interactionId: id,
  clientId: id,
  channelId: id,
  status: itemStatus,
  /** 0 (low) … 100 (urgent), from the priority score. */
  priority: z.number().int().min(0).max(100),
  assigneeId: id.nullable(),
  labels: z.array(z.string().min(1)),
  dueAt: epochMs,
  snoozedUntil: epochMs.nullable(),
  /** Why it was archived, hidden or deleted; null otherwise. */
  closedReason: z.string().nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
});
export type Item = z.infer<typeof item>;

export const visibilities = ['public', 'private'] as const;
export const visibility = z.enum(visibilities);
export type Visibility = z.infer<typeof visibility>;

export const replyStatuses = [
  'draft',
  'awaiting_approval',
  'approved',
  'rejected',
  'queued',
  'sent',
  'failed',
] as const;
export const replyStatus = z.enum(replyStatuses);
export type ReplyStatus = z.infer<typeof replyStatus>;

export const approvalDecisions = ['approved', 'rejected'] as const;
export const approvalDecision = z.enum(approvalDecisions);
export type ApprovalDecision = z.infer<typeof approvalDecision>;

export const signatureMethods = ['password'] as const;

/**
 * The e-signature of a decision (21 CFR 11-style): who signed, printed as their account names them
 * at signing time; when; what the signature means, in the words the signer was shown (their
 * language, stored as given); and the hash of the exact text and visibility signed. The signer
 * proved who they were by entering their password again (`method`).
 */
export const approvalSignature = z.object({
  printedName: z.string().min(1),
  signedAt: epochMs,
  meaning: z.string().min(1),
  lang: language,
  textHash: z.string().min(1),
  method: z.enum(signatureMethods),
});
export type ApprovalSignature = z.infer<typeof approvalSignature>;

/** One decision of one step on one version of a reply. */
export const approval = z.object({
  id,
  replyId: id,
  stepIndex: z.number().int().min(0).max(2),
  approverId: id,
  decision: approvalDecision,
  /** What the signature means, e.g. "Approved — Medical review". */
  meaning: z.string().min(1),
  comment: z.string().nullable(),
  /** Hash of the exact text and visibility this decision binds to. */
  textHash: z.string().min(1),
  at: epochMs,
  /** The e-signature; absent or null on decisions recorded before signatures existed. */
  signature: approvalSignature.nullable().optional(),
});
export type Approval = z.infer<typeof approval>;

/**
 * An approver's edit-and-approve (shared/domain/authorship.ts): the approver became the author of
 * the new words, and the moderator whose words they replaced must confirm them before they leave
 * (two people see the final words). Kept on the reply so the moderator sees the diff offline.
 */
export const approverEdit = z.object({
  /** The edit-and-approve decision that made this version. */
  approvalId: id,
  /** Who wrote the words the edit replaced (the original moderator): they confirm or decline. */
  previousAuthorId: id,
  previousText: z.string(),
  previousVisibility: visibility,
  /** The hash of the approver's version (text and visibility): the confirmation binds to it. */
  textHash: z.string().min(1),
  /** When the previous author confirmed the approver's words; null while it waits. */
  confirmedAt: epochMs.nullable(),
});
export type ApproverEdit = z.infer<typeof approverEdit>;

export const reply = z.object({
  id,
  itemId: id,
  clientId: id,
  authorId: id,
  text: z.string(),
  visibility,
  status: replyStatus,
  /** Counts up on every edit of text or visibility. */
  version: z.number().int().positive(),
  /** Escalated by hand by the moderator (`e`), with a note. */
  escalated: z.boolean(),
  escalationNote: z.string().nullable(),
  /** The saved reply it was made from, when used unchanged this may make it pre-approved. */
  savedReplyId: id.nullable(),
  approvals: z.array(approval),
  createdAt: epochMs,
  updatedAt: epochMs,
  sentAt: epochMs.nullable(),
  /** The approver's edit of this version, when an approver rewrote it; absent or null otherwise. */
  approverEdit: approverEdit.nullable().optional(),
});
export type Reply = z.infer<typeof reply>;

export const contactHandle = z.object({ platform, handle: z.string().min(1) });
export const contact = z.object({
  id,
  displayName: z.string().min(1),
  firstName: z.string().nullable(),
  handles: z.array(contactHandle),
  labels: z.array(z.string().min(1)),
  firstSeenAt: epochMs,
});
export type Contact = z.infer<typeof contact>;

export const note = z.object({
  id,
  contactId: id,
  authorId: id,
  text: z.string().min(1),
  createdAt: epochMs,
});
export type Note = z.infer<typeof note>;

/** One step's e-signature of a saved reply's pre-approval (shared/domain/preApproval.ts). */
export const preApprovalSignature = z.object({
  stepIndex: z.number().int().min(0).max(2),
  approverId: id,
  meaning: z.string().min(1),
  at: epochMs,
  signature: approvalSignature,
});
export type PreApprovalSignature = z.infer<typeof preApprovalSignature>;

/**
 * A saved reply submitted to the client's chain for pre-approval: signed like a reply (password,
 * meaning, hash), for its exact text AND one visibility. Editing the text voids it.
 */
export const savedReplyPreApproval = z.object({
  /** The visibility it is signed for: a pre-approved public text is not pre-approved in private. */
  visibility,
  /** Hash of the saved reply's exact text (the template, before variables) and this visibility. */
  textHash: z.string().min(1),
  /** Who submitted it (an admin): they do not sign it. */
  submittedBy: id,
  submittedAt: epochMs,
  signatures: z.array(preApprovalSignature),
});
export type SavedReplyPreApproval = z.infer<typeof savedReplyPreApproval>;

export const savedReply = z.object({
  id,
  clientId: id,
  name: z.string().min(1),
  text: z.string().min(1),
  lang: language,
  /**
   * The client's chain signed this exact text (for `preApproval.visibility`). Kept in step by the
   * team server for lists; the rules never trust it alone — they check the signatures.
   */
  preApproved: z.boolean(),
  /** The submission to the client's chain and its signatures; absent or null: never submitted. */
  preApproval: savedReplyPreApproval.nullable().optional(),
});
export type SavedReply = z.infer<typeof savedReply>;

export const workspace = z.object({ id, name: z.string().min(1) });
export type Workspace = z.infer<typeof workspace>;
