/**
 * Calls to the Graph API with Node's `fetch`: a pinned version, an injectable base URL (the
 * sandbox on loopback in demos and tests), `appsecret_proof` on every call, a timeout, and every
 * failure classified (./errors.ts) instead of thrown.
 */
import type { AccountContext, ConnectorResult } from '../connector';
import { classifyGraphError, usageSlowDownUntil } from './errors';
import { appSecretProof } from './signature';
import { parseJsonLossless } from './values';

/**
 * Pinned Graph API version. v26.0 (released 29 Jul 2026) is the newest; Meta keeps each version
 * about two years, so the newest one gives the longest run before a forced upgrade (v25.0 ends
 * 29 Jul 2028). Bump it deliberately, after re-running the parser tests against new samples.
 */
export const GRAPH_VERSION = 'v26.0';

export interface GraphOptions {
  /** e.g. `https://graph.facebook.com`, or the sandbox's `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  readonly appSecret: string;
  readonly version?: string;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly timeoutMs?: number;
}

export type GraphParams = Readonly<Record<string, string | number | boolean>>;

/** Query parameters that must never end up in a cursor, a log line or an error. */
const SECRET_PARAMS = ['access_token', 'appsecret_proof'];

export function graphUrl(options: GraphOptions, path: string, params: GraphParams): URL {
  const base = options.baseUrl.replace(/\/+$/, '');
  const url = new URL(`${base}/${options.version ?? GRAPH_VERSION}/${path.replace(/^\/+/, '')}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
  return url;
}

/**
 * The query of a `paging.next` link without its secrets: an opaque cursor for the next page that
 * works for both kinds of Graph paging (cursors `after`, and time-based `until`/`__paging_token`).
 */
export function cursorFromNext(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 8_000) return null;
  try {
    const url = new URL(next);
    for (const name of SECRET_PARAMS) url.searchParams.delete(name);
    const cursor = url.searchParams.toString();
    return cursor === '' ? null : cursor;
  } catch {
    return null;
  }
}

export function paramsFromCursor(cursor: string | null): Record<string, string> {
  if (cursor === null) return {};
  const params = Object.fromEntries(new URLSearchParams(cursor));
  for (const name of SECRET_PARAMS) delete params[name];
  return params;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return parseJsonLossless(text);
  } catch {
    return undefined;
  }
}

export async function graphCall(
  options: GraphOptions,
  account: AccountContext,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: GraphParams = {},
): Promise<ConnectorResult<unknown>> {
  const now = options.now ?? Date.now;
  const auth = {
    access_token: account.accessToken,
    appsecret_proof: appSecretProof(account.accessToken, options.appSecret),
  };
  // GET carries everything in the query; POST and DELETE carry it in a form body, which keeps the
  // token out of URLs (and so out of access logs along the way).
  const url = graphUrl(options, path, method === 'GET' ? { ...params, ...auth } : {});
  const body =
    method === 'GET'
      ? undefined
      : new URLSearchParams(
          Object.entries({ ...params, ...auth }).map(([key, value]): [string, string] => [key, String(value)]),
        );
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method,
      ...(body ? { body } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, failure: { kind: 'retry', code: timedOut ? 'timeout' : 'network' } };
  }
  let value: unknown;
  try {
    value = await readBody(response);
  } catch {
    return { ok: false, failure: { kind: 'retry', code: 'network' } };
  }
  const header = (name: string) => response.headers.get(name);
  if (!response.ok) return { ok: false, failure: classifyGraphError(response.status, value, header, now()) };
  const slowDownUntil = usageSlowDownUntil(header, now());
  return slowDownUntil === undefined ? { ok: true, value } : { ok: true, value, slowDownUntil };
}
