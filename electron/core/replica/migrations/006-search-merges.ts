import type { Migration } from './types';

/**
 * FTS5 housekeeping in bounded steps instead of inside ordinary writes.
 *
 * By default FTS5 merges index segments itself (`automerge`): whichever transaction flushes new
 * index data also merges about 64 pages per level for every 64 pages written, so an ingest
 * piece of a few milliseconds sometimes held the caller for 25–200 ms. With `automerge = 0` a
 * write only adds its own small segment; `searchMerge.ts` merges them afterwards in steps of a
 * few pages, each in a transaction of its own (after each ingest piece, and when the replica
 * has been quiet for a moment). `usermerge = 4` is the number of segments of one level such a
 * step waits for (FTS5's default, set here so the step and the tests can rely on it).
 * `crisismerge` keeps its default (16 segments on a level): only reached if the steps stop
 * running, and then FTS5 merges that level inside the write as before.
 */
export const migration006SearchMerges: Migration = {
  version: 6,
  name: 'search index merges in bounded steps',
  up(db) {
    db.execScript(`
      INSERT INTO interactions_fts (interactions_fts, rank) VALUES ('automerge', 0);
      INSERT INTO interactions_fts (interactions_fts, rank) VALUES ('usermerge', 4);
      INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 0);
      INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('usermerge', 4);
    `);
  },
};
