import type { z } from 'zod';
import {
  ContractFailure,
  calls,
  fail,
  isCallName,
  ok,
  type CallName,
  type CallResult,
  type Calls,
  type Result,
} from '../../../shared/contract';
import type { Logger } from '../log';

/** One handler per call of the contract, receiving arguments already validated. */
export type Handlers = {
  [N in CallName]: (args: z.output<Calls[N]['args']>) => Promise<CallResult<N>> | CallResult<N>;
};

/**
 * The one entry point both transports use: checks the call name, validates the arguments,
 * runs the handler and turns every outcome into a Result value. Never throws.
 */
export async function dispatchCall(
  handlers: Handlers,
  name: unknown,
  rawArgs: unknown,
  log: Logger,
): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    return fail('unknown_call', `"${String(name).slice(0, 100)}" is not a call of this app.`);
  }
  const spec = calls[name];
  const parsed = spec.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    return fail('invalid_args', `Arguments of ${name} are invalid: ${describeIssues(parsed.error)}`);
  }
  try {
    const handler = handlers[name] as (args: unknown) => unknown;
    const value: unknown = await handler(parsed.data);
    const checked = spec.result.safeParse(value);
    if (!checked.success) {
      log.error('contract.result_mismatch', { call: name, issues: describeIssues(checked.error) });
      return fail('internal', `The answer to ${name} did not match the contract.`);
    }
    return ok(checked.data);
  } catch (error) {
    if (error instanceof ContractFailure) return fail(error.code, error.message);
    if (isCodedError(error) && error.code === 'not_found') return fail('not_found', error.message);
    log.error('contract.handler_failed', { call: name, error: errorSummary(error) });
    return fail('internal', `${name} failed unexpectedly; the details are in the app's log.`);
  }
}

/** Paths and messages of zod issues, never the offending values (they may be personal data). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function isCodedError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

export function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
}
