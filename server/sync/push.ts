/**
 * `POST /sync/push` (docs/sync.md): a replica's batch in order, in ONE transaction that locks the
 * replica's row, skips what was already applied (idempotent resends), stops at a gap, applies the
 * shared domain rule to each mutation or records its refusal, and moves lastMutationId — all or
 * nothing together. Each mutation still gets its own commit row (and so its own cursor), so a
 * pull reports lastMutationId and refusals per mutation exactly as if each had committed alone.
 *
 * The batch's rows are read together and locked in key order (batch-rows.ts); each mutation is
 * evaluated in memory on the rows as the previous ones left them; the whole batch is written by
 * one statement that travels with COMMIT. A deadlock with another batch (rows found through
 * other rows are locked later) rolls the batch back and it is tried again: nothing was applied.
 */
import { createHash } from 'node:crypto';
import type { User } from '../../shared/domain/entities';
import type { Mutation } from '../../shared/sync/mutations';
import type { PushResponse } from '../../shared/sync/protocol';
import type { Db, Queryable, Transaction } from '../db/db';
import { toInt, toText } from '../db/db';
import { sql } from '../db/sql';
import type { Conversation, Outcome } from './apply';
import { actorOf, applyMutation, QUIET } from './apply';
import type { LoadedRows } from './context';
import { entityRank } from './rows';
import { RowStore } from './batch-rows';
import type { BatchCommit } from './commits';
import { commitQuery } from './commits';
import { loadPlanOf, parseMutation, type ParsedMutation } from './mutation';
import { auditEventsForMutation, rowsByEntity } from '../audit/mutations';
import { appendAudit } from '../audit/store';
import type { AuditContent } from '../../shared/domain/audit';
import { canonicalJson } from '../../shared/domain/audit';

export class ClientIdTakenError extends Error {
  constructor() {
    super('this replica id belongs to another user');
    this.name = 'ClientIdTakenError';
  }
}

export interface ReplicaState {
  readonly userId: string;
  readonly lastMutationId: number;
}

/** Registers a replica id to its first user, or answers whose it is. */
export async function claimReplica(
  db: Queryable,
  clientId: string,
  userId: string,
  now: number,
): Promise<ReplicaState> {
  const [found] = await db.query(sql`
    WITH inserted AS (
      INSERT INTO sync_clients (client_id, user_id, created_at) VALUES (${clientId}, ${userId}, ${now})
      ON CONFLICT (client_id) DO NOTHING
      RETURNING user_id, last_mutation_id
    )
    SELECT user_id, last_mutation_id FROM inserted
    UNION ALL
    SELECT user_id, last_mutation_id FROM sync_clients
    WHERE client_id = ${clientId} AND NOT EXISTS (SELECT 1 FROM inserted)`);
  if (found === undefined) throw new Error('sync_clients: the replica row vanished');
  const state = { userId: toText(found.user_id), lastMutationId: toInt(found.last_mutation_id) };
  if (state.userId !== userId) throw new ClientIdTakenError();
  return state;
}

export interface PushDeps {
  readonly db: Db;
  readonly now: () => number;
  /** How many of a replica's last ids keep their hash (default `KEPT_MUTATION_HASHES`). */
  readonly keptHashes?: number;
}

export interface PushReport extends PushResponse {
  readonly applied: number;
  readonly refused: number;
  readonly duplicates: number;
}

/** How many of each replica's last mutation ids keep their hash (a resend comes within a batch or two). */
export const KEPT_MUTATION_HASHES = 2000;

/** What a mutation said, for comparing a resend with what was applied under its id. */
export function mutationHash(mutation: Pick<Mutation, 'name' | 'args'>): string {
  return createHash('sha256')
    .update(canonicalJson([mutation.name, mutation.args ?? null]))
    .digest('base64url');
}

/** What to do with a batch given the replica's last id: which to apply, which were resends, where a gap is. */
export function planBatch(
  mutations: readonly Mutation[],
  last: number,
): { run: Mutation[]; duplicates: number; resent: Mutation[]; gapAt: number | null } {
  const run: Mutation[] = [];
  const resent: Mutation[] = [];
  let expected = last + 1;
  for (const mutation of mutations) {
    if (mutation.id < expected) resent.push(mutation);
    else if (mutation.id === expected) {
      run.push(mutation);
      expected += 1;
    } else return { run, duplicates: resent.length, resent, gapAt: mutation.id };
  }
  return { run, duplicates: resent.length, resent, gapAt: null };
}

/**
 * The first resend whose content differs from what was applied under its id: the replica
 * handed out an id again (it lost its last writes). Ids whose hash is no longer kept pass as resends.
 */
async function firstReused(tx: Transaction, clientId: string, resent: readonly Mutation[]): Promise<number | null> {
  if (resent.length === 0) return null;
  const stored = await tx.query(sql`SELECT mutation_id, hash FROM sync_mutation_hashes
    WHERE client_id = ${clientId} AND mutation_id IN (${sql.join(resent.map((m) => m.id))})`);
  const hashes = new Map(stored.map((found) => [toInt(found.mutation_id), toText(found.hash)]));
  for (const mutation of resent) {
    const hash = hashes.get(mutation.id);
    if (hash !== undefined && hash !== mutationHash(mutation)) return mutation.id;
  }
  return null;
}

/** Remembers what the applied mutations said, and forgets the oldest beyond the kept window. */
function rememberHashes(tx: Transaction, clientId: string, run: readonly Mutation[], last: number, kept: number): void {
  if (run.length === 0) return;
  const rows = run.map((mutation) => ({ mutation_id: mutation.id, hash: mutationHash(mutation) }));
  tx.defer(sql`WITH kept AS (
      INSERT INTO sync_mutation_hashes (client_id, mutation_id, hash)
      SELECT ${clientId}, mutation_id, hash FROM jsonb_to_recordset(${sql.json(rows)}::jsonb)
        AS h(mutation_id bigint, hash text)
      ON CONFLICT (client_id, mutation_id) DO UPDATE SET hash = excluded.hash
    )
    DELETE FROM sync_mutation_hashes WHERE client_id = ${clientId} AND mutation_id <= ${last - kept}`);
}

type Parsed = ReturnType<typeof parseMutation>;

/**
 * For a send or submission that says what the moderator saw (and was not confirmed): when the
 * newest message of the thread, or a colleague's answer on the item, arrived. Read after the
 * reply and item are locked, so an answer committed by another push meanwhile is seen. Messages
 * are found through the snapshot index (rank, time); answers through migration 006's index.
 */
async function conversationOf(tx: Transaction, mutation: ParsedMutation, rows: LoadedRows): Promise<Conversation> {
  if (mutation.name !== 'reply.send' && mutation.name !== 'reply.submit') return QUIET;
  const { seenUpTo, confirmed } = mutation.args;
  const { reply, interaction } = rows;
  if (confirmed === true || seenUpTo === null || seenUpTo === undefined) return QUIET;
  if (reply === undefined || interaction === undefined) return QUIET;
  const [found] = await tx.query(sql`SELECT max(at) AS at FROM (
      SELECT sort_key AS at FROM entities
      WHERE rank = ${entityRank.interaction} AND sort_key > ${seenUpTo} AND entity = 'interaction'
        AND data->>'threadId' = ${interaction.threadId}
      UNION ALL
      SELECT coalesce((data->>'sentAt')::bigint, (data->>'updatedAt')::bigint) AS at FROM entities
      WHERE entity = 'reply' AND data->>'itemId' = ${reply.itemId} AND id <> ${reply.id}
        AND data->>'status' IN ('sent', 'queued', 'awaiting_approval')
    ) activity WHERE at > ${seenUpTo}`);
  return { newestActivityAt: found?.at === null || found?.at === undefined ? null : toInt(found.at) };
}

/** PostgreSQL's "try again" answers: deadlock_detected, serialization_failure. */
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

const MAX_ATTEMPTS = 4;

async function applyBatch(
  tx: Transaction,
  deps: PushDeps,
  user: User,
  clientId: string,
  mutations: readonly Mutation[],
  parsed: ReadonlyMap<Mutation, Parsed>,
): Promise<PushReport> {
  const store = new RowStore();
  const plans = mutations.flatMap((mutation) => {
    const found = parsed.get(mutation);
    return found?.ok === true ? [loadPlanOf(found.value)] : [];
  });
  // Registering the replica (a no-op once it is), locking its row and reading the batch's first
  // rows travel together: one round trip.
  const [, [locked]] = await Promise.all([
    tx.query(sql`INSERT INTO sync_clients (client_id, user_id, created_at) VALUES (${clientId}, ${user.id}, ${deps.now()})
      ON CONFLICT (client_id) DO NOTHING`),
    tx.query(sql`SELECT user_id, last_mutation_id FROM sync_clients WHERE client_id = ${clientId} FOR UPDATE`),
    store.prefetch(tx, plans),
  ]);
  if (locked === undefined || toText(locked.user_id) !== user.id) throw new ClientIdTakenError();
  // A concurrent resend may have applied part of the batch since the caller looked.
  const planned = planBatch(mutations, toInt(locked.last_mutation_id));
  const { duplicates, gapAt } = planned;
  // A reused id stops the batch before anything is applied: what follows it was made after it.
  const reusedAt = await firstReused(tx, clientId, planned.resent);
  const run = reusedAt === null ? planned.run : [];
  const actor = actorOf(user);
  const records: BatchCommit['records'][number][] = [];
  const audit: AuditContent[] = [];
  let applied = 0;
  for (const mutation of run) {
    const found = parsed.get(mutation);
    const now = deps.now();
    let outcome: Outcome;
    if (found?.ok === true) {
      const before = await store.load(tx, loadPlanOf(found.value));
      outcome = applyMutation(found.value, actor, before, now, await conversationOf(tx, found.value, before));
      if (outcome.ok) {
        // Recorded before the rows are written over: `before` is what the mutation saw.
        audit.push(
          ...auditEventsForMutation({
            name: found.value.name,
            args: found.value.args,
            actor: user,
            at: now,
            before,
            after: rowsByEntity(outcome.rows),
          }),
        );
      }
    } else {
      outcome = {
        ok: false,
        refusal: { code: found?.code ?? 'invalid_args', message: found?.message ?? 'invalid' },
      };
    }
    if (outcome.ok) {
      store.write(outcome.rows);
      applied += 1;
    }
    records.push({
      mutationId: mutation.id,
      name: mutation.name,
      refusal: outcome.ok ? null : outcome.refusal,
      rows: outcome.ok ? outcome.rows : [],
      outbox: outcome.ok ? outcome.outbox : [],
      now,
    });
  }
  const last = toInt(locked.last_mutation_id) + run.length;
  // The writes travel with COMMIT itself.
  if (records.length > 0) tx.defer(commitQuery({ clientId, userId: user.id, records }));
  rememberHashes(tx, clientId, run, last, deps.keptHashes ?? KEPT_MUTATION_HASHES);
  // The audit trail last: its chain heads must be the last locks the transaction takes.
  appendAudit(tx, audit);
  return {
    lastMutationId: last,
    gapAt: reusedAt === null ? gapAt : null,
    reusedAt,
    applied,
    refused: run.length - applied,
    duplicates,
  };
}

/**
 * The batch in order, in one transaction that first registers the replica (first push) and
 * locks its row: ids at or below its last are resends (skipped), a gap stops the batch.
 */
export async function pushBatch(
  deps: PushDeps,
  user: User,
  clientId: string,
  mutations: readonly Mutation[],
): Promise<PushReport> {
  if (mutations.length === 0) {
    const { lastMutationId } = await claimReplica(deps.db, clientId, user.id, deps.now());
    return { lastMutationId, gapAt: null, reusedAt: null, applied: 0, refused: 0, duplicates: 0 };
  }
  // Parsing needs no database: done once, outside the transaction (and its retries).
  const parsed = new Map<Mutation, Parsed>(
    mutations.map((mutation) => [mutation, parseMutation(mutation.name, mutation.args)]),
  );
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.db.transaction((tx) => applyBatch(tx, deps, user, clientId, mutations, parsed));
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
    }
  }
}
