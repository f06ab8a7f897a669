import type { Migration } from './types';

/**
 * Server-only platform state (docs/platforms.md), never synced to a desktop:
 *
 * - `webhook_inbox`: every webhook delivery whose signature matched, stored raw before anything
 *   else (the route answers as soon as the row is written). `body_sha256` dedupes identical
 *   redeliveries; the processor claims `received` rows (FOR UPDATE SKIP LOCKED), parses them and
 *   marks them `processed` (with what it found in `outcome`), `ignored` (nothing to ingest) or
 *   `failed` (`last_error` = a code). A replay sets rows back to `received`.
 * - `channel_credentials`: a channel's sealed platform token (server/platforms/vault.ts, bound to
 *   the channel id), the key it is sealed with, the account it speaks for and its state. The
 *   channel entity itself stays in `entities` (what desktops receive); this row never leaves the
 *   server.
 */
export const platformInbox: Migration = {
  version: 6,
  name: 'platform-inbox',
  up: `
    CREATE TABLE webhook_inbox (
      id bigserial PRIMARY KEY,
      platform text NOT NULL CHECK (platform IN ('meta', 'x', 'google', 'linkedin')),
      received_at bigint NOT NULL,
      headers jsonb NOT NULL,
      body bytea NOT NULL,
      body_sha256 text NOT NULL CHECK (body_sha256 ~ '^[0-9a-f]{64}$'),
      status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'processed', 'failed', 'ignored')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      processed_at bigint,
      outcome jsonb,
      UNIQUE (platform, body_sha256)
    );
    CREATE INDEX webhook_inbox_received ON webhook_inbox (id) WHERE status = 'received';
    CREATE INDEX webhook_inbox_time ON webhook_inbox (received_at);

    CREATE TABLE channel_credentials (
      channel_id text PRIMARY KEY,
      client_id text NOT NULL,
      platform text NOT NULL,
      external_account_id text NOT NULL,
      sealed_token text NOT NULL,
      key_id text NOT NULL,
      state text NOT NULL CHECK (state IN ('connected', 'reconnect_needed', 'paused')),
      state_reason text,
      last_event_at bigint,
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL,
      UNIQUE (platform, external_account_id)
    );
    CREATE INDEX channel_credentials_client ON channel_credentials (client_id);
  `,
};
