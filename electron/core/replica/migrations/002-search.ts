import type { Migration } from './types';

/**
 * Full-text search: interaction text with the author's display name, and the authors' handles.
 *
 * - `interactions_fts` indexes each interaction's text and its author's display name (so "perez
 *   nausea" finds Pérez's message about nausea). External content: the view
 *   `interaction_search_docs`, rowid = interactions.pk.
 * - `contacts_fts` indexes each contact's handles (`contacts.search_handles`, kept by triggers).
 *   Handles live apart because people gain them all the time (a new platform), and re-indexing
 *   every message of a person for each new handle doubled the indexing work.
 * `remove_diacritics 2` folds accents (perche ↔ perché); prefix indexes of 2 and 3 characters
 * make short prefix queries one doclist read.
 *
 * Why triggers do not write the indexes themselves: FTS5 flushes its in-memory terms on every
 * savepoint, and a trigger runs inside one per statement, so indexing row by row from triggers
 * wrote one tiny segment per row (about 6× slower ingest). Instead the triggers record which
 * rows must be (re)indexed in `search_pending` / `search_pending_contacts`, with the values the
 * index holds for them (FTS5 needs those exact values to delete), and search.ts applies them in
 * a few set-wise statements: before the commit of an ordinary write, in pieces during a bulk one.
 * The first record of a row wins (OR IGNORE): it has the values the index really holds.
 */
export const migration002Search: Migration = {
  version: 2,
  name: 'full-text search of interactions and handles',
  up(db) {
    db.execScript(`
      ALTER TABLE contacts ADD COLUMN search_handles TEXT NOT NULL DEFAULT '';
      UPDATE contacts SET search_handles =
        coalesce((SELECT group_concat(handle, ' ') FROM contact_handles WHERE contact_pk = contacts.pk), '');

      CREATE VIEW interaction_search_docs AS
        SELECT x.pk AS pk, x.text AS text, c.display_name AS author
        FROM interactions x JOIN contacts c ON c.pk = x.contact_pk;

      CREATE VIRTUAL TABLE interactions_fts USING fts5 (
        text, author,
        content = 'interaction_search_docs', content_rowid = 'pk',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = column
      );
      CREATE VIRTUAL TABLE contacts_fts USING fts5 (
        search_handles,
        content = 'contacts', content_rowid = 'pk',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = column
      );

      CREATE TABLE search_pending (
        pk INTEGER PRIMARY KEY,
        indexed INTEGER NOT NULL CHECK (indexed IN (0, 1)),
        old_text TEXT,
        old_author TEXT
      );
      CREATE TABLE search_pending_contacts (
        pk INTEGER PRIMARY KEY,
        indexed INTEGER NOT NULL CHECK (indexed IN (0, 1)),
        old_handles TEXT
      );

      CREATE TRIGGER search_interaction_insert AFTER INSERT ON interactions BEGIN
        INSERT OR IGNORE INTO search_pending (pk, indexed) VALUES (new.pk, 0);
      END;
      CREATE TRIGGER search_interaction_delete AFTER DELETE ON interactions BEGIN
        INSERT OR IGNORE INTO search_pending (pk, indexed, old_text, old_author)
        VALUES (old.pk, 1, old.text, (SELECT display_name FROM contacts WHERE pk = old.contact_pk));
      END;
      CREATE TRIGGER search_interaction_update AFTER UPDATE OF text, contact_pk ON interactions
      WHEN old.text IS NOT new.text OR old.contact_pk IS NOT new.contact_pk BEGIN
        INSERT OR IGNORE INTO search_pending (pk, indexed, old_text, old_author)
        VALUES (old.pk, 1, old.text, (SELECT display_name FROM contacts WHERE pk = old.contact_pk));
      END;
      CREATE TRIGGER search_contact_rename AFTER UPDATE OF display_name ON contacts
      WHEN old.display_name IS NOT new.display_name BEGIN
        INSERT OR IGNORE INTO search_pending (pk, indexed, old_text, old_author)
        SELECT pk, 1, text, old.display_name FROM interactions WHERE contact_pk = new.pk;
      END;

      CREATE TRIGGER search_contact_insert AFTER INSERT ON contacts BEGIN
        INSERT OR IGNORE INTO search_pending_contacts (pk, indexed) VALUES (new.pk, 0);
      END;
      CREATE TRIGGER search_contact_delete AFTER DELETE ON contacts BEGIN
        INSERT OR IGNORE INTO search_pending_contacts (pk, indexed, old_handles)
        VALUES (old.pk, 1, old.search_handles);
      END;
      CREATE TRIGGER search_contact_handles AFTER UPDATE OF search_handles ON contacts
      WHEN old.search_handles IS NOT new.search_handles BEGIN
        INSERT OR IGNORE INTO search_pending_contacts (pk, indexed, old_handles)
        VALUES (old.pk, 1, old.search_handles);
      END;
      CREATE TRIGGER contact_handles_insert AFTER INSERT ON contact_handles BEGIN
        UPDATE contacts SET search_handles =
          coalesce((SELECT group_concat(handle, ' ') FROM contact_handles WHERE contact_pk = new.contact_pk), '')
        WHERE pk = new.contact_pk;
      END;
      CREATE TRIGGER contact_handles_delete AFTER DELETE ON contact_handles BEGIN
        UPDATE contacts SET search_handles =
          coalesce((SELECT group_concat(handle, ' ') FROM contact_handles WHERE contact_pk = old.contact_pk), '')
        WHERE pk = old.contact_pk;
      END;

      INSERT INTO interactions_fts (interactions_fts) VALUES ('rebuild');
      INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
    `);
  },
};
