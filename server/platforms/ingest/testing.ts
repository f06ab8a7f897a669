/** Test support for the ingest pipeline's tests: connected channels, Meta fixtures as events, rows by platform id. */
import type { Db, Queryable } from '../../db/db';
import { toInt, toJson, toText } from '../../db/db';
import { sql } from '../../db/sql';
import type { NormalizedEvent } from '../connector';
import { fixture } from '../meta/fixtures';
import { parseMetaBody } from '../meta/webhook';

/** Gives `channelId` credentials for `accountId` (the token is never opened by ingest). */
export async function connectChannel(db: Queryable, channelId: string, clientId: string, accountId: string) {
  await db.query(sql`INSERT INTO channel_credentials (channel_id, client_id, platform, external_account_id,
      sealed_token, key_id, state, created_at, updated_at)
    VALUES (${channelId}, ${clientId}, 'facebook', ${accountId}, 'v1.k.a.b.c', 'k', 'connected', 1, 1)`);
}

/** A Meta fixture's payload with `patch` applied to its first change value (or messaging entry), as events. */
export function metaEvents(name: string, patch: Record<string, unknown> = {}): NormalizedEvent[] {
  const payload = fixture(name).payload as { entry: Record<string, unknown>[] };
  const entry = payload.entry[0] as {
    changes?: { value: Record<string, unknown> }[];
    messaging?: Record<string, unknown>[];
  };
  const first = entry.changes?.[0] ?? { value: entry.messaging?.[0] ?? {} };
  Object.assign(first.value, patch);
  const parsed = parseMetaBody(new TextEncoder().encode(JSON.stringify(payload)));
  if (!parsed.ok) throw new Error(`fixture ${name} does not parse: ${parsed.refusal}`);
  return [...parsed.events];
}

export async function commitCount(db: Queryable): Promise<number> {
  const [row] = await db.query(sql`SELECT count(*) AS n FROM commits`);
  return toInt(row?.n);
}

/** The entities one platform object became (undefined when it became none). */
export async function rowsOf(db: Pick<Db, 'query'>, externalId: string) {
  const [object] = await db.query(
    sql`SELECT interaction_id, item_id, thread_id, contact_id FROM platform_objects WHERE external_id = ${externalId}`,
  );
  const read = async (entity: string, id: unknown) => {
    if (id === null || id === undefined) return undefined;
    const [found] = await db.query(sql`SELECT data FROM entities WHERE entity = ${entity} AND id = ${toText(id)}`);
    return found === undefined ? undefined : (toJson(found.data) as Record<string, unknown>);
  };
  return {
    interaction: await read('interaction', object?.interaction_id),
    item: await read('item', object?.item_id),
    thread: await read('thread', object?.thread_id),
    contact: await read('contact', object?.contact_id),
  };
}
