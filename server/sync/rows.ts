/**
 * Entity rows as the server stores and logs them: the domain value plus the scopes that decide who
 * receives it, and the order a replica must write them in (parents first). Names, ranks, sort keys
 * and scope rules come from the entity registry (shared/entities/registry.ts).
 */
import type {
  DerivedScopedEntity,
  EntityTypes,
  OwnScopedEntity,
  Scopes,
  SyncEntity,
} from '../../shared/entities/registry';
import { entityRegistry, ownScopes } from '../../shared/entities/registry';

export type { EntityTypes } from '../../shared/entities/registry';
export { entityRank, sortKeyOf, userScopes } from '../../shared/entities/registry';

export interface EntityRow<E extends SyncEntity = SyncEntity> {
  readonly entity: E;
  readonly id: string;
  /** Clients (brands) whose users may receive the row; null: the whole workspace. */
  readonly scopes: Scopes;
  readonly data: EntityTypes[E];
}

/**
 * A row. An entity whose scopes are its own (the registry's rule: a client, a thread, an item…)
 * gets them from the registry, never from the caller; one whose scopes come from other rows (a
 * contact, a note) takes them from the caller.
 */
export function row<E extends OwnScopedEntity>(entity: E, data: EntityTypes[E]): EntityRow<E>;
export function row<E extends DerivedScopedEntity>(entity: E, data: EntityTypes[E], scopes: Scopes): EntityRow<E>;
export function row<E extends SyncEntity>(entity: E, data: EntityTypes[E], scopes?: Scopes): EntityRow<E> {
  const rule = entityRegistry[entity].scope;
  const own = scopes === undefined && rule.kind === 'own';
  const resolved = own ? ownScopes(entity as OwnScopedEntity, data as EntityTypes[OwnScopedEntity]) : scopes;
  if (resolved === undefined) throw new Error(`row: ${entity} needs its scopes (${rule.kind})`);
  return { entity, id: data.id, scopes: resolved, data };
}

export function unionScopes(a: Scopes, b: readonly string[]): string[] {
  return [...new Set([...(a ?? []), ...b])].sort();
}
