/**
 * `GET /sync/snapshot`: the current rows a user may see, parents first, in keyset pages, so a new
 * replica does not replay the whole change log. The first page fixes the cursor the replica pulls
 * from afterwards; rows that change while it pages are brought up to date by that pull (every
 * change is a whole row, so applying one twice or late is harmless).
 *
 * The page token is opaque to the client and carries no authority: the scope filter is applied
 * again on every page, so a forged token can only skip rows or spoil the progress figure.
 */
import { z } from 'zod';
import { id } from '../../shared/domain/entities';
import type { SnapshotResponse } from '../../shared/sync/server-api';
import { snapshotResponse } from '../../shared/sync/server-api';
import type { SyncEntity } from '../../shared/sync/protocol';
import type { Queryable } from '../db/db';
import { toInt, toText } from '../db/db';
import { sql } from '../db/sql';
import type { SqlQuery } from '../db/sql';
import type { Visibility } from './scope';
import { entityRank } from '../../shared/entities/registry';
import { redactForViewer, scopeCondition } from './scope';
import { currentCursor } from './sequencer';

/** Every number bounded by what its column holds (rank: smallint), every id an id: a forged token is a 400. */
const pageToken = z
  .object({
    cursor: z.number().int().nonnegative(),
    rank: z
      .number()
      .int()
      .min(-1)
      .max(Math.max(...Object.values(entityRank))),
    sortKey: z.number().int(),
    id: z.union([z.literal(''), id]),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  })
  .strict();
type PageToken = z.infer<typeof pageToken>;

export class BadPageTokenError extends Error {
  constructor() {
    super('page is not a token this server gave');
    this.name = 'BadPageTokenError';
  }
}

function encode(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decode(page: string): PageToken {
  try {
    const parsed = pageToken.safeParse(JSON.parse(Buffer.from(page, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // falls through
  }
  throw new BadPageTokenError();
}

interface PageRows {
  /** The rows as JSON text, comma-separated (the inside of `rows: [...]`). */
  readonly body: string;
  readonly count: number;
  readonly last: { readonly rank: number; readonly sortKey: number; readonly id: string } | null;
}

const after = (token: PageToken) => sql`(rank, sort_key, id) > (${token.rank}, ${token.sortKey}, ${token.id})`;

/**
 * The page put together by the database from each row's stored JSON text (migration 003): one
 * result row, one string, nothing parsed or printed per row on either side.
 */
async function joinedRows(db: Queryable, visible: SqlQuery, token: PageToken, limit: number): Promise<PageRows> {
  const [found] = await db.query(sql`
    WITH page AS (
      -- n: the snapshot order as a number, cheaper to sort the page by than (rank, sort_key, id)
      SELECT entity, id, rank, sort_key, data_text, row_number() OVER (ORDER BY rank, sort_key, id) AS n
      FROM entities
      WHERE ${after(token)} AND ${visible}
      ORDER BY rank, sort_key, id
      LIMIT ${limit}
    ), last AS (
      SELECT rank, sort_key, id FROM page ORDER BY n DESC LIMIT 1
    )
    SELECT
      (SELECT count(*) FROM page) AS count,
      (SELECT string_agg('{"entity":' || to_json(entity)::text || ',"id":' || to_json(id)::text
        || ',"data":' || data_text || '}', ',' ORDER BY n) FROM page) AS body,
      last.rank, last.sort_key, last.id
    FROM (SELECT 1) AS one LEFT JOIN last ON TRUE`);
  const count = toInt(found?.count ?? 0);
  return {
    body: count === 0 ? '' : toText(found?.body),
    count,
    last: count === 0 ? null : { rank: toInt(found?.rank), sortKey: toInt(found?.sort_key), id: toText(found?.id) },
  };
}

/** Row by row, for pages that may hold user rows a scoped viewer gets redacted (scope.ts). */
async function redactedRows(
  db: Queryable,
  visibility: Visibility,
  visible: SqlQuery,
  token: PageToken,
  limit: number,
): Promise<PageRows> {
  const found = await db.query(sql`
    SELECT entity, id, rank, sort_key, data_text FROM entities
    WHERE ${after(token)} AND ${visible}
    ORDER BY rank, sort_key, id
    LIMIT ${limit}`);
  const rows = found.map((entry) => {
    const entity = toText(entry.entity) as SyncEntity;
    const text = toText(entry.data_text);
    const data =
      entity === 'user' ? JSON.stringify(redactForViewer(entity, JSON.parse(text) as unknown, visibility)) : text;
    return `{"entity":${JSON.stringify(entity)},"id":${JSON.stringify(toText(entry.id))},"data":${data}}`;
  });
  const last = found[found.length - 1];
  return {
    body: rows.join(','),
    count: rows.length,
    last: last === undefined ? null : { rank: toInt(last.rank), sortKey: toInt(last.sort_key), id: toText(last.id) },
  };
}

/**
 * One page as the JSON text of a `SnapshotResponse`, built without parsing the rows: each row's
 * stored JSON text is spliced in as is (a 100k-item snapshot is over 100 MB of JSON; parsing and
 * printing it was most of its time). Only user rows, which a scoped viewer gets redacted, are
 * parsed; they come before every row of a higher rank, so only the first pages can hold them.
 */
export async function snapshotPageJson(
  db: Queryable,
  visibility: Visibility,
  input: { readonly limit: number; readonly page: string | null },
): Promise<string> {
  const visible = scopeCondition(visibility, sql`scopes`);
  let token: PageToken;
  if (input.page === null) {
    const cursor = await currentCursor(db);
    const [counted] = await db.query(sql`SELECT count(*) AS total FROM entities WHERE ${visible}`);
    token = { cursor, rank: -1, sortKey: Number.MIN_SAFE_INTEGER, id: '', done: 0, total: toInt(counted?.total ?? 0) };
  } else {
    token = decode(input.page);
  }
  const page =
    !visibility.all && token.rank <= entityRank.user
      ? await redactedRows(db, visibility, visible, token, input.limit)
      : await joinedRows(db, visible, token, input.limit);
  const done = Math.min(token.total, token.done + page.count);
  const next =
    page.last === null || page.count < input.limit
      ? null
      : encode({ ...token, rank: page.last.rank, sortKey: page.last.sortKey, id: page.last.id, done });
  // The last page says 100 % even when rows came or went while paging.
  const progress = { done: next === null ? token.total : done, total: token.total };
  return `{"cursor":${token.cursor},"rows":[${page.body}],"next":${JSON.stringify(next)},"progress":${JSON.stringify(progress)}}`;
}

/** One page, parsed (tests and in-process callers). */
export async function snapshotPage(
  db: Queryable,
  visibility: Visibility,
  input: { readonly limit: number; readonly page: string | null },
): Promise<SnapshotResponse> {
  return snapshotResponse.parse(JSON.parse(await snapshotPageJson(db, visibility, input)));
}
