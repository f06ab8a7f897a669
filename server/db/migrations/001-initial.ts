import type { Migration } from './types';

/**
 * Accounts, sessions, the entity rows, the change log (commits + changes), per-replica sync
 * state and the reply outbox. Times are epoch milliseconds (bigint), like the domain's.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE users (
      id text PRIMARY KEY,
      email text NOT NULL UNIQUE,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'lead', 'moderator', 'approver')),
      -- NULL: every client (admins, leads); approvers without a list see nothing (fail closed).
      client_ids text[],
      also_approver boolean NOT NULL DEFAULT false,
      password_hash text NOT NULL,
      disabled boolean NOT NULL DEFAULT false,
      created_at bigint NOT NULL
    );

    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users (id),
      created_at bigint NOT NULL,
      expires_at bigint NOT NULL,
      revoked_at bigint
    );
    CREATE INDEX sessions_user ON sessions (user_id);

    -- Failed logins per account and address, for the rate limit (shared by every instance).
    CREATE TABLE login_failures (
      account_key text NOT NULL,
      at bigint NOT NULL
    );
    CREATE INDEX login_failures_key ON login_failures (account_key, at);

    -- Current rows of the synced entities, as shared/domain's schemas describe them.
    -- scopes: the clients (brands) whose users may see the row; NULL = the whole workspace.
    -- rank + sort_key order the snapshot parents first (clients before channels before threads…).
    CREATE TABLE entities (
      entity text NOT NULL,
      id text NOT NULL,
      rank smallint NOT NULL,
      sort_key bigint NOT NULL,
      scopes text[],
      data jsonb NOT NULL,
      PRIMARY KEY (entity, id)
    );
    CREATE INDEX entities_snapshot ON entities (rank, sort_key, id);

    -- One row per committed transaction (a mutation applied or refused, a seed batch).
    -- cursor is given after commit by the sequencer, in commit order, under one lock, so a
    -- reader that reads up to sync_state.cursor never skips a commit that lands later.
    CREATE TABLE commits (
      seq bigserial PRIMARY KEY,
      cursor bigint,
      client_id text,
      mutation_id bigint,
      mutation_name text,
      user_id text,
      refused_code text,
      refused_message text,
      created_at bigint NOT NULL
    );
    CREATE INDEX commits_unsequenced ON commits (seq) WHERE cursor IS NULL;
    CREATE INDEX commits_cursor ON commits (cursor);
    CREATE INDEX commits_client ON commits (client_id, cursor) WHERE client_id IS NOT NULL;

    CREATE TABLE changes (
      commit_seq bigint NOT NULL REFERENCES commits (seq),
      ord integer NOT NULL,
      entity text NOT NULL,
      id text NOT NULL,
      op text NOT NULL CHECK (op IN ('upsert', 'delete')),
      scopes text[],
      data jsonb,
      PRIMARY KEY (commit_seq, ord)
    );

    -- One row per replica: who owns the clientId and the last mutation applied or refused.
    CREATE TABLE sync_clients (
      client_id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users (id),
      last_mutation_id bigint NOT NULL DEFAULT 0,
      created_at bigint NOT NULL
    );

    CREATE TABLE sync_state (
      name text PRIMARY KEY,
      value bigint NOT NULL
    );
    INSERT INTO sync_state (name, value) VALUES ('cursor', 0);

    -- Replies handed to the platform sender: one row per reply version, so never sent twice.
    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      reply_id text NOT NULL,
      reply_version integer NOT NULL,
      text_hash text NOT NULL,
      client_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'blocked')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL,
      UNIQUE (reply_id, reply_version)
    );
    CREATE INDEX outbox_queued ON outbox (id) WHERE status = 'queued';
  `,
};
