/**
 * The policy editor's contract calls (shared/contract/policy.ts), answered by the team server:
 * editing a policy is online only, with the signed-in session (solo mode included: its server runs
 * on this computer). The server's refusals become contract errors the editor can show and act on:
 * `refused` with a message starting with the server's code (`conflict:`, `invalid_pattern:`,
 * `invalid_approver:`, `forbidden:`, `invalid_request:`), `not_found`, or `unavailable` when
 * there is no connection. A saved policy reaches this replica through the next pull.
 */
import type { z } from 'zod';
import { ContractFailure, type HandlersFor } from '../../../shared/contract';
import { policyClientList, policyView, savedReplySaved, type policyCalls } from '../../../shared/contract/policy';
import { SyncHttpError, SyncNetworkError, teamServerRequest, type TeamServerRequest } from './http';

/** The policy editor's part of the core's handler map (electron/core/api/dispatch.ts `mergeHandlers`). */
export type PolicyHandlers = HandlersFor<typeof policyCalls>;

export interface PolicyServer {
  readonly serverUrl: string;
  readonly token: string;
}

export interface PolicyDeps {
  /** The signed-in session's server; null when signed out. */
  readonly server: () => PolicyServer | null;
  /** After a save: pull now, so this replica (the composer's checks) gets the new policy. */
  readonly saved: () => void;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

export const OFFLINE_MESSAGE =
  'Policy changes need a connection to the team server: sign in (or work on this computer) and try again.';

type Call<S> = Pick<TeamServerRequest, 'method' | 'path' | 'query' | 'body'> & { readonly schema: S };

/** One call with the signed-in session (./http.ts), or `unavailable` when signed out. */
function request<T>(deps: PolicyDeps, call: Call<z.ZodType<T>>): Promise<T>;
function request(deps: PolicyDeps, call: Call<null>): Promise<void>;
async function request<T>(deps: PolicyDeps, call: Call<z.ZodType<T> | null>): Promise<T | void> {
  const server = deps.server();
  if (server === null) throw new ContractFailure('unavailable', OFFLINE_MESSAGE);
  return teamServerRequest(server.serverUrl, {
    ...call,
    token: server.token,
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs,
  });
}

/** The server's answer as a contract error; the code prefix lets the editor pick its words. */
export function toPolicyFailure(error: unknown): ContractFailure {
  if (error instanceof ContractFailure) return error;
  if (error instanceof SyncNetworkError)
    return new ContractFailure('unavailable', `${OFFLINE_MESSAGE} ${error.message}`);
  if (error instanceof SyncHttpError) {
    if (error.status === 401) return new ContractFailure('unavailable', 'The session ended: sign in again.');
    if (error.status === 404) return new ContractFailure('not_found', error.message);
    if (error.status >= 400 && error.status < 500)
      return new ContractFailure('refused', `${error.code}: ${error.message}`);
    return new ContractFailure('unavailable', `${OFFLINE_MESSAGE} ${error.message}`);
  }
  return new ContractFailure('internal', 'The policy call failed unexpectedly; nothing was saved.');
}

const clientPath = (clientId: string) => `/clients/${encodeURIComponent(clientId)}`;

export function createPolicyHandlers(deps: PolicyDeps): PolicyHandlers {
  const run = async <T>(work: () => Promise<T>, save: boolean): Promise<T> => {
    try {
      const value = await work();
      if (save) deps.saved();
      return value;
    } catch (error) {
      throw toPolicyFailure(error);
    }
  };
  return {
    'policy:clients': () =>
      run(() => request(deps, { method: 'GET', path: '/clients', schema: policyClientList }), false),
    'policy:get': ({ clientId }) =>
      run(() => request(deps, { method: 'GET', path: `${clientPath(clientId)}/policy`, schema: policyView }), false),
    'policy:save': ({ clientId, version, policy }) =>
      run(() => {
        const path = `${clientPath(clientId)}/policy`;
        return request(deps, { method: 'PUT', path, body: { version, policy }, schema: policyView });
      }, true),
    'savedReply:save': ({ clientId, savedReplyId, version, reply }) =>
      run(() => {
        if (savedReplyId === null) {
          const path = `${clientPath(clientId)}/saved-replies`;
          return request(deps, { method: 'POST', path, body: reply, schema: savedReplySaved });
        }
        if (version === null) throw new ContractFailure('invalid_args', 'An update names the version it edits.');
        const path = `${clientPath(clientId)}/saved-replies/${encodeURIComponent(savedReplyId)}`;
        return request(deps, { method: 'PUT', path, body: { ...reply, version }, schema: savedReplySaved });
      }, true),
    'savedReply:delete': ({ clientId, savedReplyId, version }) =>
      run(async () => {
        const path = `${clientPath(clientId)}/saved-replies/${encodeURIComponent(savedReplyId)}`;
        await request(deps, { method: 'DELETE', path, query: { version }, schema: null });
        return {};
      }, true),
  };
}
