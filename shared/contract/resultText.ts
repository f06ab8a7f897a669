/**
 * A call's Result as JSON text: made once in the core process (electron/remote/serve.ts), forwarded unparsed by
 * the serving process (the browser host's socket, the Electron main process's IPC), parsed where
 * the value is used (the page, the preload, the shell's own few calls). Pure and free of zod and
 * Node, so the sandboxed preload can bundle it (electron/preload/index.ts).
 */
import { contractErrorCodes, fail, type ContractErrorCode, type Result } from './errors';

/** JSON text of a `Result`, as made by `resultText` (a string the type system tells apart). */
export type ResultText = string & { readonly __resultText: true };

/** The text of `result`; a value JSON cannot carry becomes an 'internal' error. */
export function resultText(result: Result<unknown>): ResultText {
  try {
    return JSON.stringify(result) as ResultText;
  } catch {
    return JSON.stringify(fail('internal', 'The answer could not be sent.')) as ResultText;
  }
}

const errorCodes = new Set<string>(contractErrorCodes);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The Result a text carries. Only its envelope is checked (the core checked the value against
 * the contract before making the text); anything else, invalid JSON included, becomes an
 * 'internal' error Result: never a throw.
 */
export function resultOfText(text: unknown): Result<unknown> {
  let json: unknown;
  try {
    json = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (isRecord(json) && json.ok === true && 'value' in json) return { ok: true, value: json.value };
  if (isRecord(json) && json.ok === false && isRecord(json.error)) {
    const { code, message } = json.error;
    if (typeof code === 'string' && errorCodes.has(code) && typeof message === 'string') {
      return fail(code as ContractErrorCode, message);
    }
  }
  return fail('internal', 'The answer from the app core is malformed.');
}
