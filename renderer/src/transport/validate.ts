import {
  calls,
  events,
  fail,
  type CallName,
  type CallResult,
  type EventName,
  type EventPayload,
  type Result,
} from '../../../shared/contract';
import { resultValue } from '../../../shared/contract/wire';

/**
 * Checks an answer from the core against the contract before the UI trusts it, whichever
 * transport brought it. A mismatch (an older or newer core) becomes an 'internal' error value.
 */
export function checkResult<N extends CallName>(name: N, raw: unknown): Result<CallResult<N>> {
  const envelope = resultValue.safeParse(raw);
  if (!envelope.success) return fail('internal', `The answer to ${name} is malformed.`);
  if (!envelope.data.ok) return { ok: false, error: envelope.data.error };
  const value = calls[name].result.safeParse(envelope.data.value);
  if (!value.success) return fail('internal', `The answer to ${name} does not match the contract.`);
  return { ok: true, value: value.data as CallResult<N> };
}

export function checkEvent<E extends EventName>(name: E, raw: unknown): EventPayload<E> | null {
  const parsed = events[name].safeParse(raw);
  return parsed.success ? (parsed.data as EventPayload<E>) : null;
}
