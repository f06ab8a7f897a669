import type { Migration } from './types';

/**
 * The server-confirmed version of rows a pending mutation changed optimistically (docs/sync.md,
 * "rebase on pull"). A row gets a shadow the first time a local mutation touches it; pulled
 * changes to such a row update the shadow, not the row; once the replica has caught up with the
 * server, every shadowed row is put back to its shadow and the still-pending mutations are
 * applied again on top. `data` is the entity as shared/domain describes it, NULL when the row
 * did not exist before the local change (a new draft or note).
 *
 * `snapshot_done` says whether the replica was filled from a server snapshot: until it is, a
 * sync starts with one, and an interrupted snapshot starts over.
 */
export const migration004SyncShadows: Migration = {
  version: 4,
  name: 'sync shadows',
  up(db) {
    db.execScript(`
      CREATE TABLE sync_shadows (
        entity TEXT NOT NULL,
        id TEXT NOT NULL,
        data TEXT CHECK (data IS NULL OR json_valid(data)),
        PRIMARY KEY (entity, id)
      ) WITHOUT ROWID;
      ALTER TABLE sync_meta ADD COLUMN snapshot_done INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sync_meta ADD COLUMN server_url TEXT;
      ALTER TABLE sync_meta ADD COLUMN user_id TEXT;
    `);
  },
};
