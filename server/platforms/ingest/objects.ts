/**
 * The merged state of one platform object (migration 007, `platform_objects`): every change seen
 * so far folded in with a merge that does not depend on the order of the events and ignores a
 * change seen twice, so deliveries in any order, with duplicates, end in the same state.
 *
 * - The content shown is the newest add/edit (by its time, then its version).
 * - The created time is the earliest `add` (or, before any add arrived, the earliest edit).
 * - Hidden or not is the newest hide/unhide; removed is final.
 */
import { z } from 'zod';
import type { Queryable, Row } from '../../db/db';
import { toJson, toText } from '../../db/db';
import { sql } from '../../db/sql';
import type { EventKind, NormalizedEvent, Platform } from '../connector';
import { eventKinds, platforms } from '../connector';

const author = z.object({ id: z.string(), name: z.string().optional(), handle: z.string().optional() });

const shown = z.object({
  /** `<time>|<version>`: the newest wins. */
  key: z.string(),
  version: z.string(),
  kind: z.enum(eventKinds),
  text: z.string(),
  author: author.nullable(),
  rating: z.number().int().min(1).max(5).nullable(),
});
export type Shown = z.infer<typeof shown>;

const stored = z.object({ shown: shown.nullable(), addAt: z.number().nullable(), firstAt: z.number().nullable() });

export interface ObjectState {
  readonly platform: Platform;
  readonly externalId: string;
  readonly channelId: string;
  readonly clientId: string;
  readonly kind: EventKind;
  /** The post, conversation or review the object lives in (from its content events). */
  readonly threadKey: string | null;
  /** The platform id of what it answers (a comment, a review, a post). */
  readonly parentExternalId: string | null;
  readonly own: boolean;
  readonly shown: Shown | null;
  readonly addAt: number | null;
  readonly firstAt: number | null;
  /** `<time>|<verb>|<version>` of the newest hide/unhide. */
  readonly visibilityKey: string | null;
  readonly removed: boolean;
}

export const objectKey = (platform: Platform, externalId: string) => `${platform}\u0000${externalId}`;
export const keyOf = (state: Pick<ObjectState, 'platform' | 'externalId'>) =>
  objectKey(state.platform, state.externalId);

export const createdAtOf = (state: ObjectState): number | null => state.addAt ?? state.firstAt;
export const isHidden = (state: ObjectState): boolean => state.visibilityKey?.split('|')[1] === 'hide';
/** What makes an interaction: content of someone else's. */
export const isShownWork = (state: ObjectState): state is ObjectState & { readonly shown: Shown } =>
  state.shown !== null && !state.own;

const pad = (time: number | undefined | null) => String(time ?? 0).padStart(16, '0');
const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

function threadKeyOf(event: NormalizedEvent): string {
  if (event.kind === 'message') return event.threadId ?? event.externalId;
  if (event.kind === 'review') return event.externalId;
  return event.postId ?? event.parentId ?? event.externalId;
}

/** Folds one event into an object's state (a pure merge: same result whatever the order). */
export function fold(
  state: ObjectState | undefined,
  event: NormalizedEvent,
  channel: { readonly channelId: string; readonly clientId: string },
): ObjectState {
  const content = (event.verb === 'add' || event.verb === 'edit') && !event.idsOnly;
  const at = event.createdAt === undefined ? null : Date.parse(event.createdAt);
  const time = at === null || Number.isNaN(at) ? null : at;
  const base: ObjectState = state ?? {
    platform: event.platform,
    externalId: event.externalId,
    channelId: channel.channelId,
    clientId: channel.clientId,
    kind: event.kind,
    threadKey: null,
    parentExternalId: null,
    own: false,
    shown: null,
    addAt: null,
    firstAt: null,
    visibilityKey: null,
    removed: false,
  };
  // Who wrote it comes from its content: a hide or a removal names who hid or removed it (the Page).
  let next: ObjectState = { ...base, own: base.own || (content && event.isOwn) };
  if (content) {
    const candidate: Shown = {
      key: `${pad(time)}|${event.version}`,
      version: event.version,
      kind: event.kind,
      text: event.text ?? '',
      author: event.author === undefined ? null : { ...event.author },
      rating: event.rating ?? null,
    };
    const parent = event.parentId !== undefined && event.parentId !== event.externalId ? event.parentId : null;
    next = {
      ...next,
      kind: next.shown === null ? event.kind : next.kind,
      threadKey: next.threadKey ?? threadKeyOf(event),
      parentExternalId: next.parentExternalId ?? parent,
      shown: next.shown === null || candidate.key > next.shown.key ? candidate : next.shown,
      addAt: event.verb === 'add' ? minOf(next.addAt, time) : next.addAt,
      firstAt: minOf(next.firstAt, time),
    };
  } else if (event.verb === 'hide' || event.verb === 'unhide') {
    const key = `${pad(time)}|${event.verb}|${event.version}`;
    next = {
      ...next,
      visibilityKey: next.visibilityKey === null || key > next.visibilityKey ? key : next.visibilityKey,
    };
  } else if (event.verb === 'remove') {
    next = { ...next, removed: true };
  }
  return next;
}

export function sameState(a: ObjectState | undefined, b: ObjectState): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

function stateOf(row: Row): ObjectState {
  const data = stored.parse(toJson(row.content));
  return {
    platform: z.enum(platforms).parse(row.platform),
    externalId: toText(row.external_id),
    channelId: toText(row.channel_id),
    clientId: toText(row.client_id),
    kind: z.enum(eventKinds).parse(row.kind),
    threadKey: row.thread_key === null ? null : toText(row.thread_key),
    parentExternalId: row.parent_external_id === null ? null : toText(row.parent_external_id),
    own: row.own === true,
    shown: data.shown,
    addAt: data.addAt,
    firstAt: data.firstAt,
    visibilityKey: row.visibility_key === null ? null : toText(row.visibility_key),
    removed: row.removed === true,
  };
}

const COLUMNS = sql.raw(`o.platform, o.external_id, o.channel_id, o.client_id, o.kind, o.thread_key,
  o.parent_external_id, o.own, o.content, o.visibility_key, o.removed`);

export type Lookup =
  | { readonly by: 'id'; readonly keys: readonly (readonly [Platform, string])[] }
  | { readonly by: 'parent'; readonly keys: readonly (readonly [Platform, string])[] }
  | { readonly by: 'thread'; readonly keys: readonly (readonly [Platform, string])[] };

/** Objects by their ids, by the ids they answer, or by their thread. */
export async function loadObjects(db: Queryable, lookup: Lookup): Promise<ObjectState[]> {
  if (lookup.keys.length === 0) return [];
  const column = sql.raw(
    lookup.by === 'id' ? 'o.external_id' : lookup.by === 'parent' ? 'o.parent_external_id' : 'o.thread_key',
  );
  const found = await db.query(sql`SELECT ${COLUMNS} FROM platform_objects o
    JOIN unnest(${lookup.keys.map(([platform]) => platform)}::text[], ${lookup.keys.map(([, id]) => id)}::text[])
      AS k (platform, id) ON o.platform = k.platform AND ${column} = k.id`);
  return found.map(stateOf);
}

/** Writes the states (insert or replace), with the entity ids each became, in one statement. */
export async function saveObjects(
  db: Queryable,
  states: readonly ObjectState[],
  ids: (state: ObjectState) => {
    interactionId: string | null;
    itemId: string | null;
    threadId: string | null;
    contactId: string | null;
  },
  now: number,
): Promise<void> {
  if (states.length === 0) return;
  const rows = states
    .map((state) => ({ state, ids: ids(state) }))
    .map(({ state, ids: entityIds }) => ({
      platform: state.platform,
      external_id: state.externalId,
      channel_id: state.channelId,
      client_id: state.clientId,
      kind: state.kind,
      thread_key: state.threadKey,
      parent_external_id: state.parentExternalId,
      own: state.own,
      version: state.shown?.version ?? null,
      content: { shown: state.shown, addAt: state.addAt, firstAt: state.firstAt },
      visibility_key: state.visibilityKey,
      removed: state.removed,
      platform_created_at: createdAtOf(state),
      interaction_id: entityIds.interactionId,
      item_id: entityIds.itemId,
      thread_id: entityIds.threadId,
      contact_id: entityIds.contactId,
    }));
  await db.query(sql`
    INSERT INTO platform_objects (platform, external_id, channel_id, client_id, kind, thread_key, parent_external_id,
      own, version, content, visibility_key, removed, platform_created_at, interaction_id, item_id, thread_id,
      contact_id, updated_at)
    SELECT platform, external_id, channel_id, client_id, kind, thread_key, parent_external_id, own, version, content,
      visibility_key, removed, platform_created_at, interaction_id, item_id, thread_id, contact_id, ${now}
    FROM jsonb_to_recordset(${sql.json(rows)}::jsonb) AS r (platform text, external_id text, channel_id text,
      client_id text, kind text, thread_key text, parent_external_id text, own boolean, version text, content jsonb,
      visibility_key text, removed boolean, platform_created_at bigint, interaction_id text, item_id text,
      thread_id text, contact_id text)
    ON CONFLICT (platform, external_id) DO UPDATE SET kind = excluded.kind, thread_key = excluded.thread_key,
      parent_external_id = excluded.parent_external_id, own = excluded.own, version = excluded.version,
      content = excluded.content, visibility_key = excluded.visibility_key, removed = excluded.removed,
      platform_created_at = excluded.platform_created_at, interaction_id = excluded.interaction_id,
      item_id = excluded.item_id, thread_id = excluded.thread_id, contact_id = excluded.contact_id,
      updated_at = excluded.updated_at`);
}
