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
export type CallName = keyof Calls;
export type CallArgs<N extends CallName> = z.input<Calls[N]['args']>;
export type CallResult<N extends CallName> = z.infer<Calls[N]['result']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
