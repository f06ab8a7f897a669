/**
 * Applying what the server sends to the replica, each step in one SQLite transaction (docs/sync.md
 * "Client replica"): snapshot pages into a new replica, pulled changes (shadowed rows wait for
 * the rebase), refusals, and the rebase itself.
 */
import type { Change, Refusal, SyncEntity } from '../../../shared/sync/protocol';
import type { SnapshotRow } from '../../../shared/sync/server-api';
import type { WritableDb } from '../replica/db';
import type { ReplicaBatch } from '../replica/ingest';
import { sql } from '../replica/sql';
import {
  deleteRow,
  hasShadow,
  parseRow,
  restoreShadows,
  updateShadow,
  writeRow,
  type SyncRowData,
} from '../replica/syncRows';
import type { PendingMutation } from '../replica/outbox';
import { pendingMutations } from '../replica/outbox';

export interface ApplyLog {
  warn(message: string, fields?: Record<string, string | number | null>): void;
}

/** One snapshot page as a replica batch (rows come parents first; each is validated). */
export function snapshotBatch(rows: readonly SnapshotRow[]): ReplicaBatch {
  const of = <E extends SyncEntity>(entity: E): SyncRowData<E>[] =>
    rows.filter((row) => row.entity === entity).map((row) => parseRow(entity, row.id, row.data));
  const [workspace] = of('workspace');
  return {
    ...(workspace === undefined ? {} : { workspace }),
    users: of('user'),
    clients: of('client'),
    channels: of('channel'),
    savedReplies: of('saved_reply'),
    contacts: of('contact'),
    threads: of('thread'),
    interactions: of('interaction'),
    items: of('item'),
    replies: of('reply'),
    notes: of('note'),
  };
}

/** Applies one pulled page; returns the ids the renderer must refresh. */
export function applyChanges(db: WritableDb, changes: readonly Change[], log: ApplyLog): void {
  const items = new Set<string>();
  const contacts = new Set<string>();
  // A client's policy or saved replies changed (an admin's edit): what is on screen refetches.
  let policyChanged = false;
  for (const change of changes) {
    const data = change.op === 'delete' ? null : parseRow(change.entity, change.id, change.data);
    if (hasShadow(db, change.entity, change.id)) {
      updateShadow(db, change.entity, change.id, data);
    } else if (data === null) {
      if (!deleteRow(db, change.entity, change.id))
        log.warn('sync.delete_ignored', { entity: change.entity, id: change.id });
    } else {
      writeRow(db, change.entity, data);
    }
    if (change.entity === 'item') items.add(change.id);
    if (change.entity === 'reply' && data !== null) items.add((data as { itemId: string }).itemId);
    if (change.entity === 'contact') contacts.add(change.id);
    if (change.entity === 'client' || change.entity === 'saved_reply') policyChanged = true;
    if (change.entity === 'note' && data !== null) contacts.add((data as { contactId: string }).contactId);
  }
  // Many changes (a reconnect after a day offline): the renderer refetches what it shows.
  if (policyChanged || items.size + contacts.size > 500) db.notifyChanged({ reset: true });
  else db.notifyChanged({ items: [...items], contacts: [...contacts] });
}

/** Marks the mutations the server refused, with its reason; they leave the outbox for the "not applied" list. */
export function recordRefusals(db: WritableDb, clientId: string, refused: readonly Refusal[]): void {
  for (const refusal of refused) {
    db.run(sql`UPDATE pending_mutations SET status = 'refused', refused_code = ${refusal.code},
        refused_message = ${refusal.message}
      WHERE client_id = ${clientId} AND mutation_id = ${refusal.id}`);
  }
}

/**
 * The rebase, once the replica has caught up: confirmed mutations leave the outbox, shadowed rows
 * return to the server's version, and what is still pending is applied again on top. A pending
 * mutation the rules now refuse stays pending without effect: the server has the last word.
 */
export function rebase(
  db: WritableDb,
  clientId: string,
  confirmedUpTo: number,
  replay: (mutation: PendingMutation) => void,
  log: ApplyLog,
): { dropped: number; replayed: number } {
  const dropped = db.run(sql`DELETE FROM pending_mutations
    WHERE client_id = ${clientId} AND mutation_id <= ${confirmedUpTo} AND status = 'pending'`).changes;
  const restored = restoreShadows(db);
  db.notifyChanged(restored);
  let replayed = 0;
  for (const mutation of pendingMutations(db, Number.MAX_SAFE_INTEGER)) {
    try {
      replay(mutation);
      replayed += 1;
    } catch (error) {
      log.warn('sync.replay_refused', {
        mutationId: mutation.id,
        name: mutation.name,
        reason: error instanceof Error ? error.name : 'unknown',
      });
    }
  }
  return { dropped, replayed };
}
