import { ContractFailure } from '../../../shared/contract/errors';

/**
 * Errors of the local replica. They are contract failures, so a handler that lets one escape
 * answers the renderer with the same code (e.g. 'not_found', 'replica_newer').
 */
export type ReplicaErrorCode =
  /** The file was written by a newer version of the app; it is left untouched. */
  | 'replica_newer'
  /** The entity asked for is not in the replica. */
  | 'not_found'
  /** The replica cannot take writes right now (a new replica is being built); try again later. */
  | 'unavailable'
  /** Arguments the schema cannot catch: a cursor from another sort, 'mine' without a user. */
  | 'invalid_args'
  /** The file could not be opened or migrated for another reason (see the log). */
  | 'internal';

export class ReplicaError extends ContractFailure {
  constructor(
    override readonly code: ReplicaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message);
    this.name = 'ReplicaError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** Not an error: what `openReplica` tells the caller (and through it, the user) happened. */
export interface ReplicaRecovery {
  code: 'replica_corrupt_recovered';
  /** Where the unreadable file was moved; kept for support, never read again by the app. */
  movedTo: string;
  /** The check that failed, for the log ("not a database", a quick_check line). */
  reason: string;
}

/** The log the replica writes to. Messages carry ids and counts only, never interaction text. */
export interface ReplicaLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
