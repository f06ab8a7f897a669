/**
 * Who may do what (docs/domain.md "Roles"). The server enforces this on every mutation; the client
 * calls the same function to grey out buttons and to say why (the error code).
 *
 * Decisions the table leaves open, made here:
 * - `clientIds` scopes every role when set; `null` means all clients — except for approvers, who
 *   sign for a specific brand: an approver without a client list is a misconfiguration and may see
 *   and sign nothing (fail closed).
 * - `alsoApprover` only lifts admins (the table's "✗ unless also approver"); on other roles it is
 *   ignored, so a lead can never become a second approver by a stray flag.
 * - Lead "◐" on settings: leads run the team's daily tools (saved replies, SLA, assigning work)
 *   but not what the client signed off or what controls access: sensitivity policy, approval
 *   chain, moderation reasons, channels, users, clients.
 * - Assigning work is open to moderators too (shift hand-over); approvers never mutate items.
 */
import type { Actor, Id } from './entities';
import { fail, passed } from './errors';
import type { Result } from './errors';

export const permissionActions = [
  'item.view',
  'item.claim',
  'item.assign',
  'item.archive',
  'item.snooze',
  'item.reopen',
  'item.label',
  'item.moderate',
  'note.add',
  'reply.draft',
  'reply.escalate',
  'reply.send',
  'reply.submit',
  /** Approve, reject and edit-and-approve. */
  'approval.decide',
  'settings.savedReplies',
  'settings.sla',
  'settings.sensitivity',
  'settings.approvalChain',
  'settings.moderationReasons',
  'settings.channels',
  'settings.users',
  'settings.clients',
] as const;
export type PermissionAction = (typeof permissionActions)[number];

export interface PermissionTarget {
  /** The client (brand) acted on; `null` for workspace-wide things (users, the client list). */
  readonly clientId: Id | null;
  /**
   * Only for 'item.moderate': the reason given. `undefined` asks "may this actor moderate at all"
   * (to show the button); `null` or a string asks about this exact request.
   */
  readonly moderationReason?: string | null;
  /** Only for 'item.moderate': the client's published moderation reasons. */
  readonly moderationReasons?: readonly string[];
}

type Grant = 'yes' | 'no' | 'with_reason' | 'if_also_approver';

const WORK: Record<Actor['role'], Grant> = { admin: 'yes', lead: 'yes', moderator: 'yes', approver: 'no' };
const ADMIN_ONLY: Record<Actor['role'], Grant> = { admin: 'yes', lead: 'no', moderator: 'no', approver: 'no' };
const ADMIN_AND_LEAD: Record<Actor['role'], Grant> = { admin: 'yes', lead: 'yes', moderator: 'no', approver: 'no' };

const GRANTS: Record<PermissionAction, Record<Actor['role'], Grant>> = {
  'item.view': { admin: 'yes', lead: 'yes', moderator: 'yes', approver: 'yes' },
  'item.claim': WORK,
  'item.assign': WORK,
  'item.archive': WORK,
  'item.snooze': WORK,
  'item.reopen': WORK,
  'item.label': WORK,
  'item.moderate': { admin: 'yes', lead: 'yes', moderator: 'with_reason', approver: 'no' },
  'note.add': WORK,
  'reply.draft': WORK,
  'reply.escalate': WORK,
  'reply.send': WORK,
  'reply.submit': WORK,
  'approval.decide': { admin: 'if_also_approver', lead: 'no', moderator: 'no', approver: 'yes' },
  'settings.savedReplies': ADMIN_AND_LEAD,
  'settings.sla': ADMIN_AND_LEAD,
  'settings.sensitivity': ADMIN_ONLY,
  'settings.approvalChain': ADMIN_ONLY,
  'settings.moderationReasons': ADMIN_ONLY,
  'settings.channels': ADMIN_ONLY,
  'settings.users': ADMIN_ONLY,
  'settings.clients': ADMIN_ONLY,
};

/** The rights the server's own jobs (waking snoozed items, recording dispatches) act with. */
export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'admin', clientIds: null, alsoApprover: false };

/** Whether the actor's client list covers the target; roles are checked by `can`. */
export function inScope(actor: Actor, clientId: Id | null): boolean {
  if (actor.clientIds === null) return actor.role !== 'approver';
  // A scoped user acts on their brands only, never on workspace-wide things.
  return clientId !== null && actor.clientIds.includes(clientId);
}

export function can(actor: Actor, action: PermissionAction, target: PermissionTarget): Result<true> {
  const grant = GRANTS[action][actor.role];
  if (grant === 'no' || (grant === 'if_also_approver' && !actor.alsoApprover)) {
    return fail('not_permitted', `role ${actor.role} may not ${action}`);
  }
  if (!inScope(actor, target.clientId)) {
    return fail('out_of_scope', `${action} is outside the actor's clients`);
  }
  if (grant === 'with_reason' && target.moderationReason !== undefined) {
    const reason = target.moderationReason?.trim() ?? '';
    if (reason === '') return fail('reason_required', 'moderators hide or delete only with a policy reason');
    if (!isPolicyReason(reason, target.moderationReasons ?? [])) {
      return fail('reason_not_in_policy', 'the reason is not one of the client moderation reasons');
    }
  }
  return passed;
}

/** Reasons are compared trimmed: a trailing space typed in the settings must not lock moderators out. */
export function isPolicyReason(reason: string, moderationReasons: readonly string[]): boolean {
  const wanted = reason.trim();
  return wanted !== '' && moderationReasons.some((allowed) => allowed.trim() === wanted);
}
