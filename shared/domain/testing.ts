/**
 * Builders of valid domain values for tests (here and in other folders) and for fake data in
 * development. Pure like the rest of shared/domain; each builder takes overrides so a test states
 * only what it is about.
 */
import type {
  Actor,
  Approval,
  Client,
  Id,
  Interaction,
  Item,
  Reply,
  SavedReply,
  SavedReplyPreApproval,
  Visibility,
} from './entities';
import { replyTextHash } from './hash';
import { itemActionNames } from './itemActions';
import type { ItemActionName, ItemActionRequest, ItemActionRequestOf } from './itemActions';

export const T0 = Date.UTC(2025, 0, 15, 9, 0, 0);
export const MINUTE = 60_000;

/** An e-signature as the team server passes it after checking the password (approval.ts). */
export const SIGNED = { printedName: 'Test Signer', meaning: null, lang: 'en', method: 'password' } as const;

function actor(id: string, role: Actor['role'], clientIds: string[] | null, alsoApprover = false): Actor {
  return { id, role, clientIds, alsoApprover };
}

/** Approvers sit in the pharma client's chain of makeClient(): medical* in step 1, legal in step 2. */
export const actors = {
  admin: actor('u-admin', 'admin', null),
  adminApprover: actor('u-admin-approver', 'admin', null, true),
  lead: actor('u-lead', 'lead', null),
  moderator: actor('u-mod', 'moderator', ['c-pharma', 'c-politics']),
  moderator2: actor('u-mod2', 'moderator', null),
  otherModerator: actor('u-mod-other', 'moderator', ['c-other']),
  medical: actor('u-medical', 'approver', ['c-pharma']),
  medical2: actor('u-medical2', 'approver', ['c-pharma']),
  legal: actor('u-legal', 'approver', ['c-pharma']),
  otherApprover: actor('u-approver-other', 'approver', ['c-other']),
};

export function makeClient(overrides: Partial<Client> = {}): Client {
  return {
    id: 'c-pharma',
    name: 'Cardio Pharma',
    regulation: 'pharma',
    languages: ['it', 'en'],
    sensitivity: {
      topics: [
        {
          id: 't-side-effects',
          label: 'Effetti collaterali',
          keywords: ['effetti collaterali', 'side effects', 'perché', 'dose'],
          patterns: ['\\b\\d+\\s?mg\\b'],
          lang: null,
        },
      ],
      productNames: ['Cardiolex'],
    },
    approvalChain: [
      { name: 'Medical review', approverIds: [actors.medical.id, actors.medical2.id, actors.adminApprover.id] },
      { name: 'Legal review', approverIds: [actors.legal.id, actors.adminApprover.id] },
    ],
    approvalSlaMinutes: 120,
    sla: {
      dm: 60,
      review: 1440,
      comment: 240,
      reply: 240,
      mention: 480,
      share: 1440,
      follow: 2880,
      like_summary: 2880,
    },
    moderationReasons: ['spam', 'insulti', 'dati personali'],
    ...overrides,
  };
}

export function makeInteraction(overrides: Partial<Interaction> = {}): Interaction {
  return {
    id: 'i-1',
    clientId: 'c-pharma',
    channelId: 'ch-fb',
    threadId: 'th-1',
    kind: 'comment',
    platformId: 'fb-123',
    parentId: null,
    contactId: 'ct-1',
    text: 'Ciao, dove posso trovare il vostro negozio?',
    lang: 'it',
    createdAt: T0,
    sentiment: 0,
    rating: null,
    flags: { sensitive: false, adverseEvent: false, spam: false, profanity: false },
    ...overrides,
  };
}

export function makeItem(overrides: Partial<Item> = {}): Item {
  return {
    id: 'it-1',
    interactionId: 'i-1',
    clientId: 'c-pharma',
    channelId: 'ch-fb',
    status: 'new',
    priority: 40,
    assigneeId: null,
    labels: [],
    dueAt: T0 + 240 * MINUTE,
    snoozedUntil: null,
    closedReason: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function makeReply(overrides: Partial<Reply> = {}): Reply {
  return {
    id: 'r-1',
    itemId: 'it-1',
    clientId: 'c-pharma',
    authorId: actors.moderator.id,
    text: 'Grazie per averci scritto!',
    visibility: 'public',
    status: 'draft',
    version: 1,
    escalated: false,
    escalationNote: null,
    savedReplyId: null,
    approvals: [],
    createdAt: T0,
    updatedAt: T0,
    sentAt: null,
    ...overrides,
  };
}

/**
 * A saved reply; unless told otherwise, pre-approved for public replies by makeClient()'s chain
 * (medical, then legal), each step e-signed on its exact text (preApproval.ts).
 */
export function makeSavedReply(overrides: Partial<SavedReply> = {}): SavedReply {
  const base: SavedReply = {
    id: 'sr-1',
    clientId: 'c-pharma',
    name: 'Segnalazione effetti collaterali',
    text: 'Ciao {{contact.first_name}}, per segnalare effetti collaterali chiama il numero verde. {{agent.first_name}}',
    lang: 'it',
    preApproved: true,
    ...overrides,
  };
  if (overrides.preApproval !== undefined || !base.preApproved) return { preApproval: null, ...base };
  return { ...base, preApproval: signedPreApproval(base.text, 'public') };
}

/** A pre-approval of this text for this visibility, signed by makeClient()'s two steps. */
export function signedPreApproval(text: string, visibility: Visibility): SavedReplyPreApproval {
  const textHash = replyTextHash(text, visibility);
  const sign = (stepIndex: number, signer: Actor) => ({
    stepIndex,
    approverId: signer.id,
    meaning: 'Pre-approved',
    at: T0,
    signature: {
      printedName: signer.id,
      signedAt: T0,
      meaning: 'Pre-approved',
      lang: 'it' as const,
      textHash,
      method: 'password' as const,
    },
  });
  return {
    visibility,
    textHash,
    submittedBy: actors.admin.id,
    submittedAt: T0,
    signatures: [sign(0, actors.medical), sign(1, actors.legal)],
  };
}

/** The reply with approvals on its current text by these (approver, step index) pairs. */
export function withSignatures(reply: Reply, signers: readonly (readonly [Actor, number])[]): Reply {
  const approvals: Approval[] = signers.map(([actor, stepIndex], n) => ({
    id: `a-${n}-${actor.id}`,
    replyId: reply.id,
    stepIndex,
    approverId: actor.id,
    decision: 'approved',
    meaning: 'Approved',
    comment: null,
    textHash: replyTextHash(reply.text, reply.visibility),
    at: T0,
  }));
  return { ...reply, approvals };
}

/**
 * Requests of every entry of the item action table (itemActions.ts), for tests that walk it: a
 * new entry is a type error here until it has examples. `assignees` are the users an assign may
 * name; `policyReason` is one of the client's moderation reasons (hide and delete need one).
 */
export function itemActionExamples(context: {
  readonly assignees: readonly Id[];
  readonly policyReason: string;
  readonly until: number;
  readonly labels: readonly string[];
}): { readonly [N in ItemActionName]: readonly ItemActionRequestOf<N>[] } {
  return {
    claim: [{ type: 'claim' }],
    assign: [null, ...context.assignees].map((assigneeId) => ({ type: 'assign', assigneeId })),
    archive: [{ type: 'archive', reason: 'no_reply_needed' }],
    snooze: [{ type: 'snooze', until: context.until }],
    reopen: [{ type: 'reopen' }],
    label: context.labels.flatMap((label) => [
      { type: 'label', label, op: 'add' as const },
      { type: 'label', label, op: 'remove' as const },
    ]),
    hide: [{ type: 'hide', reason: context.policyReason }],
    delete: [{ type: 'delete', reason: context.policyReason }],
  };
}

/** Every example of itemActionExamples, in the table's order. */
export function allItemActionExamples(context: Parameters<typeof itemActionExamples>[0]): ItemActionRequest[] {
  const examples = itemActionExamples(context);
  return itemActionNames.flatMap((name): readonly ItemActionRequest[] => examples[name]);
}
