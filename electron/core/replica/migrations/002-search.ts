import type { Migration } from './types';

/**
 * Full-text search over an interaction's text and its author's names and handles.
 *
 * `interactions_fts` is an external-content FTS5 index over the view `interaction_search_docs`
 * (rowid = interactions.pk). `remove_diacritics 2` folds accents (perche ↔ perché); prefix
 * indexes of 2 and 3 characters make short prefix queries one doclist read.
 *
 * Why triggers do not write the index themselves: FTS5 flushes its in-memory terms on every
 * savepoint, and a trigger runs inside one per statement, so indexing row by row from a trigger
 * wrote one tiny segment per interaction (about 6× slower ingest). Instead the triggers record
 * which rows must be (re)indexed in `search_pending`, with the values the index holds for them
 * (FTS5 needs those exact values to delete), and `flushSearchIndex` (search.ts) applies the
 * whole set in three statements before each commit (db.ts runs it in every write transaction).
 *
 * The author part is `contacts.search_names` (display name + handles), kept by triggers; when it
 * changes, every interaction of that contact is re-queued with the old names.
 */
const authorNames = (contact: string): string => `(
  SELECT c.display_name || coalesce(' ' || (
    SELECT group_concat(h.handle, ' ') FROM contact_handles h WHERE h.contact_pk = c.pk
  ), '')
  FROM contacts c WHERE c.pk = ${contact}
)`;

export const migration002Search: Migration = {
  version: 2,
  name: 'full-text search of interactions',
  up(db) {
    db.execScript(`
      ALTER TABLE contacts ADD COLUMN search_names TEXT NOT NULL DEFAULT '';
      UPDATE contacts SET search_names = ${authorNames('contacts.pk')};

      CREATE VIEW interaction_search_docs AS
        SELECT x.pk AS pk, x.text AS text, c.search_names AS author
        FROM interactions x JOIN contacts c ON c.pk = x.contact_pk;

      CREATE VIRTUAL TABLE interactions_fts USING fts5 (
        text, author,
        content = 'interaction_search_docs', content_rowid = 'pk',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3',
        detail = column
      );

      -- Rows whose index entry is out of date. indexed = 1: the index holds (old_text,
      -- old_author) for it, to delete first. The first record of a row wins (OR IGNORE): it has
      -- the values the index really holds.
      CREATE TABLE search_pending (
        pk INTEGER PRIMARY KEY,
        indexed INTEGER NOT NULL CHECK (indexed IN (0, 1)),
        old_text TEXT,
        old_author TEXT
      );

      CREATE TRIGGER search_interaction_insert AFTER INSERT ON interactions BEGIN
        INSERT OR IGNORE INTO search_pending (pk, indexed) VALUES (new.pk, 0);
      END;

      CREATE TRIGGER search_interaction_delete AFTER DELETE ON interactions BEGIN
        INSERT OR IGNORE INTO search_pending (pk, indexed, old_text, old_author)
        VALUES (old.pk, 1, old.text, (SELECT search_names FROM contacts WHERE pk = old.contact_pk));
      END;

      CREATE TRIGGER search_interaction_update AFTER UPDATE OF text, contact_pk ON interactions
      WHEN old.text IS NOT new.text OR old.contact_pk IS NOT new.contact_pk BEGIN
        INSERT OR IGNORE INTO search_pending (pk, indexed, old_text, old_author)
        VALUES (old.pk, 1, old.text, (SELECT search_names FROM contacts WHERE pk = old.contact_pk));
      END;

      CREATE TRIGGER search_contact_names_update AFTER UPDATE OF search_names ON contacts
      WHEN old.search_names IS NOT new.search_names BEGIN
        INSERT OR IGNORE INTO search_pending (pk, indexed, old_text, old_author)
        SELECT pk, 1, text, old.search_names FROM interactions WHERE contact_pk = new.pk;
      END;

      CREATE TRIGGER contact_names_insert AFTER INSERT ON contacts BEGIN
        UPDATE contacts SET search_names = ${authorNames('new.pk')} WHERE pk = new.pk;
      END;
      CREATE TRIGGER contact_names_rename AFTER UPDATE OF display_name ON contacts BEGIN
        UPDATE contacts SET search_names = ${authorNames('new.pk')} WHERE pk = new.pk;
      END;
      CREATE TRIGGER contact_names_handle_insert AFTER INSERT ON contact_handles BEGIN
        UPDATE contacts SET search_names = ${authorNames('new.contact_pk')} WHERE pk = new.contact_pk;
      END;
      CREATE TRIGGER contact_names_handle_delete AFTER DELETE ON contact_handles BEGIN
        UPDATE contacts SET search_names = ${authorNames('old.contact_pk')} WHERE pk = old.contact_pk;
      END;

      INSERT INTO interactions_fts (interactions_fts) VALUES ('rebuild');
    `);
  },
};
