import { calls, ContractFailure, type CallName } from '../../../shared/contract';
import type { Handlers } from './dispatch';

/**
 * Handlers for tests that exercise a transport or the dispatch: every call answers 'internal'
 * unless the test gives it a handler.
 */
export function stubHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const stubs = Object.fromEntries(
    (Object.keys(calls) as CallName[]).map((name) => [
      name,
      () => {
        throw new ContractFailure('internal', `${name} has no handler in this test`);
      },
    ]),
  ) as unknown as Handlers;
  return { ...stubs, ...overrides };
}
