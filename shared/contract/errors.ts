/**
 * The closed set of error codes a contract call can answer with. The renderer switches on the
 * code (to pick a translated message or a recovery action); `message` is for logs and details.
 */
export const contractErrorCodes = [
  /** The message could not be parsed or had the wrong shape (transport level). */
  'bad_request',
  /** The call name is not part of the contract. */
  'unknown_call',
  /** The arguments did not match the call's schema. */
  'invalid_args',
  /** The thing asked for does not exist (or is not visible to this user). */
  'not_found',
  /** A domain rule refused the action (lifecycle, permission, approval). */
  'refused',
  /** The call did not answer in time. */
  'timeout',
  /** The desktop core cannot be reached (host closed, connection lost). */
  'unavailable',
  /** The local replica was written by a newer version of the app. */
  'replica_newer',
  /** Anything unexpected; details are in the host's log. */
  'internal',
] as const;

export type ContractErrorCode = (typeof contractErrorCodes)[number];

export interface ContractError {
  code: ContractErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ContractErrorCode, message: string): { ok: false; error: ContractError } {
  return { ok: false, error: { code, message } };
}

/** Thrown by handlers to answer with a specific code; anything else becomes 'internal'. */
export class ContractFailure extends Error {
  constructor(
    readonly code: ContractErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractFailure';
  }
}
