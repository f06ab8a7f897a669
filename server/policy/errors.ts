/** Why a policy request was refused; `status` is the HTTP status, `code` the answer's error code. */
export class PolicyError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 503,
    readonly code: 'forbidden' | 'not_found' | 'conflict' | 'invalid_pattern' | 'invalid_approver' | 'not_ready',
    message: string,
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}
