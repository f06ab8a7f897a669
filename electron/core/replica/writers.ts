/**
 * The replica's writer of each synced entity (shared/entities/registry.ts): a table keyed by the
 * entity's name, exhaustive by type — a registry entry without a writer here does not compile.
 * `one` writes a row the sync pulled (insert or update by id); `many` writes a run of one kind
 * from an ingest batch, in bulk where the kind is numerous (bulk.ts).
 */
import type { EntityTypes, SyncEntity } from '../../../shared/entities/registry';
import type { WritableDb } from './db';
import { bulkContacts, bulkInteractions, bulkItems, bulkReplies, bulkThreads } from './bulk';
import { sql } from './sql';
import {
  upsertChannel,
  upsertClient,
  upsertContact,
  upsertInteraction,
  upsertItem,
  upsertNote,
  upsertReply,
  upsertSavedReply,
  upsertThread,
  upsertUser,
  upsertWorkspace,
} from './upserts';

export interface EntityWriter<E extends SyncEntity> {
  /** One validated entity from the server, insert or update by id; parents must be in the replica. */
  readonly one: (db: WritableDb, value: EntityTypes[E]) => void;
  /** A run of entities of this kind from an ingest batch, parents already written. */
  readonly many: (db: WritableDb, values: readonly EntityTypes[E][]) => void;
}

/** Row by row through `one`: kinds a workspace holds few of. */
function each<E extends SyncEntity>(one: (db: WritableDb, value: EntityTypes[E]) => void): EntityWriter<E> {
  return { one, many: (db, values) => values.forEach((value) => one(db, value)) };
}

export const entityWriters: { readonly [E in SyncEntity]: EntityWriter<E> } = {
  workspace: each(upsertWorkspace),
  client: each(upsertClient),
  user: each(upsertUser),
  channel: each(upsertChannel),
  saved_reply: each(upsertSavedReply),
  contact: { one: upsertContact, many: bulkContacts },
  thread: { one: upsertThread, many: bulkThreads },
  interaction: { one: upsertInteraction, many: bulkInteractions },
  item: { one: upsertItem, many: bulkItems },
  reply: {
    one: (db, value) => {
      upsertReply(db, value);
      // A new version of a reply carries exactly its current decisions (an edit voids the old ones).
      const keep = value.approvals.map((approval) => approval.id);
      db.run(sql`DELETE FROM approvals WHERE reply_pk = (SELECT pk FROM replies WHERE id = ${value.id})
        ${keep.length > 0 ? sql`AND id NOT IN (${sql.join(keep)})` : sql``}`);
    },
    many: bulkReplies,
  },
  note: each(upsertNote),
};

export function writerOf<E extends SyncEntity>(entity: E): EntityWriter<E> {
  return entityWriters[entity];
}
