import type { Migration } from './types';

/**
 * What each replica's recent mutations said, as a hash of name and arguments per (replica, id):
 * a resend of an id already applied is compared with it, so an id reused by a replica that lost
 * its last writes (a power cut) is answered, never skipped as a resend (sync/push.ts). Bounded:
 * push.ts keeps the last `KEPT_MUTATION_HASHES` ids of each replica.
 *
 * And the replies of an item, found without reading every reply: a send that says what the
 * moderator saw is refused when a colleague answered the item since (sync/push.ts `conversationOf`).
 */
export const pushChecks: Migration = {
  version: 5,
  name: 'push-checks',
  up: `
    CREATE TABLE sync_mutation_hashes (
      client_id text NOT NULL REFERENCES sync_clients (client_id),
      mutation_id bigint NOT NULL,
      hash text NOT NULL,
      PRIMARY KEY (client_id, mutation_id)
    );
    CREATE INDEX entities_reply_item ON entities ((data->>'itemId')) WHERE entity = 'reply';
  `,
};
