/**
 * What the notifier reads (a compact view of each item, made by one replica query) and what it
 * answers (a badge count and notifications as i18n keys). The view deliberately has no
 * interaction or reply text: whatever reaches the operating system's notification centre, its
 * lock screen and its history is limited to names, client, kind and rating.
 */
import type {
  ApprovalDecision,
  Id,
  InteractionFlags,
  InteractionKind,
  ItemStatus,
  ReplyStatus,
  Role,
} from '../../../shared/domain/entities';

/** One approver's decision on the reply's current version. */
export interface NotifyDecisionView {
  /** The approval's id: each decision is announced at most once. */
  readonly id: Id;
  readonly approverId: Id;
  readonly approverName: string;
  readonly decision: ApprovalDecision;
  /** The approver's reason (a rejection must have one); never the reply's text. */
  readonly reason: string | null;
  readonly at: number;
}

export interface NotifyReplyView {
  readonly id: Id;
  readonly authorId: Id;
  readonly authorName: string;
  readonly status: ReplyStatus;
  readonly version: number;
  /** The approval step waiting for a decision; null when none is (not submitted, or complete). */
  readonly pendingStep: number | null;
  /** Who may decide `pendingStep` (its group minus the author and earlier signers); [] when none. */
  readonly pendingApproverIds: readonly Id[];
  readonly decisions: readonly NotifyDecisionView[];
  /**
   * An approver rewrote this version and approved it: the moderator whose words it replaced must
   * confirm or decline before it can be sent (shared/domain/authorship.ts). Null otherwise.
   */
  readonly awaitsConfirmationBy: Id | null;
}

/** The compact "notification view" of one item: one row of the replica query, no texts. */
export interface NotifyItemView {
  readonly id: Id;
  readonly clientId: Id;
  readonly clientName: string;
  readonly kind: InteractionKind;
  /** 1–5 for reviews, null otherwise. */
  readonly rating: number | null;
  /** −1 … 1. */
  readonly sentiment: number;
  readonly flags: InteractionFlags;
  readonly status: ItemStatus;
  readonly assigneeId: Id | null;
  readonly dueAt: number;
  /** The contact's display name (the interaction's author). */
  readonly authorName: string;
  /** The item's replies that are still in play (usually zero or one). */
  readonly replies: readonly NotifyReplyView[];
}

/** The reasons the notifier may announce; each maps to one kind of notification. */
export const notifyReasons = [
  'adverse_event',
  'approval_decided',
  'approval_requested',
  'urgent_dm',
  'negative_review',
  'sla_at_risk',
] as const;
export type NotifyReason = (typeof notifyReasons)[number];

/** Reasons the user may turn off; adverse events are a pharmacovigilance duty and always notify. */
export type OptionalNotifyReason = Exclude<NotifyReason, 'adverse_event'>;

export interface NotifyPrefs {
  readonly enabled: Readonly<Record<OptionalNotifyReason, boolean>>;
  /** Do not disturb: only adverse events notify. */
  readonly quiet: boolean;
}

export const defaultNotifyPrefs: NotifyPrefs = {
  enabled: {
    approval_decided: true,
    approval_requested: true,
    urgent_dm: true,
    negative_review: true,
    sla_at_risk: true,
  },
  quiet: false,
};

/** A text to translate later, in the language shown at that moment; params may nest texts. */
export interface NotifyText {
  readonly key: string;
  readonly params?: Readonly<Record<string, NotifyTextParam>>;
}
export type NotifyTextParam = string | number | NotifyText;

/** Groups of reasons that a burst folds into one summary each. */
export type SummaryGroup = 'incoming' | 'sla' | 'approvals' | 'decisions';

/** What a click opens: the item, or a view of the app for a summary. */
export type NotifyTarget =
  { readonly type: 'item'; readonly itemId: Id } | { readonly type: 'view'; readonly view: 'queue' | 'approvals' };

export interface Notification {
  readonly kind: NotifyReason | 'summary';
  readonly title: NotifyText;
  readonly body: NotifyText;
  readonly target: NotifyTarget;
  /** No sound: updates of a summary already on screen. */
  readonly silent: boolean;
  /** A tag: the notification still shown with the same tag is replaced, not stacked. */
  readonly replaces: string | null;
  /** What this notification announces (`reason:…` keys); never announced again. */
  readonly announces: readonly string[];
}

export interface NotifierOutput {
  readonly badge: number;
  readonly notifications: readonly Notification[];
}

/** Who is using the app: approvers get approval notifications only, not queue ones. */
export interface NotifyUser {
  readonly id: Id;
  readonly role: Role;
}

export interface ItemChanges {
  /** The new state of items that changed (any status); the notifier remembers the previous one. */
  readonly items: readonly NotifyItemView[];
  /** Items deleted from the replica or no longer in the user's scope. */
  readonly removed?: readonly Id[];
  /**
   * The change is the user's own doing (an optimistic local mutation): the state is updated and
   * whatever it would announce is recorded as known, but nothing is shown.
   */
  readonly byUser?: boolean;
}
