import { describe, expect, it } from 'vitest';
import { serverErrorCodes } from '../../../shared/sync/server-api';
import { syncProblemCodes } from '../../../shared/contract';
import { SyncPushError, syncProblemOf } from './problem';
import { SyncHttpError, SyncNetworkError } from './transport';

const http = (status: number, code: string) => new SyncHttpError(status, code, `${code}: for the log`, null);

describe('why a sync failed, as a code the UI words', () => {
  it.each([
    [new SyncNetworkError('The team server at https://x cannot be reached.'), { code: 'unreachable' }],
    [http(409, 'cursor_ahead'), { code: 'restored' }],
    [http(401, 'session_expired'), { code: 'session_expired' }],
    [http(401, 'unauthorized'), { code: 'session_ended' }],
    [http(403, 'client_id_taken'), { code: 'client_id_taken' }],
    [http(403, 'forbidden'), { code: 'forbidden' }],
    [http(429, 'rate_limited'), { code: 'rate_limited' }],
    [http(503, 'not_ready'), { code: 'not_ready' }],
    [http(200, 'bad_answer'), { code: 'incompatible' }],
    [http(400, 'invalid_request'), { code: 'incompatible' }],
    [http(500, 'server_error'), { code: 'server_error', status: 500 }],
    [http(502, 'http_error'), { code: 'server_error', status: 502 }],
    [new SyncPushError('The team server did not take the local changes'), { code: 'push_not_taken' }],
    [Object.assign(new Error('items/1: text Required'), { name: 'SyncRowError' }), { code: 'bad_row' }],
    [new Error('The team server is down'), { code: 'unexpected' }],
    ['not even an error', { code: 'unexpected' }],
  ])('%s → %o', (error, problem) => {
    expect(syncProblemOf(error)).toEqual(problem);
  });

  it('gives every code the team server can answer with a problem of the closed set', () => {
    for (const code of serverErrorCodes) {
      expect(syncProblemCodes, code).toContain(syncProblemOf(http(400, code)).code);
    }
  });
});
