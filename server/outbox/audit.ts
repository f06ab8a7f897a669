/**
 * The audit events of the outbox (issue 6, audit trail): a reply handed to the platform and
 * accepted (`dispatch`), refused by the platform or blocked at the last gate (`dispatch_failed`).
 * They say which reply, which version, which text hash and which approvals the words went out
 * (or were stopped) with — never the words themselves: the `send` event before them already
 * holds the exact text, and the hash ties the two together.
 */
import type { AuditContent } from '../../shared/domain/audit';
import type { Reply } from '../../shared/domain/entities';
import { SYSTEM_ACTOR } from '../../shared/domain';

/** The server's own jobs act as `system` (export.ts prints it as such). */
const SYSTEM = { id: SYSTEM_ACTOR.id, name: 'system', role: null } as const;

/** A platform's error is a code; anything longer is cut so no echoed text lands in the trail. */
const ERROR_MAX = 120;

export interface DispatchFacts {
  readonly outboxId: number;
  readonly replyId: string;
  readonly clientId: string;
  /** As queued: the version and hash the outbox row was written for. */
  readonly version: number;
  readonly textHash: string;
  /** The reply as it is now (its status before the change; its approvals); undefined: missing. */
  readonly reply: Reply | undefined;
}

export type DispatchOutcome =
  | { readonly kind: 'sent' }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'blocked'; readonly code: string };

/** The approvals that sign the queued text: approved decisions on exactly its hash. */
export function approvalIdsFor(reply: Reply | undefined, textHash: string): string[] {
  if (reply === undefined) return [];
  return reply.approvals
    .filter((approval) => approval.decision === 'approved' && approval.textHash === textHash)
    .map((approval) => approval.id);
}

export function dispatchAuditEvent(facts: DispatchFacts, outcome: DispatchOutcome, at: number): AuditContent {
  const common = {
    outboxId: facts.outboxId,
    version: facts.version,
    textHash: facts.textHash,
    approvalIds: approvalIdsFor(facts.reply, facts.textHash),
  };
  const after =
    outcome.kind === 'sent'
      ? { ...common, status: 'sent' }
      : outcome.kind === 'failed'
        ? { ...common, status: 'failed', error: outcome.error.slice(0, ERROR_MAX) }
        : { ...common, status: 'blocked', code: outcome.code };
  return {
    at,
    actor: SYSTEM,
    action: outcome.kind === 'sent' ? 'dispatch' : 'dispatch_failed',
    entity: 'reply',
    entityId: facts.replyId,
    clientId: facts.clientId,
    before: facts.reply === undefined ? null : { status: facts.reply.status },
    after,
    signature: null,
  };
}
