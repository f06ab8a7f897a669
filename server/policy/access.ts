/**
 * Who may edit which part of a client's policy. The role table lives in shared/domain/permissions
 * (`settings.*` actions); this maps the parts of a policy onto it and adds the scope rule:
 *
 * - admins edit every part of every client's policy;
 * - leads (docs/domain.md "◐") edit, for the clients in their scope, the team's daily tools — the
 *   approval SLA and the saved-reply library — but not what the client signed off or what
 *   controls access: regulation, sensitive topics, the approval chain, the moderation reasons,
 *   nor recording a saved reply as pre-approved;
 * - moderators and approvers edit nothing and read no policy here (they get the policy through
 *   the sync, as they always did).
 * A client outside the user's scope is refused (403) before anything is read, whether it exists
 * or not, like the audit routes.
 */
import type { PolicyRights } from '../../shared/contract/policy';
import type { Actor, Client } from '../../shared/domain/entities';
import type { PermissionAction } from '../../shared/domain/permissions';
import { can, inScope } from '../../shared/domain/permissions';
import { canonicalJson } from '../../shared/domain/audit';
import { PolicyError } from './errors';

export type PolicyPart = Exclude<keyof PolicyRights, 'savedReplies' | 'preApprove'>;

const ACTIONS: Readonly<Record<keyof PolicyRights, PermissionAction>> = {
  regulation: 'settings.clients',
  sensitivity: 'settings.sensitivity',
  approvalChain: 'settings.approvalChain',
  moderationReasons: 'settings.moderationReasons',
  approvalSla: 'settings.sla',
  savedReplies: 'settings.savedReplies',
  // The client's sign-off on a text is of the same weight as its approval chain.
  preApprove: 'settings.approvalChain',
};

/** Throws 403 unless the user may open the policy editor for `clientId` at all. */
export function checkPolicyAccess(actor: Actor, clientId: string): void {
  if (actor.role !== 'admin' && actor.role !== 'lead') {
    throw new PolicyError(403, 'forbidden', 'only admins and leads may read or edit client policies');
  }
  if (!inScope(actor, clientId)) throw new PolicyError(403, 'forbidden', 'this client is outside your clients');
}

export function rightsOf(actor: Actor, clientId: string): PolicyRights {
  const entries = Object.entries(ACTIONS).map(([part, action]) => [part, can(actor, action, { clientId }).ok]);
  return Object.fromEntries(entries) as PolicyRights;
}

const PART_FIELDS: Readonly<Record<PolicyPart, keyof Client>> = {
  regulation: 'regulation',
  sensitivity: 'sensitivity',
  approvalChain: 'approvalChain',
  moderationReasons: 'moderationReasons',
  approvalSla: 'approvalSlaMinutes',
};

const PART_NAMES: Readonly<Record<PolicyPart, string>> = {
  regulation: 'the regulation kind',
  sensitivity: 'the sensitive topics and product names',
  approvalChain: 'the approval chain',
  moderationReasons: 'the moderation reasons',
  approvalSla: 'the approval SLA',
};

/** The parts a save changes (compared as canonical JSON, so key order does not count). */
export function changedParts(before: Client, after: Client): PolicyPart[] {
  return (Object.keys(PART_FIELDS) as PolicyPart[]).filter(
    (part) => canonicalJson(before[PART_FIELDS[part]]) !== canonicalJson(after[PART_FIELDS[part]]),
  );
}

/** Throws 403 naming the first changed part the user may not change. */
export function checkPartsAllowed(actor: Actor, clientId: string, parts: readonly PolicyPart[]): void {
  const rights = rightsOf(actor, clientId);
  const refused = parts.find((part) => !rights[part]);
  if (refused !== undefined) {
    throw new PolicyError(403, 'forbidden', `a ${actor.role} may not change ${PART_NAMES[refused]} (admins only)`);
  }
}

export function checkRight(actor: Actor, clientId: string, right: 'savedReplies' | 'preApprove'): void {
  if (rightsOf(actor, clientId)[right]) return;
  throw new PolicyError(
    403,
    'forbidden',
    right === 'savedReplies'
      ? `a ${actor.role} may not edit saved replies`
      : `only admins submit a saved reply to the client’s chain to be pre-approved`,
  );
}
