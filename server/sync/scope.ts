/**
 * What a user may see, as the server filters it (docs/sync.md property 3). Rows carry `scopes`: the
 * clients (brands) they belong to, or NULL for the workspace itself. The rule mirrors the domain's
 * `inScope` for 'item.view': a null client list means every client, except for approvers, who see
 * nothing without a list (fail closed).
 */
import type { Actor, User } from '../../shared/domain/entities';
import type { SyncEntity } from '../../shared/sync/protocol';
import { sql } from '../db/sql';
import type { SqlQuery } from '../db/sql';

export type Visibility = { readonly all: true } | { readonly all: false; readonly clientIds: readonly string[] };

export function visibilityOf(actor: Pick<Actor, 'role' | 'clientIds'>): Visibility {
  if (actor.clientIds === null) return actor.role === 'approver' ? { all: false, clientIds: [] } : { all: true };
  return { all: false, clientIds: [...actor.clientIds] };
}

export function canSeeScopes(visibility: Visibility, scopes: readonly string[] | null): boolean {
  if (scopes === null || visibility.all) return true;
  return scopes.some((scope) => visibility.clientIds.includes(scope));
}

export function canSeeClient(visibility: Visibility, clientId: string): boolean {
  return visibility.all || visibility.clientIds.includes(clientId);
}

/** The WHERE condition on a `scopes` column (qualified by the caller's alias). */
export function scopeCondition(visibility: Visibility, column: SqlQuery): SqlQuery {
  if (visibility.all) return sql`TRUE`;
  return sql`(${column} IS NULL OR ${column} && ${visibility.clientIds}::text[])`;
}

/**
 * Rows as a user receives them. A user row names the clients its person works on; a scoped
 * viewer gets only the ones they may see themselves, so no other brand's id ever reaches them.
 */
export function redactForViewer(entity: SyncEntity, data: unknown, visibility: Visibility): unknown {
  if (entity !== 'user' || visibility.all || data === null || typeof data !== 'object') return data;
  const row = data as User;
  if (row.clientIds === null) return row;
  return { ...row, clientIds: row.clientIds.filter((clientId) => visibility.clientIds.includes(clientId)) };
}
