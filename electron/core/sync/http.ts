/**
 * One HTTP call from the desktop core to the team server, shared by the sync transport
 * (./transport.ts) and the policy editor's calls (./policy.ts): bearer token and JSON body in,
 * the answer validated with the caller's schema out. Every failure becomes a `SyncHttpError`
 * (the server answered: its `{ error: { code, message } }`, or `http_error`, or `bad_answer` when
 * the answer does not fit the schema) or a `SyncNetworkError` (it did not answer in time, or at
 * all), which ./problem.ts and the callers turn into what the user sees.
 */
import type { z } from 'zod';
import { apiError } from '../../../shared/sync/server-api';
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

export interface TeamServerRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The route, without the query string: it names the call in a `bad_answer` message. */
  readonly path: string;
  /** Sent as `authorization: Bearer …` when present. */
  readonly token?: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as JSON when present. */
  readonly body?: unknown;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** The clock a `Retry-After` date is read against. */
  readonly now?: () => number;
}

/**
 * Calls `baseUrl` + `path` and returns the answer parsed with `schema`; with `schema: null` the
 * answer's body is not read (calls that answer nothing the app uses).
 */
export function teamServerRequest<T>(
  baseUrl: string,
  request: TeamServerRequest & { readonly schema: z.ZodType<T> },
): Promise<T>;
export function teamServerRequest(
  baseUrl: string,
  request: TeamServerRequest & { readonly schema: null },
): Promise<void>;
export function teamServerRequest<T>(
  baseUrl: string,
  request: TeamServerRequest & { readonly schema: z.ZodType<T> | null },
): Promise<T | void>;
export async function teamServerRequest<T>(
  baseUrl: string,
  request: TeamServerRequest & { readonly schema: z.ZodType<T> | null },
): Promise<T | void> {
  const base = baseUrl.replace(/\/+$/, '');
  const timeoutMs = request.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const headers: Record<string, string> = {};
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const query = request.query === undefined ? '' : `?${new URLSearchParams(request.query)}`;
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(`${base}${request.path}${query}`, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new SyncNetworkError(
      timedOut
        ? `The team server did not answer within ${Math.round(timeoutMs / 1000)} s.`
        : `The team server at ${base} cannot be reached.`,
    );
  }
  if (!response.ok) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), (request.now ?? Date.now)());
    const parsed = apiError.safeParse(await response.json().catch(() => null));
    throw new SyncHttpError(
      response.status,
      parsed.success ? parsed.data.error.code : 'http_error',
      parsed.success ? parsed.data.error.message : `The team server answered HTTP ${response.status}.`,
      retryAfterMs,
    );
  }
  if (request.schema === null) return;
  const parsed = request.schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new SyncHttpError(
      response.status,
      'bad_answer',
      `The team server's answer to ${request.path} does not fit this app's protocol: update the app or the server.`,
      null,
    );
  }
  return parsed.data;
}
