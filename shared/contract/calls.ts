import type { z } from 'zod';
import { actionCalls } from './actions';
import { appCalls } from './app';
import { policyCalls } from './policy';
import { queueCalls } from './queue';
import { syncCalls } from './sync';

/**
 * Every call the renderer can make to the desktop core: name → argument and result schemas.
 * Each domain declares its calls in its own file; this is the one combined map.
 */
export const calls = {
  ...appCalls,
  ...queueCalls,
  ...actionCalls,
  ...syncCalls,
  ...policyCalls,
} as const;

export type Calls = typeof calls;

/** A call as an area declares it (`appCalls`, `queueCalls`, …): its argument and result schemas. */
export interface CallSpec {
  readonly args: z.ZodType;
  readonly result: z.ZodType;
}

/**
 * The handler of one call: the arguments as the args schema outputs them (already validated) in,
 * the result value out, at once or later. Contract errors are thrown as `ContractFailure`.
 */
export type HandlerOf<S extends CallSpec> = (
  args: z.output<S['args']>,
) => z.output<S['result']> | Promise<z.output<S['result']>>;

/**
 * One handler per call of a set of calls: `HandlersFor<typeof queueCalls>` is what the queue's
 * module answers, `HandlersFor<Calls>` the core's whole map (electron/core/api/dispatch.ts).
 */
export type HandlersFor<C extends Readonly<Record<string, CallSpec>>> = {
  readonly [N in keyof C]: HandlerOf<C[N]>;
};
export type CallName = keyof Calls;
export type CallArgs<N extends CallName> = z.input<Calls[N]['args']>;
export type CallResult<N extends CallName> = z.infer<Calls[N]['result']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
