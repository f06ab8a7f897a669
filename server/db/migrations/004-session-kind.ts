import type { Migration } from './types';

/**
 * Sessions say what they open: `api` (a bearer token from `POST /auth/login`: the JSON API and
 * the socket) or `page` (the approver page's `md_approver` cookie: `/approve/` only), and each
 * kind is refused where the other belongs (server/auth/sessions.ts). Sessions opened before this
 * migration cannot be told apart — a page cookie could be used as a bearer token — so they are
 * ended: their users sign in again once.
 */
export const sessionKind: Migration = {
  version: 4,
  name: 'session-kind',
  up: `
    ALTER TABLE sessions ADD COLUMN kind text NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'page'));
    UPDATE sessions SET revoked_at = (extract(epoch FROM clock_timestamp()) * 1000)::bigint
      WHERE revoked_at IS NULL;
    ALTER TABLE sessions ALTER COLUMN kind DROP DEFAULT;
  `,
};
