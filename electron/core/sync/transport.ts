/**
 * The team server's sync API as the desktop uses it: its routes and answer schemas (the shared
 * ones); the call itself, its errors and timeout are ./http.ts, shared with ./policy.ts. Every
 * failure is a `SyncHttpError` (the server answered) or a `SyncNetworkError` (it did not), which
 * the engine turns into a status and a retry.
 */
import { z } from 'zod';
import { reply, type Reply } from '../../../shared/domain/entities';
import {
  pullResponse,
  pushResponse,
  SYNC_PROTOCOL_VERSION,
  type PullResponse,
  type PushResponse,
} from '../../../shared/sync/protocol';
import type { Mutation } from '../../../shared/sync/mutations';
import {
  loginResponse,
  snapshotResponse,
  type LoginResponse,
  type SnapshotResponse,
} from '../../../shared/sync/server-api';
import { teamServerRequest } from './http';

export { REQUEST_TIMEOUT_MS, SyncHttpError, SyncNetworkError } from './http';

export interface SyncTransport {
  login(email: string, password: string): Promise<LoginResponse>;
  logout(token: string): Promise<void>;
  push(token: string, clientId: string, mutations: readonly Mutation[]): Promise<PushResponse>;
  pull(token: string, clientId: string, cursor: number, limit: number): Promise<PullResponse>;
  snapshot(token: string, clientId: string, page: string | null, limit: number): Promise<SnapshotResponse>;
  decide(token: string, body: DecideBody): Promise<{ reply: Reply }>;
}

/** `POST /approvals/decide` (server/approvals): an e-signed decision, password included. */
export interface DecideBody {
  replyId: string;
  stepIndex: number;
  decision: 'approved' | 'rejected';
  textHash: string;
  comment: string | null;
  password: string;
  editedText: string | null;
  lang: 'it' | 'en';
}

const decideResponse = z.object({ reply });

export function httpTransport(
  baseUrl: string,
  options: { fetch?: typeof fetch; now?: () => number; timeoutMs?: number } = {},
): SyncTransport {
  const common = { fetch: options.fetch ?? fetch, now: options.now ?? Date.now, timeoutMs: options.timeoutMs };
  return {
    login: (email, password) =>
      teamServerRequest(baseUrl, {
        ...common,
        method: 'POST',
        path: '/auth/login',
        body: { email, password },
        schema: loginResponse,
      }),
    logout: (token) =>
      teamServerRequest(baseUrl, { ...common, method: 'POST', path: '/auth/logout', token, schema: null }),
    push: (token, clientId, mutations) =>
      teamServerRequest(baseUrl, {
        ...common,
        method: 'POST',
        path: '/sync/push',
        token,
        body: { protocol: SYNC_PROTOCOL_VERSION, clientId, mutations },
        schema: pushResponse,
      }),
    pull: (token, clientId, cursor, limit) =>
      teamServerRequest(baseUrl, {
        ...common,
        method: 'GET',
        path: '/sync/pull',
        token,
        query: { clientId, cursor: String(cursor), limit: String(limit) },
        schema: pullResponse,
      }),
    snapshot: (token, clientId, page, limit) =>
      teamServerRequest(baseUrl, {
        ...common,
        method: 'GET',
        path: '/sync/snapshot',
        token,
        query: { clientId, limit: String(limit), ...(page === null ? {} : { page }) },
        schema: snapshotResponse,
      }),
    decide: (token, body) =>
      teamServerRequest(baseUrl, {
        ...common,
        method: 'POST',
        path: '/approvals/decide',
        token,
        body,
        schema: decideResponse,
      }),
  };
}
