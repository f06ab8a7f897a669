/**
 * `GET /sync/pull` (docs/sync.md): the changes after a cursor that the user may see, in pages that
 * never split a commit, with the replica's lastMutationId and refusals consistent with the page:
 * every mutation at or below `lastMutationId` has its changes at or below `cursor`, so the
 * replica can drop those pending mutations and rebase without a flicker.
 */
import type { Change, PullResponse, SyncEntity } from '../../shared/sync/protocol';
import type { Queryable } from '../db/db';
import { toInt, toJson, toText } from '../db/db';
import { sql } from '../db/sql';
import type { SqlQuery } from '../db/sql';
import type { Visibility } from './scope';
import { redactForViewer, scopeCondition } from './scope';
import { currentCursor } from './sequencer';

export class CursorAheadError extends Error {
  constructor(
    readonly cursor: number,
    readonly serverCursor: number,
  ) {
    super(`cursor ${cursor} is beyond the server's change log (${serverCursor}): take a new snapshot`);
    this.name = 'CursorAheadError';
  }
}

export interface PullInput {
  readonly clientId: string;
  readonly cursor: number;
  readonly limit: number;
}

interface ChangeRow {
  cursor: number;
  ord: number;
  change: Change;
}

async function changesBetween(
  db: Queryable,
  visibility: Visibility,
  range: SqlQuery,
  limit: number | null,
): Promise<ChangeRow[]> {
  const rows = await db.query(sql`
    SELECT c.cursor, ch.ord, ch.entity, ch.id, ch.op, ch.data
    FROM commits c JOIN changes ch ON ch.commit_seq = c.seq
    WHERE ${range} AND ${scopeCondition(visibility, sql`ch.scopes`)}
    ORDER BY c.cursor, ch.ord
    ${limit === null ? sql`` : sql`LIMIT ${limit}`}`);
  return rows.map((found) => {
    const entity = toText(found.entity) as SyncEntity;
    const op = toText(found.op) === 'delete' ? 'delete' : 'upsert';
    const cursor = toInt(found.cursor);
    return {
      cursor,
      ord: toInt(found.ord),
      change: {
        cursor,
        entity,
        id: toText(found.id),
        op,
        data: op === 'delete' ? null : redactForViewer(entity, toJson(found.data), visibility),
      },
    };
  });
}

export async function pullChanges(db: Queryable, visibility: Visibility, input: PullInput): Promise<PullResponse> {
  const end = await currentCursor(db);
  if (input.cursor > end) throw new CursorAheadError(input.cursor, end);
  const rows = await changesBetween(
    db,
    visibility,
    sql`c.cursor > ${input.cursor} AND c.cursor <= ${end}`,
    input.limit + 1,
  );
  let pageEnd = end;
  let more = false;
  let page = rows;
  if (rows.length > input.limit) {
    page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    if (last !== undefined) {
      // The rest of the last commit joins this page: a replica never sees half a commit.
      const rest = await changesBetween(db, visibility, sql`c.cursor = ${last.cursor} AND ch.ord > ${last.ord}`, null);
      page = [...page, ...rest];
      pageEnd = last.cursor;
      more = true;
    }
  }
  const [state] = await db.query(sql`
    SELECT mutation_id FROM commits
    WHERE client_id = ${input.clientId} AND cursor IS NOT NULL AND cursor <= ${pageEnd}
    ORDER BY cursor DESC LIMIT 1`);
  const refused = await db.query(sql`
    SELECT mutation_id, refused_code, refused_message FROM commits
    WHERE client_id = ${input.clientId} AND cursor > ${input.cursor} AND cursor <= ${pageEnd}
      AND refused_code IS NOT NULL
    ORDER BY cursor`);
  return {
    changes: page.map((entry) => entry.change),
    cursor: pageEnd,
    more,
    lastMutationId: state === undefined ? 0 : toInt(state.mutation_id),
    refused: refused.map((found) => ({
      id: toInt(found.mutation_id),
      code: toText(found.refused_code),
      message: toText(found.refused_message),
    })),
  };
}
