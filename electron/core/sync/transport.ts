/**
 * The team server's HTTP API as the desktop uses it: every answer is validated with the shared
 * schemas; every failure becomes a `SyncHttpError` (the server answered) or a
 * `SyncNetworkError` (it did not), which the engine turns into a status and a retry.
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
  apiError,
  loginResponse,
  snapshotResponse,
  type LoginResponse,
  type SnapshotResponse,
} from '../../../shared/sync/server-api';
import { parseRetryAfter } from './backoff';

export const REQUEST_TIMEOUT_MS = 20_000;

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }
}

export class SyncNetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncNetworkError';
  }
}

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
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const base = baseUrl.replace(/\/+$/, '');

  async function request<T>(
    path: string,
    init: { method: 'GET' | 'POST'; token?: string; body?: unknown },
    schema: z.ZodType<T> | null,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method: init.method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new SyncNetworkError(
        timedOut
          ? `The team server did not answer within ${Math.round((options.timeoutMs ?? REQUEST_TIMEOUT_MS) / 1000)} s.`
          : `The team server at ${base} cannot be reached.`,
      );
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    if (!response.ok) {
      const body: unknown = await response.json().catch(() => null);
      const parsed = apiError.safeParse(body);
      throw new SyncHttpError(
        response.status,
        parsed.success ? parsed.data.error.code : 'http_error',
        parsed.success ? parsed.data.error.message : `The team server answered HTTP ${response.status}.`,
        retryAfterMs,
      );
    }
    if (schema === null) return undefined as T;
    const body: unknown = await response.json().catch(() => undefined);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new SyncHttpError(
        response.status,
        'bad_answer',
        `The team server's answer to ${path.split('?')[0] ?? path} does not fit this app's protocol: update the app or the server.`,
        null,
      );
    }
    return parsed.data;
  }

  return {
    login: (email, password) => request('/auth/login', { method: 'POST', body: { email, password } }, loginResponse),
    logout: (token) => request('/auth/logout', { method: 'POST', token }, null),
    push: (token, clientId, mutations) =>
      request(
        '/sync/push',
        { method: 'POST', token, body: { protocol: SYNC_PROTOCOL_VERSION, clientId, mutations } },
        pushResponse,
      ),
    pull: (token, clientId, cursor, limit) =>
      request(
        `/sync/pull?${new URLSearchParams({ clientId, cursor: String(cursor), limit: String(limit) })}`,
        { method: 'GET', token },
        pullResponse,
      ),
    snapshot: (token, clientId, page, limit) =>
      request(
        `/sync/snapshot?${new URLSearchParams({ clientId, limit: String(limit), ...(page === null ? {} : { page }) })}`,
        { method: 'GET', token },
        snapshotResponse,
      ),
    decide: (token, body) => request('/approvals/decide', { method: 'POST', token, body }, decideResponse),
  };
}
