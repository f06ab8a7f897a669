/**
 * Gives cursors to committed transactions, in commit order, after they commit.
 *
 * Why not a cursor taken inside each mutation's transaction: the lock that makes such a cursor
 * gap-free in commit order must be held until COMMIT returns, i.e. across the WAL flush, so every
 * push in the workspace would wait for every other one's disk write. Here mutations commit in
 * parallel (PostgreSQL flushes them together) and one short round, under a transaction-level
 * advisory lock shared by every instance, numbers what is committed and not yet numbered. A
 * reader reads up to `sync_state.cursor`, which a round moves in the same transaction as the
 * numbers it gives, so nothing at or below it can appear later: no reader ever skips a change.
 *
 * Rounds coalesce: `sequence()` resolves after a round that started after the call, so a push
 * answers only once its own mutations carry a cursor (its next pull sees them).
 */
import type { Db } from '../db/db';
import { toInt } from '../db/db';
import { sql } from '../db/sql';
import { Rounds } from './rounds';

export const SYNC_CHANNEL = 'moderator_desk_sync';
const SEQUENCER_LOCK = 7_301_002;
const ROUND_LIMIT = 20_000;

export class Sequencer {
  private readonly rounds = new Rounds(() => this.round());

  constructor(
    private readonly db: Db,
    /** After a round that numbered something: the new cursor (the local instance pokes). */
    private readonly onSequenced: (cursor: number) => void,
  ) {}

  /** Resolves with the cursor after a round that started after this call. */
  sequence(): Promise<number> {
    return this.rounds.request();
  }

  idle(): Promise<void> {
    return this.rounds.idle();
  }

  private async round(): Promise<number> {
    let numbered = 0;
    let cursor = 0;
    for (;;) {
      const result = await this.db.transaction(async (tx) => {
        await tx.query(sql`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK})`);
        const [row] = await tx.query(sql`
          WITH pending AS (
            SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM commits
            WHERE cursor IS NULL ORDER BY seq LIMIT ${ROUND_LIMIT}
          ), base AS (
            SELECT value FROM sync_state WHERE name = 'cursor'
          ), numbered AS (
            UPDATE commits SET cursor = base.value + pending.n
            FROM pending, base WHERE commits.seq = pending.seq
            RETURNING commits.cursor
          )
          UPDATE sync_state SET value = value + (SELECT count(*) FROM numbered)
          WHERE name = 'cursor'
          RETURNING value, (SELECT count(*) FROM numbered) AS numbered`);
        const count = toInt(row?.numbered ?? 0);
        // The poke between instances: no payload, ever (data comes from the change log).
        if (count > 0) await tx.query(sql`SELECT pg_notify(${SYNC_CHANNEL}, '')`);
        return { count, cursor: toInt(row?.value ?? 0) };
      });
      numbered += result.count;
      cursor = result.cursor;
      if (result.count < ROUND_LIMIT) break;
    }
    if (numbered > 0) this.onSequenced(cursor);
    return cursor;
  }
}

export async function currentCursor(db: Pick<Db, 'query'>): Promise<number> {
  const [row] = await db.query(sql`SELECT value FROM sync_state WHERE name = 'cursor'`);
  return toInt(row?.value ?? 0);
}
