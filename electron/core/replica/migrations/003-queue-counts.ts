import type { Migration } from './types';

/**
 * Counters for the queue's sidebar. COUNT(*) over a million items costs tens of milliseconds;
 * these rows, one per (channel, status, assignee, sensitive) that ever had an item, are kept
 * exact by triggers and summed in well under a millisecond.
 */
export const migration003QueueCounts: Migration = {
  version: 3,
  name: 'queue counters',
  up(db) {
    db.execScript(`
      CREATE TABLE item_counts (
        channel_pk INTEGER NOT NULL,
        status TEXT NOT NULL,
        -- 0 for unassigned, so the key has no NULL in it.
        assignee_pk INTEGER NOT NULL,
        sensitive INTEGER NOT NULL,
        client_pk INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (channel_pk, status, assignee_pk, sensitive)
      ) WITHOUT ROWID;

      INSERT INTO item_counts (channel_pk, status, assignee_pk, sensitive, client_pk, n)
        SELECT channel_pk, status, coalesce(assignee_pk, 0), sensitive, client_pk, count(*)
        FROM items GROUP BY channel_pk, status, coalesce(assignee_pk, 0), sensitive;

      CREATE TRIGGER item_counts_insert AFTER INSERT ON items BEGIN
        INSERT INTO item_counts (channel_pk, status, assignee_pk, sensitive, client_pk, n)
        VALUES (new.channel_pk, new.status, coalesce(new.assignee_pk, 0), new.sensitive, new.client_pk, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
      END;

      CREATE TRIGGER item_counts_delete AFTER DELETE ON items BEGIN
        UPDATE item_counts SET n = n - 1
        WHERE channel_pk = old.channel_pk AND status = old.status
          AND assignee_pk = coalesce(old.assignee_pk, 0) AND sensitive = old.sensitive;
      END;

      CREATE TRIGGER item_counts_update AFTER UPDATE OF channel_pk, status, assignee_pk, sensitive ON items
      WHEN old.channel_pk IS NOT new.channel_pk OR old.status IS NOT new.status
        OR old.assignee_pk IS NOT new.assignee_pk OR old.sensitive IS NOT new.sensitive
      BEGIN
        UPDATE item_counts SET n = n - 1
        WHERE channel_pk = old.channel_pk AND status = old.status
          AND assignee_pk = coalesce(old.assignee_pk, 0) AND sensitive = old.sensitive;
        INSERT INTO item_counts (channel_pk, status, assignee_pk, sensitive, client_pk, n)
        VALUES (new.channel_pk, new.status, coalesce(new.assignee_pk, 0), new.sensitive, new.client_pk, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
      END;
    `);
  },
};
