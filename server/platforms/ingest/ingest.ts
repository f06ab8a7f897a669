/**
 * The ingest pipeline (docs/platforms.md, "Ingest"): normalized platform events → threads,
 * contacts, interactions and items, written in ONE commit of the change log inside the inbox
 * processor's transaction (server/platforms/processor.ts, the `Ingest` seam), so desktops receive
 * them by pull and poke like any other change.
 *
 * Every event is folded into its object's merged state (./objects.ts, table `platform_objects`);
 * an event that changes no state (a redelivery) is a duplicate and writes nothing. The rows are
 * then rebuilt from the merged states (./build.ts) and only those that differ are written.
 */
import type { Client, Contact, Interaction, Item, Thread } from '../../../shared/domain/entities';
import { client as clientSchema } from '../../../shared/domain/entities';
import type { SensitivityMatcher } from '../../../shared/domain/sensitivity';
import { compileSensitivity } from '../../../shared/domain/sensitivity';
import type { Queryable } from '../../db/db';
import { toJson, toText } from '../../db/db';
import { sql } from '../../db/sql';
import type { Logger } from '../../log';
import { writeBatch } from '../../seed/write';
import type { NormalizedEvent } from '../connector';
import type { Ingest } from '../processor';
import type { Existing, Work } from './build';
import { buildEntities, idsOf } from './build';
import type { FetchObject } from './fetch';
import { domainPlatform } from './ids';
import type { ObjectState } from './objects';
import { createdAtOf, fold, isShownWork, keyOf, loadObjects, objectKey, sameState, saveObjects } from './objects';

export interface IngestDeps {
  /** Fetches the content of an ids-only event (Instagram mentions, ./fetch.ts); absent: such events wait. */
  readonly fetchObject?: FetchObject;
  readonly now: () => number;
  readonly log: Logger;
}

export interface IngestSummary {
  readonly events: number;
  /** Interactions (with their items) that did not exist before. */
  readonly created: number;
  /** Existing interactions or items this call changed (an edit, a hide, an answer). */
  readonly updated: number;
  /** Events that changed nothing (the same change delivered again). */
  readonly duplicates: number;
  /** Events not ingested, counted by code in `codes`. */
  readonly ignored: number;
  /** Events of accounts no channel connects (logged by id only). */
  readonly unknownAccount: number;
  readonly codes: Readonly<Record<string, number>>;
}

interface ChannelRef {
  readonly channelId: string;
  readonly client: Client;
}

const accountKey = (platform: string, account: string) => `${platform}\u0000${account}`;

/** Connected accounts → channel and client, moving each channel's "last event" time. */
async function resolveChannels(
  tx: Queryable,
  events: readonly NormalizedEvent[],
  receivedAt: number,
): Promise<Map<string, ChannelRef>> {
  const keys = [...new Set(events.map((event) => accountKey(domainPlatform[event.platform], event.accountId)))];
  const split = keys.map((key) => key.split('\u0000') as [string, string]);
  const rows = await tx.query(sql`
    WITH touched AS (
      UPDATE channel_credentials c SET last_event_at = GREATEST(COALESCE(c.last_event_at, 0), ${receivedAt})
      FROM unnest(${split.map(([platform]) => platform)}::text[], ${split.map(([, account]) => account)}::text[])
        AS a (platform, account)
      WHERE c.platform = a.platform AND c.external_account_id = a.account
      RETURNING c.channel_id, c.client_id, c.platform, c.external_account_id
    )
    SELECT t.channel_id, t.platform, t.external_account_id, e.data AS client FROM touched t
    JOIN entities e ON e.entity = 'client' AND e.id = t.client_id`);
  return new Map(
    rows.map((row) => [
      accountKey(toText(row.platform), toText(row.external_account_id)),
      { channelId: toText(row.channel_id), client: clientSchema.parse(toJson(row.client)) },
    ]),
  );
}

const matchers = new Map<string, SensitivityMatcher>();
function matcherOf(client: Client): SensitivityMatcher {
  const key = `${client.id}\u0000${JSON.stringify(client.sensitivity)}`;
  let matcher = matchers.get(key);
  if (matcher === undefined) {
    if (matchers.size > 200) matchers.clear();
    matcher = compileSensitivity(client.sensitivity);
    matchers.set(key, matcher);
  }
  return matcher;
}

type Entities = { thread: Thread; contact: Contact; interaction: Interaction; item: Item };
async function loadEntities(tx: Queryable, ids: readonly string[]): Promise<Map<string, Entities[keyof Entities]>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query(sql`SELECT id, data FROM entities
    WHERE entity IN ('thread', 'contact', 'interaction', 'item') AND id = ANY(${ids}::text[])`);
  return new Map(rows.map((row) => [toText(row.id), toJson(row.data) as Entities[keyof Entities]]));
}

const same = (a: unknown, b: unknown) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

export async function ingestEvents(
  tx: Queryable,
  events: readonly NormalizedEvent[],
  deps: IngestDeps,
  receivedAt: number = deps.now(),
): Promise<IngestSummary> {
  const codes: Record<string, number> = {};
  const count = (code: string) => (codes[code] = (codes[code] ?? 0) + 1);
  const channels = await resolveChannels(tx, events, receivedAt);
  const unknown = new Set<string>();
  let unknownAccount = 0;
  const usable: { event: NormalizedEvent; channel: ChannelRef }[] = [];
  for (const original of events) {
    const channel = channels.get(accountKey(domainPlatform[original.platform], original.accountId));
    if (channel === undefined) {
      unknownAccount += 1;
      unknown.add(`${original.platform}:${original.accountId}`);
      continue;
    }
    let event = original;
    if (original.idsOnly && original.verb !== 'remove' && original.verb !== 'hide' && original.verb !== 'unhide') {
      if (deps.fetchObject === undefined) {
        count('ids_only_waiting');
        continue;
      }
      const fetched = await deps.fetchObject(original, { tx, channelId: channel.channelId });
      if (fetched.kind !== 'found') {
        count(fetched.kind === 'gone' ? 'ids_only_gone' : `ids_only_waiting:${fetched.code}`);
        continue;
      }
      event = fetched.event;
    }
    usable.push({ event, channel });
  }
  if (unknown.size > 0) deps.log.info({ accounts: [...unknown] }, 'webhook events for accounts no channel connects');

  // Fold every event into its object's merged state.
  const before = new Map<string, ObjectState>();
  for (const state of await loadObjects(tx, {
    by: 'id',
    keys: usable.map(({ event }) => [event.platform, event.externalId] as const),
  })) {
    before.set(keyOf(state), state);
  }
  const states = new Map(before);
  const changed = new Set<string>();
  let duplicates = 0;
  for (const { event, channel } of usable) {
    const key = objectKey(event.platform, event.externalId);
    const previous = states.get(key);
    const next = fold(previous, event, { channelId: channel.channelId, clientId: channel.client.id });
    if (sameState(previous, next)) duplicates += 1;
    else {
      states.set(key, next);
      changed.add(key);
    }
  }
  const summary = { events: events.length, duplicates, unknownAccount, codes };
  const ignored = Object.values(codes).reduce((sum, n) => sum + n, 0);
  if (changed.size === 0) return { ...summary, created: 0, updated: 0, ignored };

  // The context: parents and children of what changed, and the conversations it is in.
  const changedStates = [...changed].map((key) => states.get(key) as ObjectState);
  const context = [
    ...(await loadObjects(tx, {
      by: 'id',
      keys: changedStates.flatMap((s) =>
        s.parentExternalId === null ? [] : [[s.platform, s.parentExternalId] as const],
      ),
    })),
    ...(await loadObjects(tx, { by: 'parent', keys: changedStates.map((s) => [s.platform, s.externalId] as const) })),
    ...(await loadObjects(tx, {
      by: 'thread',
      keys: changedStates.flatMap((s) =>
        s.kind === 'message' && s.threadKey !== null ? [[s.platform, s.threadKey] as const] : [],
      ),
    })),
  ];
  for (const state of context) if (!states.has(keyOf(state))) states.set(keyOf(state), state);

  // Which objects our own replies answer, and which of those answers arrived now.
  const byParent = new Map<string, ObjectState[]>();
  const byConversation = new Map<string, ObjectState[]>();
  const push = (map: Map<string, ObjectState[]>, key: string, state: ObjectState) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [state]);
    else list.push(state);
  };
  for (const state of states.values()) {
    if (state.parentExternalId !== null) push(byParent, objectKey(state.platform, state.parentExternalId), state);
    if (state.kind === 'message' && state.threadKey !== null) {
      push(byConversation, objectKey(state.platform, state.threadKey), state);
    }
  }
  const answeredBy = (target: ObjectState, only: (own: ObjectState) => boolean) =>
    (byParent.get(keyOf(target)) ?? []).some((own) => own.own && only(own)) ||
    (target.kind === 'message' &&
      target.threadKey !== null &&
      (byConversation.get(objectKey(target.platform, target.threadKey)) ?? []).some(
        (own) => own.own && only(own) && (createdAtOf(own) ?? 0) >= (createdAtOf(target) ?? 0),
      ));
  const rebuild = new Set<string>();
  const consider = (state: ObjectState | undefined) => {
    if (state !== undefined && isShownWork(state)) rebuild.add(keyOf(state));
  };
  for (const key of changed) {
    const state = states.get(key) as ObjectState;
    consider(state);
    if (state.parentExternalId !== null) consider(states.get(objectKey(state.platform, state.parentExternalId)));
    for (const child of byParent.get(key) ?? []) consider(child);
    if (state.own && state.kind === 'message' && state.threadKey !== null) {
      for (const other of byConversation.get(objectKey(state.platform, state.threadKey)) ?? []) consider(other);
    }
  }
  const work = [...rebuild].map((key) => states.get(key) as Work);
  const existing = await loadEntities(
    tx,
    work.flatMap((state) => Object.values(idsOf(state)).filter((id): id is string => id !== null)),
  );
  const clients = new Map([...channels.values()].map((channel) => [channel.client.id, channel.client]));
  const rows = {
    threads: new Map<string, Thread>(),
    contacts: new Map<string, Contact>(),
    interactions: [] as Interaction[],
    items: [] as Item[],
  };
  let created = 0;
  let updated = 0;
  const now = deps.now();
  for (const state of work) {
    const client = clients.get(state.clientId);
    if (client === undefined) continue; // context of a channel this call did not resolve: left for its own events
    const ids = idsOf(state);
    const had: Existing = {
      thread: (rows.threads.get(ids.threadId ?? '') ?? existing.get(ids.threadId ?? '')) as Thread | undefined,
      contact: (rows.contacts.get(ids.contactId ?? '') ?? existing.get(ids.contactId ?? '')) as Contact | undefined,
      interaction: existing.get(ids.interactionId ?? '') as Interaction | undefined,
      item: existing.get(ids.itemId ?? '') as Item | undefined,
    };
    const parent =
      state.parentExternalId === null ? undefined : states.get(objectKey(state.platform, state.parentExternalId));
    const built = buildEntities({
      state,
      before: before.get(keyOf(state)),
      client,
      matcher: matcherOf(client),
      parentInteractionId: parent !== undefined && isShownWork(parent) ? idsOf(parent).interactionId : null,
      answered: answeredBy(state, () => true),
      answeredNow: answeredBy(state, (own) => changed.has(keyOf(own))),
      existing: had,
      now,
    });
    if (!same(had.thread, built.thread)) rows.threads.set(built.thread.id, built.thread);
    if (!same(had.contact, built.contact)) rows.contacts.set(built.contact.id, built.contact);
    const interactionChanged = !same(had.interaction, built.interaction);
    const itemChanged = !same(had.item, built.item);
    if (interactionChanged) rows.interactions.push(built.interaction);
    if (itemChanged) rows.items.push(built.item);
    if (had.interaction === undefined) created += 1;
    else if (interactionChanged || itemChanged) updated += 1;
  }
  await saveObjects(
    tx,
    [...changed].map((key) => states.get(key) as ObjectState),
    idsOf,
    now,
  );
  await writeBatch(
    tx,
    {
      threads: [...rows.threads.values()],
      contacts: [...rows.contacts.values()],
      interactions: rows.interactions,
      items: rows.items,
    },
    now,
  );
  return { ...summary, created, updated, ignored };
}

/** The processor's `Ingest` seam, writing through its transaction. */
export function pipelineIngest(deps: IngestDeps): Ingest {
  return (events, { tx, delivery }) => ingestEvents(tx, events, deps, delivery.receivedAt);
}
