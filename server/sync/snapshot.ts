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
import type { SnapshotResponse } from '../../shared/sync/server-api';
import { snapshotResponse } from '../../shared/sync/server-api';
import type { SyncEntity } from '../../shared/sync/protocol';
import type { Queryable } from '../db/db';
import { toInt, toText } from '../db/db';
import { sql } from '../db/sql';
import type { Visibility } from './scope';
import { redactForViewer, scopeCondition } from './scope';
import { currentCursor } from './sequencer';

const pageToken = z.object({
  cursor: z.number().int().nonnegative(),
  rank: z.number().int().min(-1),
  sortKey: z.number().int(),
  id: z.string().max(64),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
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

/**
 * One page as the JSON text of a `SnapshotResponse`, built without parsing the rows: PostgreSQL
 * writes each row's `data` as JSON text and it is spliced in as is (a 100k-item snapshot is
 * hundreds of MB of JSON; parsing and re-serialising it was most of its time). Only user rows,
 * which a scoped viewer gets redacted, are parsed.
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
  const found = await db.query(sql`
    SELECT entity, id, rank, sort_key, data::text AS data FROM entities
    WHERE (rank, sort_key, id) > (${token.rank}, ${token.sortKey}, ${token.id}) AND ${visible}
    ORDER BY rank, sort_key, id
    LIMIT ${input.limit}`);
  const rows = found.map((entry) => {
    const entity = toText(entry.entity) as SyncEntity;
    const text = toText(entry.data);
    const data =
      entity === 'user' && !visibility.all
        ? JSON.stringify(redactForViewer(entity, JSON.parse(text) as unknown, visibility))
        : text;
    return `{"entity":${JSON.stringify(entity)},"id":${JSON.stringify(toText(entry.id))},"data":${data}}`;
  });
  const last = found[found.length - 1];
  const done = Math.min(token.total, token.done + rows.length);
  const next =
    last === undefined || rows.length < input.limit
      ? null
      : encode({ ...token, rank: toInt(last.rank), sortKey: toInt(last.sort_key), id: toText(last.id), done });
  // The last page says 100 % even when rows came or went while paging.
  const progress = { done: next === null ? token.total : done, total: token.total };
  return `{"cursor":${token.cursor},"rows":[${rows.join(',')}],"next":${JSON.stringify(next)},"progress":${JSON.stringify(progress)}}`;
}

/** One page, parsed (tests and in-process callers). */
export async function snapshotPage(
  db: Queryable,
  visibility: Visibility,
  input: { readonly limit: number; readonly page: string | null },
): Promise<SnapshotResponse> {
  return snapshotResponse.parse(JSON.parse(await snapshotPageJson(db, visibility, input)));
}
