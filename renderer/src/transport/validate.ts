import {
  contractErrorCodes,
  fail,
  type CallName,
  type CallResult,
  type ContractError,
  type EventName,
  type EventPayload,
  type Result,
} from '../../../shared/contract';
import type { HostMessage } from '../../../shared/contract/wire';

/**
 * What the page checks of what the core sends: the envelope, not the contract's schemas. The
 * core checks every answer (electron/core/api/dispatch.ts) and every event (EventHub) against the
 * contract where it makes them, and page and core come from the same build; checking them again
 * here cost the page's main thread building every schema at start (tens of ms of the cold open)
 * and parsing every answer on the way to the screen. The arguments the page sends are checked
 * by the core, on receipt, always.
 */

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const errorCodes = new Set<string>(contractErrorCodes);

function isContractError(value: unknown): value is ContractError {
  return (
    isRecord(value) && typeof value.code === 'string' && errorCodes.has(value.code) && typeof value.message === 'string'
  );
}

/** A frame of the browser host's WebSocket (shared/contract/wire.ts), or null when it is not one. */
export function hostMessageOf(json: unknown): HostMessage | null {
  if (!isRecord(json)) return null;
  if (json.type === 'result' && Number.isInteger(json.id) && (json.id as number) >= 0 && 'result' in json) {
    return json as HostMessage;
  }
  if (json.type === 'event' && typeof json.name === 'string') return json as HostMessage;
  if (json.type === 'error' && isContractError(json.error)) return json as HostMessage;
  return null;
}

/** An answer from the core as a Result; a malformed one becomes an 'internal' error value. */
export function checkResult<N extends CallName>(name: N, raw: unknown): Result<CallResult<N>> {
  if (isRecord(raw) && raw.ok === true && 'value' in raw) return { ok: true, value: raw.value as CallResult<N> };
  if (isRecord(raw) && raw.ok === false && isContractError(raw.error)) return { ok: false, error: raw.error };
  return fail('internal', `The answer to ${name} is malformed.`);
}

/** An event's payload (every payload of the contract is an object), or null. */
export function checkEvent<E extends EventName>(_name: E, raw: unknown): EventPayload<E> | null {
  return isRecord(raw) ? (raw as EventPayload<E>) : null;
}
