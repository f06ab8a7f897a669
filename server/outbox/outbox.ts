/**
 * The reply outbox: `reply.send` queues one row per reply version (never two, so never sent
 * twice); the platform dispatcher (a later issue) takes rows through `takeForDispatch`, which is
 * the last gate before a platform sees the words. It re-checks, with the shared domain rule, that
 * the reply is still the exact version and text that was queued and that a sensitive one has a
 * complete approval chain for that exact text hash — whatever the row's history — and blocks the
 * row otherwise; a reply that may not go out is then marked failed, as if the platform had refused
 * it, so the moderator sees it rather than a reply queued forever. Several instances share the
 * work with FOR UPDATE SKIP LOCKED.
 *
 * Every outcome is in the audit trail, in the same transaction as the row's new status: a
 * blocked row and a platform's refusal as `dispatch_failed`, an accepted reply as `dispatch`
 * (audit.ts: reply id, version, text hash and approval ids — never the text).
 */
import type { Client, Interaction, Reply } from '../../shared/domain/entities';
import type { SendContext } from '../../shared/domain';
import {
  currentTextHash,
  dispatchReadiness,
  recordDispatchFailed,
  recordDispatched,
  SYSTEM_ACTOR,
} from '../../shared/domain';
import type { AuditContent } from '../../shared/domain/audit';
import { appendAudit } from '../audit/store';
import type { Db, Queryable } from '../db/db';
import { toInt, toText } from '../db/db';
import { sql } from '../db/sql';
import { preApprovedUseOf } from '../sync/apply';
import { writeCommit } from '../sync/commits';
import { loadRows } from '../sync/context';
import { row } from '../sync/rows';
import { dispatchAuditEvent } from './audit';

export interface DispatchJob {
  readonly outboxId: number;
  readonly reply: Reply;
  readonly client: Client;
  readonly interaction: Interaction;
}

export interface BlockedJob {
  readonly outboxId: number;
  readonly replyId: string;
  readonly code: string;
}

interface OutboxRow {
  readonly outboxId: number;
  readonly replyId: string;
  readonly version: number;
  readonly textHash: string;
  readonly clientId: string;
}

const outboxRowOf = (found: Record<string, unknown>): OutboxRow => ({
  outboxId: toInt(found.id),
  replyId: toText(found.reply_id),
  version: toInt(found.reply_version),
  textHash: toText(found.text_hash),
  clientId: toText(found.client_id),
});

type Gate =
  | { readonly ok: true; readonly job: DispatchJob }
  | {
      readonly ok: false;
      readonly code: string;
      readonly reply: Reply | undefined;
      /** The queued reply itself may not go out (not only this row): it is marked failed. */
      readonly failed: SendContext | null;
    };

/** Whether a queued row may go out now: a reason code when it may not. */
async function gate(tx: Queryable, entry: OutboxRow): Promise<Gate> {
  const rows = await loadRows(tx, { kind: 'reply', replyId: entry.replyId, itemId: null, savedReplyId: null });
  const { reply, item, client, interaction } = rows;
  const blocked = (code: string, failed: SendContext | null = null): Gate => ({ ok: false, code, reply, failed });
  if (reply === undefined || client === undefined || interaction === undefined) return blocked('not_found');
  if (reply.status !== 'queued') return blocked('illegal_transition');
  if (reply.version !== entry.version || currentTextHash(reply) !== entry.textHash) return blocked('approval_stale');
  const ready = dispatchReadiness(reply, client, interaction, { preApproved: preApprovedUseOf(rows, reply, client) });
  if (!ready.ok) return blocked(ready.error.code, item === undefined ? null : { reply, item, client, interaction });
  return { ok: true, job: { outboxId: entry.outboxId, reply, client, interaction } };
}

/**
 * A reply stopped at the gate is reported like one the platform refused: failed, its item back to
 * open, so the moderator sees it (and may edit and submit it) instead of a reply queued forever.
 */
async function markBlockedReplyFailed(tx: Queryable, context: SendContext, now: number): Promise<void> {
  const result = recordDispatchFailed(context, SYSTEM_ACTOR, now);
  if (!result.ok) return;
  const changed = [row('item', result.value.item), row('reply', result.value.reply)];
  await writeCommit(tx, { mutation: null, userId: SYSTEM_ACTOR.id, refusal: null, rows: changed, outbox: [], now });
}

export async function takeForDispatch(
  db: Db,
  limit: number,
  now: number,
): Promise<{ ready: DispatchJob[]; blocked: BlockedJob[] }> {
  return db.transaction(async (tx) => {
    const queued = await tx.query(sql`
      SELECT id, reply_id, reply_version, text_hash, client_id FROM outbox
      WHERE status = 'queued' ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`);
    const ready: DispatchJob[] = [];
    const blocked: BlockedJob[] = [];
    const audit: AuditContent[] = [];
    for (const found of queued) {
      const entry = outboxRowOf(found);
      const checked = await gate(tx, entry);
      if (checked.ok) {
        ready.push(checked.job);
        await tx.query(
          sql`UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ${now} WHERE id = ${entry.outboxId}`,
        );
      } else {
        blocked.push({ outboxId: entry.outboxId, replyId: entry.replyId, code: checked.code });
        // A row whose reply is marked failed is stored failed too: resending that same version
        // queues the row again (commits.ts), and the gate checks it again.
        const status = checked.failed === null ? 'blocked' : 'failed';
        await tx.query(
          sql`UPDATE outbox SET status = ${status}, last_error = ${checked.code}, updated_at = ${now} WHERE id = ${entry.outboxId}`,
        );
        audit.push(
          dispatchAuditEvent({ ...entry, reply: checked.reply }, { kind: 'blocked', code: checked.code }, now),
        );
        if (checked.failed !== null) await markBlockedReplyFailed(tx, checked.failed, now);
      }
    }
    appendAudit(tx, audit);
    return { ready, blocked };
  });
}

/** The platform's answer: the reply is sent (or failed), its item follows, replicas hear of it. */
export async function completeDispatch(
  db: Db,
  outboxId: number,
  outcome: { sent: true } | { sent: false; error: string },
  now: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [found] = await tx.query(
      sql`SELECT id, reply_id, reply_version, text_hash, client_id FROM outbox
        WHERE id = ${outboxId} AND status = 'sending' FOR UPDATE`,
    );
    if (found === undefined) return;
    const entry = outboxRowOf(found);
    const rows = await loadRows(tx, { kind: 'reply', replyId: entry.replyId, itemId: null, savedReplyId: null });
    const { reply, item, client, interaction } = rows;
    await tx.query(sql`UPDATE outbox SET status = ${outcome.sent ? 'sent' : 'failed'},
      last_error = ${outcome.sent ? null : outcome.error}, updated_at = ${now} WHERE id = ${outboxId}`);
    // What the platform did is recorded whatever became of the reply meanwhile: the words went out (or not).
    const event = dispatchAuditEvent(
      { ...entry, reply },
      outcome.sent ? { kind: 'sent' } : { kind: 'failed', error: outcome.error },
      now,
    );
    if (reply !== undefined && item !== undefined && client !== undefined && interaction !== undefined) {
      const context = { reply, item, client, interaction };
      const result = outcome.sent
        ? recordDispatched(context, SYSTEM_ACTOR, now)
        : recordDispatchFailed(context, SYSTEM_ACTOR, now);
      if (result.ok) {
        const changed = [row('item', result.value.item), row('reply', result.value.reply)];
        await writeCommit(tx, {
          mutation: null,
          userId: SYSTEM_ACTOR.id,
          refusal: null,
          rows: changed,
          outbox: [],
          now,
        });
      }
    }
    appendAudit(tx, [event]);
  });
}
