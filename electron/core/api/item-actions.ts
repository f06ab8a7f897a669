import {
  client as clientSchema,
  lifecycleActionOf,
  mutationOfRequest,
  transitionItem,
  user as userSchema,
  type Actor,
  type Client,
  type Item,
  type User,
} from '../../../shared/domain';
import { ContractFailure, type ItemActionRequest } from '../../../shared/contract';
import type { ReadableDb, WritableDb } from '../replica/db';
import { readItem } from '../replica/entities';
import { applyLocalItemChange, type ItemChange } from '../replica/items';
import { sql } from '../replica/sql';
import { captureShadow } from '../replica/syncRows';
import { upsertItem } from '../replica/upserts';

/**
 * A bulk action works in slices of at most this much time, one transaction each, and lets the
 * event loop run between them (a call, an event, a sync poke): the core never blocks for more
 * than about a frame (16 ms), whatever an item costs on this machine.
 */
export const BULK_SLICE_MS = 12;

interface ClientRow {
  id: string;
  name: string;
  regulation: string;
  languages: string;
  sensitivity: string;
  approvalChain: string;
  approvalSlaMinutes: number;
  sla: string;
  moderationReasons: string;
}

export function readClient(db: ReadableDb, clientId: string): Client | null {
  const row = db.get<ClientRow>(sql`SELECT id, name, regulation, languages, sensitivity,
      approval_chain AS approvalChain, approval_sla_minutes AS approvalSlaMinutes, sla,
      moderation_reasons AS moderationReasons
    FROM clients WHERE id = ${clientId}`);
  if (!row) return null;
  return clientSchema.parse({
    ...row,
    languages: JSON.parse(row.languages),
    sensitivity: JSON.parse(row.sensitivity),
    approvalChain: JSON.parse(row.approvalChain),
    sla: JSON.parse(row.sla),
    moderationReasons: JSON.parse(row.moderationReasons),
  });
}

export function readUser(db: ReadableDb, userId: string): User | null {
  const row = db.get<{
    id: string;
    name: string;
    email: string;
    role: string;
    allClients: number;
    alsoApprover: number;
  }>(
    sql`SELECT id, name, email, role, all_clients AS allClients, also_approver AS alsoApprover
      FROM users WHERE id = ${userId}`,
  );
  if (!row) return null;
  const clientIds = row.allClients
    ? null
    : db.column<string>(sql`SELECT c.id FROM user_clients uc JOIN users u ON u.pk = uc.user_pk
        JOIN clients c ON c.pk = uc.client_pk WHERE u.id = ${userId} ORDER BY c.id`);
  return userSchema.parse({ ...row, clientIds, alsoApprover: row.alsoApprover === 1 });
}

function changeBetween(before: Item, after: Item): ItemChange {
  const change: ItemChange = {};
  if (after.status !== before.status) change.status = after.status;
  if (after.assigneeId !== before.assigneeId) change.assigneeId = after.assigneeId;
  if (after.snoozedUntil !== before.snoozedUntil) change.snoozedUntil = after.snoozedUntil;
  if (after.closedReason !== before.closedReason) change.closedReason = after.closedReason;
  if (after.labels.join('\n') !== before.labels.join('\n')) change.labels = after.labels;
  return change;
}

const stripLocal = ({ pk: _pk, interactionPk: _ip, ...item }: Item & { pk: number; interactionPk: number }): Item =>
  item;

/**
 * Item actions on the local replica: the item action table (shared/domain/itemActions.ts) names
 * the lifecycle action and the mutation, the shared domain rule decides; the optimistic change and
 * its pending mutation are written in one transaction (docs/sync.md, "Client replica").
 */
export function createItemActions(deps: {
  db: WritableDb;
  actor: () => Actor | null;
  now: () => number;
  /** A monotonic clock in ms for the bulk slices (tests pass a fake one). */
  clock?: () => number;
}) {
  const clock = deps.clock ?? (() => performance.now());
  // Read each time, never kept: a policy edited on the team server arrives by pull at any moment.
  const clientOf = (clientId: string): Client => {
    const found = readClient(deps.db, clientId);
    if (!found) throw new ContractFailure('not_found', `Client ${clientId} is not in the local replica.`);
    return found;
  };

  /**
   * One action on one item. `replay`: a still-pending mutation applied again on top of the
   * server's rows after a pull (the rebase) — same rule, same effect, no new outbox row.
   */
  function act(itemId: string, request: ItemActionRequest, replay = false): { before: Item; after: Item } {
    const actor = deps.actor();
    if (!actor) throw new ContractFailure('refused', 'Sign in to act on items.');
    return deps.db.transaction(() => {
      const stored = readItem(deps.db, itemId);
      if (!stored) throw new ContractFailure('not_found', `Item ${itemId} is not in the local replica.`);
      const before = stripLocal(stored);
      const now = deps.now();
      const next = transitionItem(before, lifecycleActionOf(request, before), actor, now, clientOf(before.clientId));
      if (!next.ok) throw new ContractFailure('refused', `${next.error.code}: ${next.error.message}`);
      captureShadow(deps.db, 'item', itemId);
      if (replay) {
        upsertItem(deps.db, next.value);
        deps.db.notifyChanged({ items: [itemId] });
        return { before, after: next.value };
      }
      applyLocalItemChange(deps.db, {
        itemId,
        change: changeBetween(before, next.value),
        mutation: mutationOfRequest(itemId, request),
        now,
      });
      return { before, after: next.value };
    });
  }

  async function actMany(itemIds: readonly string[], request: ItemActionRequest) {
    const applied: { before: Item; after: Item }[] = [];
    const refused: { itemId: string; code: string; message: string }[] = [];
    let next = 0;
    while (next < itemIds.length) {
      const started = clock();
      deps.db.transaction(() => {
        // At least one item per slice, then as many as fit in the time budget.
        while (next < itemIds.length) {
          const itemId = itemIds[next];
          next += 1;
          if (itemId !== undefined) {
            try {
              applied.push(act(itemId, request));
            } catch (error) {
              if (!(error instanceof ContractFailure)) throw error;
              refused.push({ itemId, code: error.code, message: error.message });
            }
          }
          if (clock() - started >= BULK_SLICE_MS) break;
        }
      });
      if (next < itemIds.length) await new Promise((resolve) => setImmediate(resolve));
    }
    return { applied, refused };
  }

  /** Moderators, leads and admins who may work on a client's items. */
  function assignableUsers(clientId: string): User[] {
    const ids = deps.db.column<string>(sql`SELECT u.id FROM users u
      WHERE u.role IN ('admin', 'lead', 'moderator')
        AND (u.all_clients = 1 OR EXISTS (SELECT 1 FROM user_clients uc JOIN clients c ON c.pk = uc.client_pk
          WHERE uc.user_pk = u.pk AND c.id = ${clientId}))
      ORDER BY u.name`);
    return ids.map((userId) => readUser(deps.db, userId)).filter((u): u is User => u !== null);
  }

  return { act, actMany, client: clientOf, assignableUsers };
}
