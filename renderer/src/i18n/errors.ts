import type { TFunction } from 'i18next';
import { contractErrorCodes, type ContractError } from '../../../shared/contract';

const codes: ReadonlySet<string> = new Set(contractErrorCodes);

/** A contract error (`{ code, message }`), as RTK Query hands it over; anything else is not one. */
export function isContractError(value: unknown): value is ContractError {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    typeof value.code === 'string' &&
    codes.has(value.code) &&
    'message' in value &&
    typeof value.message === 'string'
  );
}

/**
 * The reason a refusal's message starts with (`invalid_credentials: wrong password`): the core
 * leads with the server's code (electron/core/sync/service.ts, electron/core/sync/policy.ts).
 */
export function errorReason(error: ContractError): string | null {
  return /^([a-z][a-z0-9_]*):/.exec(error.message)?.[1] ?? null;
}

/**
 * Words a core error for the screen from its codes, never from its message (English, for logs and
 * devtools): `<area>.errors.<reason>`, else `<area>.errors.<code>`, else the app-wide `errors.<code>`.
 */
export function errorText(t: TFunction, error: ContractError, area: string): string {
  const reason = errorReason(error);
  const keys = [`${area}.errors.${error.code}`, `errors.${error.code}`];
  if (reason !== null) keys.unshift(`${area}.errors.${reason}`);
  return t(keys);
}
