/**
 * The registry of synced entities: ONE entry per entity, everything the rest of the code needs to
 * know about it as a row (docs/sync.md, "Entities"). The sync protocol's entity names
 * (shared/sync/protocol.ts), the batch of many entities (shared/domain/batch.ts), the server's
 * rows and snapshot order (server/sync/rows.ts) and the replica's writers
 * (electron/core/replica/ingest.ts) are all derived from it, so a new entity is one entry here
 * plus what the compiler then asks for (a replica writer, its columns).
 *
 * Lives in shared/entities/ rather than shared/sync/ because both shared/domain/ (the batch) and
 * shared/sync/ (the protocol) derive from it: neither has to import the other.
 *
 * Pure: schemas, numbers and pure functions only.
 */
import type { z } from 'zod';
import {
  channel,
  client,
  contact,
  interaction,
  item,
  note,
  reply,
  savedReply,
  thread,
  user,
  workspace,
} from '../domain/entities';

/** Clients (brands) whose users may receive a row; null: the whole workspace. */
export type Scopes = readonly string[] | null;

/**
 * Who may receive an entity. `own`: a pure function of the entity itself. `derived`: the entity
 * does not name its client, its scopes come from other rows (`rule` says which; the server
 * computes them where it writes the row: server/seed/write.ts, server/sync/apply.ts).
 */
export type ScopeRule<T> =
  | { readonly kind: 'own'; readonly of: (data: T) => Scopes }
  | { readonly kind: 'derived'; readonly rule: 'contact_clients' | 'note_contact_and_author' };

type ScopeKind = ScopeRule<unknown>['kind'];

interface EntityEntry<
  T,
  Key extends string,
  Parent extends string,
  Count extends 'one' | 'many' = 'one' | 'many',
  Kind extends ScopeKind = ScopeKind,
> {
  /** The entity's zod schema (shared/domain/entities.ts). */
  readonly schema: z.ZodType<T>;
  /** The field of an EntityBatch that carries it. */
  readonly batchKey: Key;
  /** An EntityBatch carries one of it (the workspace) or a list. */
  readonly cardinality: Count;
  /**
   * Snapshot and write order (stored by the server: entities.rank): a row never comes before the
   * rows it references. Distinct per entity, every parent's rank lower.
   */
  readonly rank: number;
  /** The entities it references (by id): they rank lower. */
  readonly parents: readonly Parent[];
  /** Order inside a rank: by time, so a reply to a comment follows the comment. */
  readonly sortKey: (data: T) => number;
  /** Its kind stays in the type, so `row()` can ask scopes only of derived-scope entities. */
  readonly scope: Extract<ScopeRule<T>, { readonly kind: Kind }>;
}

/** Users are seen where they work; one without a client list works everywhere. */
export function userScopes(data: { readonly clientIds: readonly string[] | null }): Scopes {
  return data.clientIds === null ? null : [...data.clientIds];
}

const none = (): number => 0;
const byCreatedAt = (data: { createdAt: number }): number => data.createdAt;
const ofClient = { kind: 'own', of: (data: { clientId: string }) => [data.clientId] } as const;

function entry<T, Key extends string, Parent extends string, Count extends 'one' | 'many', Kind extends ScopeKind>(
  value: EntityEntry<T, Key, Parent, Count, Kind>,
): EntityEntry<T, Key, Parent, Count, Kind> {
  return value;
}

/** In rank order (parents first). */
export const entityRegistry = {
  workspace: entry({
    schema: workspace,
    batchKey: 'workspace',
    cardinality: 'one',
    rank: 0,
    parents: [],
    sortKey: none,
    scope: { kind: 'own', of: () => null },
  }),
  client: entry({
    schema: client,
    batchKey: 'clients',
    cardinality: 'many',
    rank: 1,
    parents: [],
    sortKey: none,
    scope: { kind: 'own', of: (data) => [data.id] },
  }),
  user: entry({
    schema: user,
    batchKey: 'users',
    cardinality: 'many',
    rank: 2,
    parents: ['client'],
    sortKey: none,
    scope: { kind: 'own', of: userScopes },
  }),
  channel: entry({
    schema: channel,
    batchKey: 'channels',
    cardinality: 'many',
    rank: 3,
    parents: ['client'],
    sortKey: none,
    scope: ofClient,
  }),
  saved_reply: entry({
    schema: savedReply,
    batchKey: 'savedReplies',
    cardinality: 'many',
    rank: 4,
    parents: ['client', 'user'],
    sortKey: none,
    scope: ofClient,
  }),
  contact: entry({
    schema: contact,
    batchKey: 'contacts',
    cardinality: 'many',
    rank: 5,
    parents: [],
    sortKey: (data) => data.firstSeenAt,
    // Seen through the clients the person wrote to (their interactions').
    scope: { kind: 'derived', rule: 'contact_clients' },
  }),
  thread: entry({
    schema: thread,
    batchKey: 'threads',
    cardinality: 'many',
    rank: 6,
    parents: ['client', 'channel'],
    sortKey: byCreatedAt,
    scope: ofClient,
  }),
  interaction: entry({
    schema: interaction,
    batchKey: 'interactions',
    cardinality: 'many',
    rank: 7,
    parents: ['client', 'channel', 'thread', 'contact'],
    sortKey: byCreatedAt,
    scope: ofClient,
  }),
  item: entry({
    schema: item,
    batchKey: 'items',
    cardinality: 'many',
    rank: 8,
    parents: ['client', 'channel', 'interaction', 'user'],
    sortKey: byCreatedAt,
    scope: ofClient,
  }),
  reply: entry({
    schema: reply,
    batchKey: 'replies',
    cardinality: 'many',
    rank: 9,
    parents: ['client', 'item', 'user', 'saved_reply'],
    sortKey: byCreatedAt,
    scope: ofClient,
  }),
  note: entry({
    schema: note,
    batchKey: 'notes',
    cardinality: 'many',
    rank: 10,
    parents: ['contact', 'user'],
    sortKey: byCreatedAt,
    // Seen where both its contact and its author are.
    scope: { kind: 'derived', rule: 'note_contact_and_author' },
  }),
};

type Registry = typeof entityRegistry;

/** The synced entities' names, as the sync protocol and the server's `entities.entity` spell them. */
export type SyncEntity = keyof Registry;

/** The domain type of each entity. */
export type EntityTypes = { [E in SyncEntity]: z.output<Registry[E]['schema']> };

/** The EntityBatch field of each entity. */
export type BatchKeyOf<E extends SyncEntity> = Registry[E]['batchKey'];

/** What an EntityBatch field of an entity holds: the entity itself (one) or a list. */
export type BatchValueOf<E extends SyncEntity> = Registry[E]['cardinality'] extends 'one'
  ? EntityTypes[E]
  : readonly EntityTypes[E][];

/** Every entity name, in rank order (parents first): the order writers take a batch in. */
export const syncEntities = (Object.keys(entityRegistry) as SyncEntity[]).sort(
  (a, b) => entityRegistry[a].rank - entityRegistry[b].rank,
) as readonly SyncEntity[] as readonly [SyncEntity, ...SyncEntity[]];

/** Entities whose scopes are a pure function of the entity itself. */
export type OwnScopedEntity = {
  [E in SyncEntity]: Registry[E]['scope'] extends { kind: 'derived' } ? never : E;
}[SyncEntity];

/** Entities whose scopes come from other rows (contact, note). */
export type DerivedScopedEntity = Exclude<SyncEntity, OwnScopedEntity>;

/** Snapshot order (stored as entities.rank): a row never comes before the rows it references. */
export const entityRank: Readonly<Record<SyncEntity, number>> = Object.fromEntries(
  syncEntities.map((entity) => [entity, entityRegistry[entity].rank]),
) as Record<SyncEntity, number>;

/** The order inside a rank. Takes any value (rows read back from storage): a missing time is 0. */
export function sortKeyOf(entity: SyncEntity, data: unknown): number {
  const sortKey = entityRegistry[entity].sortKey as (value: unknown) => unknown;
  const key = sortKey(data);
  return typeof key === 'number' ? key : 0;
}

/** The scopes of an entity whose rule is its own (null: the whole workspace). */
export function ownScopes<E extends OwnScopedEntity>(entity: E, data: EntityTypes[E]): Scopes {
  const scope = entityRegistry[entity].scope as ScopeRule<EntityTypes[E]>;
  if (scope.kind !== 'own') throw new Error(`entity ${entity} has derived scopes`);
  return scope.of(data);
}

/** The EntityBatch field name of an entity. */
export function batchKeyOf<E extends SyncEntity>(entity: E): BatchKeyOf<E> {
  return entityRegistry[entity].batchKey;
}
