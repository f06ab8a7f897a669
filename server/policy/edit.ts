/**
 * Policy edits, each in ONE transaction: the row read and locked, the version it was based on
 * checked (a stale save is refused, never merged), the new row and its change-log commit written,
 * and a `policy_change` audit event with before/after appended last. The sequencer then numbers
 * the commit and pokes the replicas, which receive the new policy by their next pull.
 */
import { randomUUID } from 'node:crypto';
import type { PolicyView, SavedReplySaved } from '../../shared/contract/policy';
import type { AuditContent, AuditEntity } from '../../shared/domain/audit';
import type { ApprovalStep, Client, SavedReply, User, Visibility } from '../../shared/domain/entities';
import { preApprovedVisibility, submitSavedReplyForPreApproval, withSavedReplyText } from '../../shared/domain';
import type { z } from 'zod';
import type { clientPolicyInput, savedReplyInput } from '../../shared/contract/policy';
import type { Queryable, Transaction } from '../db/db';
import type { ServerContext } from '../http/context';
import { appendAudit } from '../audit/store';
import { changedFields } from '../audit/mutations';
import { actorOf } from '../sync/apply';
import { writeCommit } from '../sync/commits';
import { row } from '../sync/rows';
import { changedParts, checkPartsAllowed, checkPolicyAccess, checkRight, rightsOf } from './access';
import { PolicyError } from './errors';
import { approversOf, deleteSavedReplyRow, readClient, readSavedReplies, readSavedReply, versionOf } from './store';

export type PolicyContext = Pick<ServerContext, 'db' | 'now' | 'sequencer' | 'lifecycle'>;
type PolicyInput = z.output<typeof clientPolicyInput>;
type SavedReplyInput = z.output<typeof savedReplyInput>;

const STALE = 'was changed by someone else since you opened it: reload to see their changes, then apply yours again';

async function inTransaction<T>(context: PolicyContext, work: (tx: Transaction) => Promise<T>): Promise<T> {
  if (context.lifecycle.closing) throw new PolicyError(503, 'not_ready', 'the server is shutting down; try again');
  const run = (async () => {
    try {
      return await context.db.transaction(work);
    } finally {
      await context.sequencer.sequence();
    }
  })();
  return context.lifecycle.track(run);
}

function auditEvent(
  user: User,
  at: number,
  entity: AuditEntity,
  entityId: string,
  clientId: string,
  before: object | undefined,
  after: object | undefined,
): AuditContent {
  const diff =
    after === undefined
      ? { before: before === undefined ? null : changedFields(undefined, before).after, after: null }
      : changedFields(before, after);
  return {
    at,
    actor: { id: user.id, name: user.name, role: user.role },
    action: 'policy_change',
    entity,
    entityId,
    clientId,
    before: diff.before,
    after: diff.after,
    signature: null,
  };
}

async function requireClient(db: Queryable, clientId: string, lock: boolean): Promise<Client> {
  const found = await readClient(db, clientId, lock);
  if (found === null) throw new PolicyError(404, 'not_found', 'no such client');
  return found;
}

export async function policyView(db: Queryable, user: User, clientId: string): Promise<PolicyView> {
  const actor = actorOf(user);
  checkPolicyAccess(actor, clientId);
  const found = await requireClient(db, clientId, false);
  const [approvers, saved] = await Promise.all([approversOf(db, clientId), readSavedReplies(db, clientId)]);
  const { regulation, sensitivity, approvalChain, approvalSlaMinutes, moderationReasons } = found;
  return {
    clientId,
    clientName: found.name,
    version: versionOf(found),
    policy: { regulation, sensitivity, approvalChain, approvalSlaMinutes, moderationReasons },
    approvers: approvers.map((approver) => ({ id: approver.id, name: approver.name })),
    savedReplies: saved.map((entry) => ({ ...entry, version: versionOf(entry) })),
    rights: rightsOf(actor, clientId),
  };
}

/** Patterns compile as the sensitivity matcher compiles them (Unicode first, then legacy). */
function checkPatterns(policy: PolicyInput): void {
  for (const topic of policy.sensitivity.topics) {
    for (const source of topic.patterns) {
      let problem: string | null = null;
      for (const flags of ['giu', 'gi']) {
        try {
          new RegExp(source, flags);
          problem = null;
          break;
        } catch (error) {
          problem = error instanceof Error ? error.message : 'invalid';
        }
      }
      if (problem !== null) {
        throw new PolicyError(
          400,
          'invalid_pattern',
          `topic "${topic.label}": the pattern "${source}" is not a valid regular expression (${problem})`,
        );
      }
    }
  }
}

function checkChain(policy: PolicyInput, approvers: readonly User[]): void {
  const allowed = new Set(approvers.map((approver) => approver.id));
  for (const step of policy.approvalChain) {
    const stranger = step.approverIds.find((approverId) => !allowed.has(approverId));
    if (stranger !== undefined) {
      throw new PolicyError(
        400,
        'invalid_approver',
        `step "${step.name}": ${stranger} is not an approver of this client; pick the step's group among its approvers`,
      );
    }
  }
}

export async function savePolicy(
  context: PolicyContext,
  user: User,
  clientId: string,
  request: { readonly version: string; readonly policy: PolicyInput },
): Promise<PolicyView> {
  const actor = actorOf(user);
  checkPolicyAccess(actor, clientId);
  checkPatterns(request.policy);
  await inTransaction(context, async (tx) => {
    const before = await requireClient(tx, clientId, true);
    if (versionOf(before) !== request.version) throw new PolicyError(409, 'conflict', `the policy ${STALE}`);
    const after: Client = { ...before, ...request.policy };
    const parts = changedParts(before, after);
    checkPartsAllowed(actor, clientId, parts);
    if (parts.length === 0) return;
    if (parts.includes('approvalChain')) checkChain(request.policy, await approversOf(tx, clientId));
    const now = context.now();
    const rows = [row('client', after)];
    await writeCommit(tx, { mutation: null, userId: user.id, refusal: null, rows, outbox: [], now });
    appendAudit(tx, [auditEvent(user, now, 'client', clientId, clientId, before, after)]);
  });
  return policyView(context.db, user, clientId);
}

/**
 * The saved reply as saved (shared/domain/preApproval.ts): an unchanged text keeps its submission
 * and signatures for the same visibility; a changed text voids them; a new visibility submits it
 * to the client's chain again (`submit`, which checks the right); null withdraws it. The
 * `preApproved` flag follows the signatures, never the input.
 */
function nextSavedReply(
  before: SavedReply | undefined,
  clientId: string,
  input: SavedReplyInput,
  chain: readonly ApprovalStep[],
  submit: (visibility: Visibility, saved: SavedReply) => SavedReply,
): SavedReply {
  const base: SavedReply = {
    id: before?.id ?? `sr-${randomUUID()}`,
    clientId,
    name: input.name,
    text: input.text,
    lang: input.lang,
    preApproved: false,
    preApproval: before === undefined ? null : (withSavedReplyText(before, input.text).preApproval ?? null),
  };
  const wanted = input.preApprovalFor;
  const submitted =
    wanted === null
      ? { ...base, preApproval: null }
      : base.preApproval?.visibility === wanted
        ? base
        : submit(wanted, base);
  return { ...submitted, preApproved: preApprovedVisibility(submitted, chain) !== null };
}

/** Creates (`target` null) or updates a saved reply; a changed text is never pre-approved. */
export async function saveSavedReply(
  context: PolicyContext,
  user: User,
  clientId: string,
  target: { readonly id: string; readonly version: string } | null,
  input: SavedReplyInput,
): Promise<SavedReplySaved> {
  const actor = actorOf(user);
  checkPolicyAccess(actor, clientId);
  checkRight(actor, clientId, 'savedReplies');
  return inTransaction(context, async (tx) => {
    const client = await requireClient(tx, clientId, false);
    let before: SavedReply | undefined;
    if (target !== null) {
      const found = await readSavedReply(tx, target.id, true);
      if (found === null || found.clientId !== clientId) throw new PolicyError(404, 'not_found', 'no such saved reply');
      if (versionOf(found) !== target.version) throw new PolicyError(409, 'conflict', `the saved reply ${STALE}`);
      before = found;
    }
    const now = context.now();
    const textChanged = before !== undefined && before.text !== input.text;
    const after = nextSavedReply(before, clientId, input, client.approvalChain, (visibility, saved) => {
      checkRight(actor, clientId, 'preApprove');
      return submitSavedReplyForPreApproval(saved, visibility, actor, now);
    });
    const rows = [row('saved_reply', after)];
    await writeCommit(tx, { mutation: null, userId: user.id, refusal: null, rows, outbox: [], now });
    appendAudit(tx, [auditEvent(user, now, 'saved_reply', after.id, clientId, before, after)]);
    return {
      savedReply: { ...after, version: versionOf(after) },
      preApprovalDropped: textChanged && (before?.preApproval ?? null) !== null,
    };
  });
}

export async function deleteSavedReply(
  context: PolicyContext,
  user: User,
  clientId: string,
  target: { readonly id: string; readonly version: string },
): Promise<void> {
  const actor = actorOf(user);
  checkPolicyAccess(actor, clientId);
  checkRight(actor, clientId, 'savedReplies');
  await inTransaction(context, async (tx) => {
    const found = await readSavedReply(tx, target.id, true);
    if (found === null || found.clientId !== clientId) throw new PolicyError(404, 'not_found', 'no such saved reply');
    if (versionOf(found) !== target.version) throw new PolicyError(409, 'conflict', `the saved reply ${STALE}`);
    const now = context.now();
    await deleteSavedReplyRow(tx, found, user.id, now);
    appendAudit(tx, [auditEvent(user, now, 'saved_reply', found.id, clientId, found, undefined)]);
  });
}
