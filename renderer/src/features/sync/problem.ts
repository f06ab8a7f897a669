import type { SyncProblem, SyncProblemCode } from '../../../../shared/contract';

/** Problems that end the session (electron/core/sync/problem.ts): the sign-in screen says which. */
const sessionEnders: ReadonlySet<SyncProblemCode> = new Set(['session_ended', 'session_expired', 'client_id_taken']);

/** Why the team server signed this computer out, if it did; null otherwise. */
export function signedOutBecause(problem: SyncProblem | null | undefined): SyncProblemCode | null {
  return problem != null && sessionEnders.has(problem.code) ? problem.code : null;
}
