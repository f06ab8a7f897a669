import type { BatchKeyOf, BatchValueOf, EntityTypes, SyncEntity } from '../entities/registry';
import { entityRegistry, syncEntities } from '../entities/registry';

/**
 * Many entities of a workspace at once, as the demo generator makes them, the replica ingests
 * them and the server seeds them: one optional field per entity of the registry
 * (shared/entities/registry.ts), named by its `batchKey` (`workspace`, `users`, `clients`,
 * `savedReplies` …). Writers take parents before children, in the registry's rank order
 * (`syncEntities`).
 */
export type EntityBatch = { [E in SyncEntity as BatchKeyOf<E>]?: BatchValueOf<E> };

/** One entity of a batch, tagged with its name. */
export type BatchEntry = { [E in SyncEntity]: { readonly entity: E; readonly value: EntityTypes[E] } }[SyncEntity];

/** The entities of one kind a batch carries (none when its field is absent). */
export function entitiesOf<E extends SyncEntity>(batch: EntityBatch, entity: E): readonly EntityTypes[E][] {
  const value = (batch as Readonly<Record<string, unknown>>)[entityRegistry[entity].batchKey];
  if (value === undefined) return [];
  return (entityRegistry[entity].cardinality === 'one' ? [value] : value) as readonly EntityTypes[E][];
}

/** Every entity of a batch, parents first (the registry's rank order). */
export function* batchEntries(batch: EntityBatch): Generator<BatchEntry> {
  for (const entity of syncEntities) {
    for (const value of entitiesOf(batch, entity)) yield { entity, value } as BatchEntry;
  }
}
