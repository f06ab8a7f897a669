/**
 * Domain errors are values, never thrown: every rule in shared/domain answers with a `Result`.
 * The code set is closed so the renderer can map each code to a translated sentence and the sync
 * server can record a refused mutation with a stable reason (docs/sync.md `refused: [{id, code}]`).
 * Messages are for logs and details only; they never contain the text of interactions or replies.
 */
import { z } from 'zod';

export const domainErrorCodes = [
  /** The action does not exist from the current status (lifecycle edge missing). */
  'illegal_transition',
  /** The actor's role may not do this at all. */
  'not_permitted',
  /** The role may, but not on this client (actor.clientIds). */
  'out_of_scope',
  /** The author of a reply tried to approve or reject it. */
  'self_approval',
  /** The approver is not a member of the group of the step being decided. */
  'not_in_step_group',
  /** The approver already signed another step of this exact version. */
  'already_signed',
  /** The text or visibility changed after it was approved, or after the approver looked at it. */
  'approval_stale',
  /** The reply is sensitive and its approval chain is not complete for its current text. */
  'needs_approval',
  /**
   * Fewer than two people saw the reply's final words: an approver rewrote it and the moderator
   * whose words they replaced has not confirmed the new version yet (authorship.ts).
   */
  'needs_confirmation',
  /** A reason is mandatory here (archive, rejection, moderation by moderators / politics). */
  'reason_required',
  /** The moderation reason is not one of the client's published moderation reasons. */
  'reason_not_in_policy',
  /** A `{{variable}}` is still in the text. */
  'unfilled_variables',
  /** Snooze time is not in the future. */
  'snooze_in_past',
  /** A snoozed item was woken before its time. */
  'snooze_not_due',
  /** The reply has no text. */
  'empty_reply',
  /** Someone else holds the item. */
  'already_assigned',
  /** The action would change nothing (same assignee, same text, label already there…). */
  'no_change',
  /** The arguments do not fit together (reply of another item, client of another item…). */
  'invalid_argument',
] as const;

export const domainErrorCode = z.enum(domainErrorCodes);
export type DomainErrorCode = (typeof domainErrorCodes)[number];

export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
}

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Failure = { readonly ok: false; readonly error: DomainError };
export type Result<T> = Ok<T> | Failure;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function fail(code: DomainErrorCode, message: string): Failure {
  return { ok: false, error: { code, message } };
}

/** A passed check; lets callers write `if (!check.ok) return check;` for any `Result<T>`. */
export const passed: Ok<true> = { ok: true, value: true };
