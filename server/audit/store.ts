/**
 * Writing and reading the audit trail (migration 002). `appendAudit` is how every part of the
 * server records what happened: inside the caller's transaction, as its last statement, so the
 * events exist exactly when the change they describe does, and the chain's head is locked only
 * for the moment of the commit.
 */
import type { AuditContent, AuditEvent, ChainPoint } from '../../shared/domain/audit';
import { CHAIN_START, contentHash } from '../../shared/domain/audit';
import type { Queryable, Row, Transaction } from '../db/db';
import { toInt, toJson, toText, toTextOrNull } from '../db/db';
import { sql } from '../db/sql';
import type { SqlQuery } from '../db/sql';
import type { Role } from '../../shared/domain/entities';

/** The chain an event belongs to: its client, or '' for workspace-level events. */
export const chainKey = (clientId: string | null): string => clientId ?? '';

/** The statement that appends `events` (in order) to their chains; it answers the new heads. */
export function auditAppendQuery(events: readonly AuditContent[]): SqlQuery {
  const payload = events.map((event) => ({
    clientId: event.clientId,
    at: event.at,
    actorId: event.actor.id,
    actorName: event.actor.name,
    actorRole: event.actor.role,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId,
    before: event.before,
    after: event.after,
    signature: event.signature,
    contentHash: contentHash(event),
  }));
  return sql`SELECT out_chain, out_seq, out_hash FROM audit_append(${sql.json(payload)}::jsonb)`;
}

/**
 * Appends `events` within the caller's transaction: the statement runs last, with COMMIT (one
 * round trip on PostgreSQL), and rolls the whole transaction back if it fails. However many
 * events, on however many chains, they cost one statement; call it once per transaction with all of
 * them rather than once per event, and after every other `tx.defer`: the chain heads must be the
 * last locks the transaction takes, or two transactions could each hold what the other waits for.
 */
export function appendAudit(tx: Transaction, events: readonly AuditContent[]): void {
  if (events.length > 0) tx.defer(auditAppendQuery(events));
}

export interface ChainHead extends ChainPoint {
  readonly clientId: string | null;
}

/** Appends now (outside a push: logins, tools, tests) and answers the heads of the chains touched. */
export async function appendAuditNow(db: Queryable, events: readonly AuditContent[]): Promise<ChainHead[]> {
  if (events.length === 0) return [];
  const rows = await db.query(auditAppendQuery(events));
  return rows.map((row) => {
    const chain = toText(row.out_chain);
    return { clientId: chain === '' ? null : chain, seq: toInt(row.out_seq), hash: toText(row.out_hash) };
  });
}

/** The recorded head of a chain, or null when it has none (never written, or deleted). */
export async function findChainHead(db: Queryable, clientId: string | null): Promise<ChainPoint | null> {
  const [row] = await db.query(sql`SELECT seq, hash FROM audit_heads WHERE chain = ${chainKey(clientId)}`);
  return row === undefined ? null : { seq: toInt(row.seq), hash: toText(row.hash) };
}

export async function chainHead(db: Queryable, clientId: string | null): Promise<ChainPoint> {
  return (await findChainHead(db, clientId)) ?? CHAIN_START;
}

export const EVENT_COLUMNS = sql`client_id, seq, at, actor_id, actor_name, actor_role, action, entity, entity_id,
  before, after, signature, prev_hash, hash`;

/** A stored row as the domain's event (validated when it was written; read as is, to be checked). */
export function eventFromRow(row: Row): AuditEvent {
  const json = (value: unknown) => (value === undefined ? null : (toJson(value) as AuditEvent['before']));
  return {
    seq: toInt(row.seq),
    at: toInt(row.at),
    actor: {
      id: toTextOrNull(row.actor_id),
      name: toText(row.actor_name),
      role: toTextOrNull(row.actor_role) as Role | null,
    },
    action: toText(row.action) as AuditEvent['action'],
    entity: toText(row.entity) as AuditEvent['entity'],
    entityId: toText(row.entity_id),
    clientId: toTextOrNull(row.client_id),
    before: json(row.before),
    after: json(row.after),
    signature: json(row.signature) as AuditEvent['signature'],
    prevHash: toText(row.prev_hash),
    hash: toText(row.hash),
  };
}

/** Events of one chain after number `afterSeq`, in number order. */
export async function readChainPage(
  db: Queryable,
  clientId: string | null,
  afterSeq: number,
  limit: number,
): Promise<AuditEvent[]> {
  const rows = await db.query(sql`
    SELECT ${EVENT_COLUMNS} FROM audit_events
    WHERE chain = ${chainKey(clientId)} AND seq > ${afterSeq}
    ORDER BY seq LIMIT ${limit}`);
  return rows.map(eventFromRow);
}

/** Events of one chain in a period [from, to), in number order, at most `limit`. */
export async function readPeriod(
  db: Queryable,
  clientId: string | null,
  period: { readonly from: number; readonly to: number },
  limit: number,
): Promise<AuditEvent[]> {
  const rows = await db.query(sql`
    SELECT ${EVENT_COLUMNS} FROM audit_events
    WHERE chain = ${chainKey(clientId)} AND at >= ${period.from} AND at < ${period.to}
    ORDER BY seq LIMIT ${limit}`);
  return rows.map(eventFromRow);
}

/** Every chain with its head (for the verify command). */
export async function listChains(db: Queryable): Promise<ChainHead[]> {
  const rows = await db.query(sql`SELECT chain, seq, hash FROM audit_heads ORDER BY chain`);
  return rows.map((row) => {
    const chain = toText(row.chain);
    return { clientId: chain === '' ? null : chain, seq: toInt(row.seq), hash: toText(row.hash) };
  });
}
