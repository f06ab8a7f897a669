import { sql } from '../sql';
import type { Migration } from './types';

/**
 * The statuses of work still to do. Queries repeat this exact term next to their own status
 * test so SQLite can use the partial indexes below (it matches the term's text, not its sense).
 * Part of a released migration: never edit, add a migration instead.
 */
export const ACTIVE_STATUS_SQL = sql`status IN ('new', 'open', 'awaiting_approval', 'approved', 'snoozed')`;
const ACTIVE_STATUS_TERM = ACTIVE_STATUS_SQL.text;

/**
 * The entity tables, the outbox and the sync metadata.
 *
 * Every entity table is an INTEGER rowid table (`pk`) with the entity's `id TEXT UNIQUE`:
 * references between tables use `pk` (small, fast joins) and FTS maps rowids. Anything the
 * app filters or sorts on is a column; JSON is only used for policy documents read whole.
 *
 * Items copy three facts of their interaction (kind, sentiment, sensitive) so the queue's
 * indexes can test them without visiting the interaction; the ingest writes them from the
 * interaction row and a trigger keeps them equal when the interaction changes.
 */
export const migration001Core: Migration = {
  version: 1,
  name: 'core entities, outbox, sync metadata',
  up(db) {
    db.execScript(`
      CREATE TABLE workspace (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL
      );

      CREATE TABLE clients (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        regulation TEXT NOT NULL CHECK (regulation IN ('none', 'pharma', 'politics')),
        languages TEXT NOT NULL CHECK (json_valid(languages)),
        sensitivity TEXT NOT NULL CHECK (json_valid(sensitivity)),
        approval_chain TEXT NOT NULL CHECK (json_valid(approval_chain)),
        approval_sla_minutes INTEGER NOT NULL,
        sla TEXT NOT NULL CHECK (json_valid(sla)),
        moderation_reasons TEXT NOT NULL CHECK (json_valid(moderation_reasons))
      );

      CREATE TABLE users (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'lead', 'moderator', 'approver')),
        all_clients INTEGER NOT NULL CHECK (all_clients IN (0, 1)),
        also_approver INTEGER NOT NULL DEFAULT 0 CHECK (also_approver IN (0, 1))
      );

      -- The clients a scoped user may work on (users.all_clients = 0).
      CREATE TABLE user_clients (
        user_pk INTEGER NOT NULL REFERENCES users (pk) ON DELETE CASCADE,
        client_pk INTEGER NOT NULL REFERENCES clients (pk) ON DELETE CASCADE,
        PRIMARY KEY (user_pk, client_pk)
      ) WITHOUT ROWID;
      CREATE INDEX ix_user_clients_client ON user_clients (client_pk, user_pk);

      CREATE TABLE channels (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        client_pk INTEGER NOT NULL REFERENCES clients (pk),
        platform TEXT NOT NULL
          CHECK (platform IN ('facebook', 'instagram', 'google', 'youtube', 'x', 'linkedin')),
        name TEXT NOT NULL,
        handle TEXT NOT NULL
      );
      CREATE INDEX ix_channels_client ON channels (client_pk);

      CREATE TABLE contacts (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        first_name TEXT,
        first_seen_at INTEGER NOT NULL
      );

      CREATE TABLE contact_handles (
        contact_pk INTEGER NOT NULL REFERENCES contacts (pk) ON DELETE CASCADE,
        platform TEXT NOT NULL,
        handle TEXT NOT NULL,
        PRIMARY KEY (contact_pk, platform, handle)
      ) WITHOUT ROWID;
      CREATE INDEX ix_contact_handles_handle ON contact_handles (platform, handle);

      CREATE TABLE contact_labels (
        contact_pk INTEGER NOT NULL REFERENCES contacts (pk) ON DELETE CASCADE,
        label TEXT NOT NULL,
        PRIMARY KEY (contact_pk, label)
      ) WITHOUT ROWID;

      CREATE TABLE threads (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        client_pk INTEGER NOT NULL REFERENCES clients (pk),
        channel_pk INTEGER NOT NULL REFERENCES channels (pk),
        kind TEXT NOT NULL CHECK (kind IN ('post', 'conversation', 'review')),
        platform_id TEXT NOT NULL,
        text TEXT,
        url TEXT,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE interactions (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        client_pk INTEGER NOT NULL,
        channel_pk INTEGER NOT NULL REFERENCES channels (pk),
        thread_pk INTEGER NOT NULL REFERENCES threads (pk),
        kind TEXT NOT NULL CHECK (kind IN
          ('comment', 'reply', 'dm', 'review', 'mention', 'share', 'follow', 'like_summary')),
        platform_id TEXT NOT NULL,
        parent_pk INTEGER REFERENCES interactions (pk),
        contact_pk INTEGER NOT NULL REFERENCES contacts (pk),
        text TEXT NOT NULL,
        lang TEXT CHECK (lang IN ('it', 'en')),
        created_at INTEGER NOT NULL,
        sentiment REAL NOT NULL CHECK (sentiment BETWEEN -1 AND 1),
        rating INTEGER CHECK (rating BETWEEN 1 AND 5),
        sensitive INTEGER NOT NULL CHECK (sensitive IN (0, 1)),
        adverse_event INTEGER NOT NULL CHECK (adverse_event IN (0, 1)),
        spam INTEGER NOT NULL CHECK (spam IN (0, 1)),
        profanity INTEGER NOT NULL CHECK (profanity IN (0, 1))
      );
      -- Serves the thread window of the item detail.
      CREATE INDEX ix_interactions_thread ON interactions (thread_pk, created_at, pk);
      -- Serves a contact's history across channels.
      CREATE INDEX ix_interactions_contact ON interactions (contact_pk, created_at, pk);
      -- The answers to a comment; also keeps the self-reference's foreign-key check from
      -- scanning the whole table on every insert.
      CREATE INDEX ix_interactions_parent ON interactions (parent_pk) WHERE parent_pk IS NOT NULL;

      CREATE TABLE items (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        interaction_pk INTEGER NOT NULL UNIQUE REFERENCES interactions (pk),
        client_pk INTEGER NOT NULL,
        channel_pk INTEGER NOT NULL REFERENCES channels (pk),
        status TEXT NOT NULL CHECK (status IN ('new', 'open', 'awaiting_approval', 'approved',
          'answered', 'done', 'snoozed', 'moderated')),
        priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 100),
        assignee_pk INTEGER REFERENCES users (pk),
        -- Below 2^42 (year 2109), so the priority key below stays exact.
        due_at INTEGER NOT NULL CHECK (due_at BETWEEN 0 AND 4398046511103),
        snoozed_until INTEGER,
        closed_reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        sentiment REAL NOT NULL,
        sensitive INTEGER NOT NULL,
        -- 1 when the item has a label (kept by triggers on item_labels): a label filter then
        -- looks labels up only for the few items that have any.
        labeled INTEGER NOT NULL DEFAULT 0,
        -- One integer that sorts as (priority DESC, due_at ASC): keyset pagination compares
        -- (prio_key, pk) as one row value. A plain column (checked), not a generated one:
        -- SQLite does not read generated columns from a covering index.
        prio_key INTEGER NOT NULL CHECK (prio_key = (100 - priority) * 4398046511104 + due_at)
      );
      -- The queue: leading status (one merge arm per status of a view), then the sort key and
      -- pk, then the filter columns, tested inside the index without visiting the row.
      -- Priority order is the order of work still to do, so that index only holds open work:
      -- the bulk of a replica (answered, done) never pays for it.
      CREATE INDEX ix_items_queue_priority ON items
        (status, prio_key, pk, client_pk, channel_pk, assignee_pk, kind, sensitive, sentiment, labeled)
        WHERE ${ACTIVE_STATUS_TERM};
      CREATE INDEX ix_items_queue_created ON items
        (status, created_at, pk, client_pk, channel_pk, assignee_pk, kind, sensitive, sentiment, priority, labeled);
      -- A search's candidates are interactions (FTS rowids): this turns each into the item's
      -- queue columns without visiting the row, in rowid order (appends only at ingest).
      CREATE INDEX ix_items_interaction_queue ON items
        (interaction_pk, status, created_at, prio_key, pk, client_pk, channel_pk, assignee_pk, kind, sensitive,
         sentiment, priority, labeled);
      -- "Mine": few rows among many, so it gets its own entry points.
      CREATE INDEX ix_items_mine_priority ON items (assignee_pk, status, prio_key, pk)
        WHERE assignee_pk IS NOT NULL AND ${ACTIVE_STATUS_TERM};
      CREATE INDEX ix_items_mine_created ON items (assignee_pk, status, created_at, pk)
        WHERE assignee_pk IS NOT NULL AND ${ACTIVE_STATUS_TERM};

      CREATE TRIGGER items_follow_interaction AFTER UPDATE OF kind, sentiment, sensitive ON interactions
      BEGIN
        UPDATE items SET kind = new.kind, sentiment = new.sentiment, sensitive = new.sensitive
        WHERE interaction_pk = new.pk;
      END;

      CREATE TABLE item_labels (
        item_pk INTEGER NOT NULL REFERENCES items (pk) ON DELETE CASCADE,
        label TEXT NOT NULL,
        -- The item's arrival time (it never changes): a label's items walk in time order.
        created_at INTEGER NOT NULL,
        PRIMARY KEY (item_pk, label)
      ) WITHOUT ROWID;
      CREATE INDEX ix_item_labels_walk ON item_labels (label, created_at, item_pk);
      CREATE TRIGGER item_labels_insert AFTER INSERT ON item_labels BEGIN
        UPDATE items SET labeled = 1 WHERE pk = new.item_pk AND labeled = 0;
      END;
      CREATE TRIGGER item_labels_delete AFTER DELETE ON item_labels BEGIN
        UPDATE items SET labeled = EXISTS (SELECT 1 FROM item_labels WHERE item_pk = old.item_pk)
        WHERE pk = old.item_pk;
      END;

      CREATE TABLE saved_replies (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        client_pk INTEGER NOT NULL REFERENCES clients (pk),
        name TEXT NOT NULL,
        text TEXT NOT NULL,
        lang TEXT NOT NULL CHECK (lang IN ('it', 'en')),
        pre_approved INTEGER NOT NULL CHECK (pre_approved IN (0, 1))
      );
      CREATE INDEX ix_saved_replies_client ON saved_replies (client_pk, name);

      CREATE TABLE replies (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        item_pk INTEGER NOT NULL REFERENCES items (pk) ON DELETE CASCADE,
        client_pk INTEGER NOT NULL,
        author_pk INTEGER NOT NULL REFERENCES users (pk),
        text TEXT NOT NULL,
        visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
        status TEXT NOT NULL CHECK (status IN
          ('draft', 'awaiting_approval', 'approved', 'rejected', 'queued', 'sent', 'failed')),
        version INTEGER NOT NULL CHECK (version >= 1),
        escalated INTEGER NOT NULL CHECK (escalated IN (0, 1)),
        escalation_note TEXT,
        saved_reply_pk INTEGER REFERENCES saved_replies (pk),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        sent_at INTEGER
      );
      CREATE INDEX ix_replies_item ON replies (item_pk, created_at);

      CREATE TABLE approvals (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        reply_pk INTEGER NOT NULL REFERENCES replies (pk) ON DELETE CASCADE,
        step_index INTEGER NOT NULL CHECK (step_index BETWEEN 0 AND 2),
        approver_pk INTEGER NOT NULL REFERENCES users (pk),
        decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
        meaning TEXT NOT NULL,
        comment TEXT,
        text_hash TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX ix_approvals_reply ON approvals (reply_pk, step_index, at);

      CREATE TABLE notes (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        contact_pk INTEGER NOT NULL REFERENCES contacts (pk) ON DELETE CASCADE,
        author_pk INTEGER NOT NULL REFERENCES users (pk),
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX ix_notes_contact ON notes (contact_pk, created_at);

      -- The outbox (docs/sync.md): local mutations not yet confirmed by the server, in id order.
      CREATE TABLE pending_mutations (
        client_id TEXT NOT NULL,
        mutation_id INTEGER NOT NULL CHECK (mutation_id >= 1),
        name TEXT NOT NULL,
        args TEXT NOT NULL CHECK (json_valid(args)),
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'refused')),
        refused_code TEXT,
        refused_message TEXT,
        PRIMARY KEY (client_id, mutation_id)
      ) WITHOUT ROWID;

      -- One row. client_id is this replica's random id; last_mutation_id the last id handed
      -- out locally; confirmed_mutation_id the server's lastMutationId for us; cursor the
      -- change-log position of the last pull.
      CREATE TABLE sync_meta (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        client_id TEXT NOT NULL,
        cursor INTEGER NOT NULL DEFAULT 0,
        last_mutation_id INTEGER NOT NULL DEFAULT 0,
        confirmed_mutation_id INTEGER NOT NULL DEFAULT 0,
        last_sync_at INTEGER
      );
      INSERT INTO sync_meta (singleton, client_id) VALUES (1, lower(hex(randomblob(16))));
    `);
  },
};
