import type { TFunction } from 'i18next';
import type { ContractError } from '../../../../shared/contract';
import { errorReason } from '../../i18n/errors';

export { isContractError } from '../../i18n/errors';

/**
 * The server's code leads a refusal's message (`conflict: …`): see electron/core/sync/policy.ts.
 * Worded from the codes only; the message (English, for logs) is never shown.
 */
export function policyErrorText(t: TFunction, error: ContractError): string {
  if (error.code === 'unavailable' || error.code === 'timeout') return t('policy.errors.offline');
  if (error.code === 'not_found') return t('policy.errors.notFound');
  if (error.code === 'refused') {
    const reason = errorReason(error);
    if (reason === 'conflict') return t('policy.errors.conflict');
    if (reason === 'forbidden') return t('policy.errors.forbidden');
    return t(reason === null ? 'policy.errors.invalid' : [`policy.errors.${reason}`, 'policy.errors.invalid']);
  }
  return t('policy.errors.generic');
}
