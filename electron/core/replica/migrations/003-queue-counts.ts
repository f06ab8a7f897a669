import type { Migration } from './types';

/**
 * Counters for the queue's sidebar. COUNT(*) over a million items costs tens of milliseconds;
 * these small tables are kept exact by triggers and summed in well under a millisecond:
 * - `item_counts`: per (channel, status, sensitive), a few hundred rows at most — the views,
 *   the clients, the channels and "needs approval";
 * - `item_assignee_counts`: per (assignee, status) — "mine".
 * Rows that drop to zero stay (the set of keys is small and bounded).
 */
const bump = (row: 'new' | 'old', delta: '+ 1' | '- 1') => `
  INSERT INTO item_counts (channel_pk, status, sensitive, client_pk, n)
  VALUES (${row}.channel_pk, ${row}.status, ${row}.sensitive, ${row}.client_pk, ${delta === '+ 1' ? 1 : -1})
  ON CONFLICT DO UPDATE SET n = n ${delta};
  INSERT INTO item_assignee_counts (assignee_pk, status, n)
  SELECT ${row}.assignee_pk, ${row}.status, ${delta === '+ 1' ? 1 : -1} WHERE ${row}.assignee_pk IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n ${delta};`;

export const migration003QueueCounts: Migration = {
  version: 3,
  name: 'queue counters',
  up(db) {
    db.execScript(`
      CREATE TABLE item_counts (
        channel_pk INTEGER NOT NULL,
        status TEXT NOT NULL,
        sensitive INTEGER NOT NULL,
        client_pk INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (channel_pk, status, sensitive)
      ) WITHOUT ROWID;

      CREATE TABLE item_assignee_counts (
        assignee_pk INTEGER NOT NULL,
        status TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (assignee_pk, status)
      ) WITHOUT ROWID;

      INSERT INTO item_counts (channel_pk, status, sensitive, client_pk, n)
        SELECT channel_pk, status, sensitive, client_pk, count(*) FROM items GROUP BY channel_pk, status, sensitive;
      INSERT INTO item_assignee_counts (assignee_pk, status, n)
        SELECT assignee_pk, status, count(*) FROM items WHERE assignee_pk IS NOT NULL GROUP BY assignee_pk, status;

      CREATE TRIGGER item_counts_insert AFTER INSERT ON items BEGIN ${bump('new', '+ 1')}
      END;

      CREATE TRIGGER item_counts_delete AFTER DELETE ON items BEGIN ${bump('old', '- 1')}
      END;

      CREATE TRIGGER item_counts_update AFTER UPDATE OF channel_pk, status, assignee_pk, sensitive ON items
      WHEN old.channel_pk IS NOT new.channel_pk OR old.status IS NOT new.status
        OR old.assignee_pk IS NOT new.assignee_pk OR old.sensitive IS NOT new.sensitive
      BEGIN ${bump('old', '- 1')} ${bump('new', '+ 1')}
      END;
    `);
  },
};
