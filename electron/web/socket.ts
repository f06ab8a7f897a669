import type { RawData, WebSocket } from 'ws';
import { clientMessage, MAX_MESSAGE_BYTES, type HostMessage } from '../../shared/contract/wire';
import type { Result } from '../../shared/contract';
import { describeIssues } from '../core/api/dispatch';
import type { EventHub } from '../core/events';
import type { Logger } from '../core/log';

/**
 * Serves the contract on one WebSocket: validates every message, answers each call with its
 * Result, forwards the core's events. A malformed message gets an 'error' message back and the
 * connection (and the host) carry on.
 */
export function serveContract(
  socket: WebSocket,
  deps: { call: (name: string, args: unknown) => Promise<Result<unknown>>; events: EventHub; log: Logger },
): void {
  const { call, events, log } = deps;
  const send = (message: HostMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const badRequest = (message: string) => {
    log.warn('web.bad_message', { reason: message.slice(0, 200) });
    send({ type: 'error', error: { code: 'bad_request', message } });
  };

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return badRequest('Binary messages are not understood; send JSON text.');
    const text = rawToString(data);
    if (text.length > MAX_MESSAGE_BYTES) return badRequest('Message too large.');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return badRequest('Message is not valid JSON.');
    }
    const parsed = clientMessage.safeParse(json);
    if (!parsed.success) {
      return badRequest(`Message has the wrong shape: ${describeIssues(parsed.error)}`);
    }
    const { id, name, args } = parsed.data;
    void call(name, args).then((result) => send({ type: 'result', id, result }));
  });

  const unsubscribe = events.subscribe((name, payload) => send({ type: 'event', name, payload }));
  socket.on('close', unsubscribe);
  socket.on('error', (error) => log.warn('web.socket_error', { error: error.message }));
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
