import type { CallArgs, CallName, CallResult } from './calls';
import type { Result } from './errors';
import type { EventName, EventPayload } from './events';

/**
 * What the renderer talks to. Both transports (Electron IPC via the preload, WebSocket to the
 * browser host) implement it; the renderer cannot tell which one it has.
 */
export interface ContractClient {
  call<N extends CallName>(name: N, args: CallArgs<N>): Promise<Result<CallResult<N>>>;
  /** Returns a function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The object the preload exposes on `window` under this name (Electron only). */
export const BRIDGE_GLOBAL = 'moderatorDesk';

/** The untyped shape crossing contextBridge; the renderer wraps it into a ContractClient. */
export interface Bridge {
  call(name: string, args: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** Electron IPC channels: one for calls (invoke), one for the core's events. */
export const IPC_CALL_CHANNEL = 'contract:call';
export const IPC_EVENT_CHANNEL = 'contract:event';

/** Where the browser host serves the contract WebSocket. */
export const WEB_CONTRACT_PATH = '/contract';

/** Every call from the renderer gives up after this long (ms). */
export const CALL_TIMEOUT_MS = 15_000;
