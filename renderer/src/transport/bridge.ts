import {
  CALL_TIMEOUT_MS,
  fail,
  type Bridge,
  type CallArgs,
  type CallName,
  type CallResult,
  type ContractClient,
  type Result,
} from '../../../shared/contract';
import { checkEvent, checkResult } from './validate';

/** The contract over Electron IPC, through the object the preload exposes. */
export function createBridgeClient(bridge: Bridge, timeoutMs = CALL_TIMEOUT_MS): ContractClient {
  return {
    async call<N extends CallName>(name: N, args: CallArgs<N>): Promise<Result<CallResult<N>>> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<Result<never>>((resolve) => {
        timer = setTimeout(() => resolve(fail('timeout', `${name} did not answer in time.`)), timeoutMs);
      });
      try {
        const answer = bridge.call(name, args).then(
          (raw) => checkResult(name, raw),
          (): Result<CallResult<N>> => fail('unavailable', 'The app core cannot be reached.'),
        );
        return await Promise.race([answer, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    on(event, listener) {
      return bridge.on(event, (raw) => {
        const payload = checkEvent(event, raw);
        if (payload) listener(payload);
      });
    },
  };
}
