/**
 * `POST /sync/push` (SYNC.md): each mutation in order, each in ONE transaction that locks the
 * replica's row, skips what was already applied (idempotent resends), stops at a gap, applies the
 * shared domain rule or records a refusal, and moves lastMutationId — all or nothing together.
 */
import type { User } from '../../shared/domain/entities';
import type { Mutation } from '../../shared/sync/mutations';
import type { PushResponse } from '../../shared/sync/protocol';
import type { Db, Queryable, Transaction } from '../db/db';
import { toInt, toText } from '../db/db';
import { sql } from '../db/sql';
import type { Outcome } from './apply';
import { actorOf, applyMutation } from './apply';
import { commitQuery } from './commits';
import { loadRows } from './context';
import { loadPlanOf, parseMutation } from './mutation';

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

export type StepResult =
  | { readonly kind: 'duplicate'; readonly last: number }
  | { readonly kind: 'gap'; readonly last: number }
  | { readonly kind: 'applied' | 'refused'; readonly last: number; readonly outcome: Outcome };

export interface PushDeps {
  readonly db: Db;
  readonly now: () => number;
}

/** One mutation, inside its own transaction. */
function pushOne(tx: Transaction, deps: PushDeps, user: User, mutation: Mutation): Promise<StepResult> {
  const parsed = parseMutation(mutation.name, mutation.args);
  return (async () => {
    // Both reads travel together: the rows are read (and locked) even for a duplicate, which is
    // rare and harmless, so that the common case costs one round trip.
    const [[locked], rows] = await Promise.all([
      tx.query(
        sql`SELECT user_id, last_mutation_id FROM sync_clients WHERE client_id = ${mutation.clientId} FOR UPDATE`,
      ),
      parsed.ok ? loadRows(tx, loadPlanOf(parsed.value)) : Promise.resolve(null),
    ]);
    if (locked === undefined || toText(locked.user_id) !== user.id) throw new ClientIdTakenError();
    const last = toInt(locked.last_mutation_id);
    if (mutation.id <= last) return { kind: 'duplicate', last };
    if (mutation.id > last + 1) return { kind: 'gap', last };

    const now = deps.now();
    const outcome: Outcome =
      parsed.ok && rows !== null
        ? applyMutation(parsed.value, actorOf(user), rows, now)
        : { ok: false, refusal: { code: 'invalid_args', message: parsed.ok ? 'invalid' : parsed.message } };
    // The commit travels with COMMIT itself.
    tx.defer(
      commitQuery({
        mutation: { clientId: mutation.clientId, id: mutation.id, name: mutation.name },
        userId: user.id,
        refusal: outcome.ok ? null : outcome.refusal,
        rows: outcome.ok ? outcome.rows : [],
        outbox: outcome.ok ? outcome.outbox : [],
        now,
      }),
    );
    return { kind: outcome.ok ? 'applied' : 'refused', last: mutation.id, outcome };
  })();
}

export interface PushReport extends PushResponse {
  readonly applied: number;
  readonly refused: number;
  readonly duplicates: number;
}

/**
 * The batch in order. Ids at or below the replica's last are skipped without a transaction
 * (`last` only grows); the locked re-check inside each transaction covers a concurrent resend.
 */
export async function pushBatch(
  deps: PushDeps,
  user: User,
  clientId: string,
  mutations: readonly Mutation[],
): Promise<PushReport> {
  let { lastMutationId: last } = await claimReplica(deps.db, clientId, user.id, deps.now());
  const report = { applied: 0, refused: 0, duplicates: 0 };
  // One connection for the batch: each mutation's COMMIT travels with the next one's reads. If a
  // COMMIT fails, the next transaction finds the counter behind and stops at a gap, and the
  // session throws: the replica resends, and what did commit is skipped as already applied.
  return deps.db.session(async (session) => {
    for (const mutation of mutations) {
      if (mutation.id <= last) {
        report.duplicates += 1;
        continue;
      }
      if (mutation.id > last + 1) return { lastMutationId: last, gapAt: mutation.id, ...report };
      const { value: step } = await session.transaction((tx) => pushOne(tx, deps, user, mutation));
      last = step.last;
      if (step.kind === 'gap') return { lastMutationId: last, gapAt: mutation.id, ...report };
      if (step.kind === 'duplicate') report.duplicates += 1;
      else report[step.kind] += 1;
    }
    return { lastMutationId: last, gapAt: null, ...report };
  });
}
