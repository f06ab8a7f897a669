import {
  CALL_TIMEOUT_MS,
  fail,
  type CallName,
  type ContractClient,
  type EventName,
  type Result,
} from '../../../shared/contract';
import { checkEvent, checkResult, hostMessageOf } from './validate';

interface PendingCall {
  name: CallName;
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

const OPEN = 1;

/**
 * The contract over a WebSocket to the browser host. Calls made while (re)connecting wait for
 * the socket; calls in flight when it drops answer 'unavailable' rather than hanging. It
 * reconnects with capped exponential backoff.
 */
export function createWebSocketClient(
  url: string,
  options: { createSocket?: (url: string) => SocketLike; timeoutMs?: number } = {},
): ContractClient & { close(): void } {
  const createSocket = options.createSocket ?? ((u: string) => new WebSocket(u) as unknown as SocketLike);
  const timeoutMs = options.timeoutMs ?? CALL_TIMEOUT_MS;
  const pending = new Map<number, PendingCall>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let waiting: string[] = [];
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let socket: SocketLike;

  const connect = () => {
    socket = createSocket(url);
    socket.onopen = () => {
      attempt = 0;
      for (const message of waiting) socket.send(message);
      waiting = [];
    };
    socket.onmessage = (event) => receive(event.data);
    socket.onclose = () => {
      for (const [id, call] of pending) {
        clearTimeout(call.timer);
        call.resolve(fail('unavailable', 'The connection to the app core was lost.'));
        pending.delete(id);
      }
      if (closed) return;
      const delay = Math.min(5000, 200 * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt += 1;
      setTimeout(connect, delay);
    };
  };

  const settle = (id: number, answer: (name: CallName) => Result<unknown>) => {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    clearTimeout(call.timer);
    call.resolve(answer(call.name));
  };

  const receive = (data: unknown) => {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      // A result frame carries the core's text as it is (shared/contract/wire.ts resultFrame):
      // if that text was broken, the call it answers still gets an answer, an error.
      const id = malformedResultId(data);
      if (id !== null) settle(id, () => fail('internal', 'The answer from the app core is malformed.'));
      return;
    }
    const message = hostMessageOf(json);
    if (!message) return;
    if (message.type === 'result') {
      settle(message.id, (name) => checkResult(name, message.result));
    } else if (message.type === 'event') {
      const name = message.name as EventName;
      const set = listeners.get(name);
      if (!set) return;
      const payload = checkEvent(name, message.payload);
      if (payload) for (const listener of set) listener(payload);
    } else {
      console.warn('The app core refused a message:', message.error.code);
    }
  };

  connect();

  return {
    call(name, args) {
      const id = nextId++;
      const text = JSON.stringify({ type: 'call', id, name, args });
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(fail('timeout', `${name} did not answer in time.`));
        }, timeoutMs);
        pending.set(id, { name, resolve: resolve as (result: Result<unknown>) => void, timer });
        if (socket.readyState === OPEN) socket.send(text);
        else waiting.push(text);
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => set.delete(entry);
    },
    close() {
      closed = true;
      socket.close();
    },
  };
}

/** The id of a result frame whose text is not JSON (its head is the host's own), or null. */
function malformedResultId(data: string): number | null {
  const head = /^\{"type":"result","id":(\d{1,15}),"result":/.exec(data.slice(0, 64));
  return head ? Number(head[1]) : null;
}
