import type { z } from 'zod';
import {
  ContractFailure,
  calls,
  fail,
  isCallName,
  ok,
  type CallName,
  type Calls,
  type HandlersFor,
  type Result,
} from '../../../shared/contract';
import type { Logger } from '../log';

/** One handler per call of the contract, receiving arguments already validated. */
export type Handlers = HandlersFor<Calls>;

/** Handlers for some of the contract's calls: one module's part of the core's map. */
export type HandlerPart = Partial<Handlers>;

/** The names some part handles. */
type Covered<Parts extends readonly HandlerPart[]> = { [I in keyof Parts]: keyof Parts[I] }[number];

/** The names handled by more than one part. */
type HandledTwice<Parts extends readonly HandlerPart[], Seen = never> = Parts extends readonly [
  infer Head extends HandlerPart,
  ...infer Tail extends readonly HandlerPart[],
]
  ? (keyof Head & Seen) | HandledTwice<Tail, Seen | keyof Head>
  : never;

/**
 * What is wrong with a set of parts, as a type no part satisfies (so the compiler names it at the
 * call), or `unknown` when every call has exactly one handler.
 */
type PartsProblem<Parts extends readonly HandlerPart[]> = [HandledTwice<Parts>] extends [never]
  ? [Exclude<CallName, Covered<Parts>>] extends [never]
    ? [Exclude<Covered<Parts>, CallName>] extends [never]
      ? unknown
      : { readonly 'not a call': Exclude<Covered<Parts>, CallName> }
    : { readonly 'no handler for': Exclude<CallName, Covered<Parts>> }
  : { readonly 'handled twice': HandledTwice<Parts> };

/**
 * The core's one handler map, from the parts each module declares beside its code. Every call
 * of the contract must have exactly one handler: a call missing or handled by two parts does not
 * compile, and is refused at run time too (saying which call and which parts), so no part can
 * silently replace another's handler.
 */
export function mergeHandlers<const Parts extends readonly HandlerPart[]>(
  ...parts: Parts & readonly PartsProblem<Parts>[]
): Handlers {
  const merged = new Map<string, { handler: unknown; part: number }>();
  parts.forEach((part, index) => {
    for (const [name, handler] of Object.entries(part)) {
      const earlier = merged.get(name);
      if (earlier) {
        throw new Error(
          `mergeHandlers: ${name} is handled twice, by ${describePart(parts, earlier.part)} and ${describePart(parts, index)}`,
        );
      }
      if (!isCallName(name))
        throw new Error(`mergeHandlers: ${describePart(parts, index)} handles ${name}, not a call`);
      merged.set(name, { handler, part: index });
    }
  });
  const missing = Object.keys(calls).filter((name) => !merged.has(name));
  if (missing.length > 0) throw new Error(`mergeHandlers: no handler for ${missing.join(', ')}`);
  return Object.fromEntries([...merged].map(([name, { handler }]) => [name, handler])) as Handlers;
}

/** A part by its position and first names, e.g. `part 2 (queue:list, queue:open, …)`. */
function describePart(parts: readonly HandlerPart[], index: number): string {
  const names = Object.keys(parts[index] ?? {});
  const shown = names.slice(0, 2).join(', ') + (names.length > 2 ? ', …' : '');
  return `part ${index + 1} (${shown})`;
}

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
