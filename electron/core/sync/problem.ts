/**
 * Why a sync attempt failed, as the code the UI words (shared/contract/sync.ts `syncProblemCodes`):
 * the core never shows its own English, which stays in `lastError` for logs.
 */
import type { SyncProblem } from '../../../shared/contract';
import { SyncHttpError, SyncNetworkError } from './transport';

/** The server answered a push without taking the changes (or with a gap before them). */
export class SyncPushError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncPushError';
  }
}

/** Server error codes (shared/sync/server-api.ts) that mean app and server do not understand each other. */
const incompatible: ReadonlySet<string> = new Set([
  'bad_answer',
  'invalid_json',
  'invalid_request',
  'unsupported_media_type',
  'body_too_large',
  'not_found',
]);

export function syncProblemOf(error: unknown): SyncProblem {
  if (error instanceof SyncNetworkError) return { code: 'unreachable' };
  if (error instanceof SyncHttpError) {
    if (error.code === 'cursor_ahead') return { code: 'restored' };
    if (error.code === 'session_expired') return { code: 'session_expired' };
    if (error.code === 'client_id_taken') return { code: 'client_id_taken' };
    if (error.status === 401) return { code: 'session_ended' };
    if (error.code === 'rate_limited' || error.status === 429) return { code: 'rate_limited' };
    if (error.code === 'not_ready' || error.status === 503) return { code: 'not_ready' };
    if (error.code === 'forbidden' || error.status === 403) return { code: 'forbidden' };
    if (incompatible.has(error.code)) return { code: 'incompatible' };
    return { code: 'server_error', status: error.status };
  }
  if (error instanceof SyncPushError) return { code: 'push_not_taken' };
  if (error instanceof Error && error.name === 'SyncRowError') return { code: 'bad_row' };
  return { code: 'unexpected' };
}
