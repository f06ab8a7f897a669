import type { Migration } from './types';

/**
 * The ingest pipeline's dedupe table (server/platforms/ingest/, docs/platforms.md), server-only:
 * one row per platform object (`platform`, `external_id`) with the entity ids it became, the
 * merged state of every change seen so far and the platform's created time. Ingest folds each new
 * event into this row; an event that changes nothing (a redelivery) writes nothing at all.
 *
 * - `version`: the version of the change whose content is shown (the newest edit).
 * - `content`: that change's text, author, kind, rating; null while only ids, hides or removals
 *   were seen (the object is not shown yet).
 * - `visibility_key`: the newest hide/unhide as `<time>|<verb>|<version>`; `removed`: deleted on the
 *   platform (final).
 * - `own`: written by the connected account itself (our reply, an echo): no entity, but it answers
 *   `parent_external_id`'s item and the dispatcher confirms our sends by it.
 */
export const platformObjects: Migration = {
  version: 7,
  name: 'platform-objects',
  up: `
    CREATE TABLE platform_objects (
      platform text NOT NULL,
      external_id text NOT NULL,
      channel_id text NOT NULL,
      client_id text NOT NULL,
      kind text NOT NULL,
      thread_key text,
      parent_external_id text,
      interaction_id text,
      item_id text,
      thread_id text,
      contact_id text,
      own boolean NOT NULL DEFAULT false,
      version text,
      content jsonb,
      visibility_key text,
      removed boolean NOT NULL DEFAULT false,
      platform_created_at bigint,
      updated_at bigint NOT NULL,
      PRIMARY KEY (platform, external_id)
    );
    CREATE INDEX platform_objects_parent ON platform_objects (platform, parent_external_id)
      WHERE parent_external_id IS NOT NULL;
    CREATE INDEX platform_objects_thread ON platform_objects (platform, thread_key) WHERE own;
  `,
};
