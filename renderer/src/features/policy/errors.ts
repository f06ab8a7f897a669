import type { TFunction } from 'i18next';
import type { ContractError } from '../../../../shared/contract';

/** The server's code leads a refusal's message (`conflict: …`): see electron/core/sync/policy.ts. */
export function policyErrorText(t: TFunction, error: ContractError): string {
  if (error.code === 'unavailable' || error.code === 'timeout') return t('policy.errors.offline');
  if (error.code === 'not_found') return t('policy.errors.notFound');
  if (error.code === 'refused') {
    const [code = '', ...rest] = error.message.split(': ');
    const detail = rest.join(': ');
    if (code === 'conflict') return t('policy.errors.conflict');
    if (code === 'forbidden') return t('policy.errors.forbidden');
    return t('policy.errors.invalid', { message: detail || error.message });
  }
  return t('policy.errors.generic', { message: error.message });
}

export function isContractError(value: unknown): value is ContractError {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}
