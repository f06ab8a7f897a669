import type { Migration } from './types';

/**
 * What each replica's recent mutations said, as a hash of name and arguments per (replica, id):
 * a resend of an id already applied is compared with it, so an id reused by a replica that lost
 * its last writes (a power cut) is answered, never skipped as a resend (sync/push.ts). Bounded:
 * push.ts keeps the last `KEPT_MUTATION_HASHES` ids of each replica.
 */
export const mutationHashes: Migration = {
  version: 4,
  name: 'mutation-hashes',
  up: `
    CREATE TABLE sync_mutation_hashes (
      client_id text NOT NULL REFERENCES sync_clients (client_id),
      mutation_id bigint NOT NULL,
      hash text NOT NULL,
      PRIMARY KEY (client_id, mutation_id)
    );
  `,
};
