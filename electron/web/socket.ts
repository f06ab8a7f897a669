import type { RawData, WebSocket } from 'ws';
import { clientMessage, MAX_MESSAGE_BYTES, resultFrame, type HostMessage } from '../../shared/contract/wire';
import { describeIssues } from '../core/api/dispatch';
import type { EventHub } from '../core/events';
import type { Logger } from '../core/log';
import type { ResultText } from '../../shared/contract/resultText';

/**
 * Serves the contract on one WebSocket: validates every message, answers each call with its
 * Result, forwards the core's events. A malformed message gets an 'error' message back and the
 * connection (and the host) carry on. A Result arrives as the JSON text the core made and goes
 * out inside its frame as it is: never parsed, checked or encoded again here (the core checked
 * it against the contract; the page parses the frame).
 */
export function serveContract(
  socket: WebSocket,
  deps: { call: (name: string, args: unknown) => Promise<ResultText>; events: EventHub; log: Logger },
): void {
  const { call, events, log } = deps;
  const sendText = (text: string) => {
    if (socket.readyState === socket.OPEN) socket.send(text);
  };
  const send = (message: HostMessage) => sendText(JSON.stringify(message));
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
    void call(name, args).then((text) => sendText(resultFrame(id, text)));
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
