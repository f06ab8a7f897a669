/**
 * The core process's side of the protocol (protocol.ts): starts the desktop core when asked,
 * answers contract calls through the same dispatch as every transport, and forwards events,
 * notifier output and readiness to the serving process.
 */
import { fail } from '../../shared/contract';
import { dispatchCall } from '../core/api/dispatch';
import type { Core, CoreOptions } from '../core';
import type { Logger } from '../core/log';
import type { SecretBox } from '../core/sync/session';
import { toCore, type FromCore, type Port, type RemoteCoreOptions } from './protocol';
import { resultText } from '../../shared/contract/resultText';

export interface ServeCoreDeps {
  start: (options: CoreOptions) => Promise<Core>;
  log: Logger;
  /** Called once the core closed on request (the process ends). */
  onClosed: () => void;
}

export function serveCore(port: Port<FromCore, unknown>, deps: ServeCoreDeps): { shutdown(): Promise<void> } {
  const { log } = deps;
  let core: Core | null = null;
  let closing: Promise<void> | null = null;
  const shutdown = () => (closing ??= (core?.close() ?? Promise.resolve()).catch(() => undefined));
  let starting = false;
  let secretId = 0;
  const secrets = new Map<number, (value: string | null) => void>();

  // The keychain lives in the serving process (Electron's safeStorage is main-process only).
  const askSecret = (op: 'encrypt' | 'decrypt', data: string) =>
    new Promise<string>((resolve, reject) => {
      const id = ++secretId;
      secrets.set(id, (value) => (value === null ? reject(new Error('keychain_unavailable')) : resolve(value)));
      port.send({ type: 'secret', id, op, data });
    });
  const secretBox: SecretBox = {
    encrypt: async (text) => Buffer.from(await askSecret('encrypt', text), 'base64'),
    decrypt: (data) => askSecret('decrypt', data.toString('base64')),
  };

  const start = async (options: RemoteCoreOptions) => {
    starting = true;
    try {
      const { secretBox: useKeychain, ...rest } = options;
      const running = await deps.start({ ...rest, log, secretBox: useKeychain ? secretBox : null });
      core = running;
      port.send({ type: 'started', settings: running.settings() });
      running.events.subscribe((name, payload) => port.send({ type: 'event', name, payload }));
      running.onNotify((output) => port.send({ type: 'notify', output }));
      running.ready.then(
        () => port.send({ type: 'ready', ok: true }),
        () => port.send({ type: 'ready', ok: false }),
      );
    } catch (error) {
      log.error('core.start_failed', { error: error instanceof Error ? error.name : 'unknown' });
      port.send({
        type: 'start_failed',
        message: `The desktop core could not start: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };

  port.onMessage((raw) => {
    const parsed = toCore.safeParse(raw);
    if (!parsed.success) {
      log.warn('remote.bad_message');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'start':
        if (!starting) void start(message.options);
        return;
      case 'call': {
        const { id, name, args } = message;
        if (!core) {
          const notYet = fail('unavailable', 'The desktop core is still starting.');
          port.send({ type: 'result', id, json: resultText(notYet) });
          return;
        }
        // Encoded here, once, on the core's thread: the serving process forwards the text.
        void dispatchCall(core.handlers, name, args, log).then((result) =>
          port.send({ type: 'result', id, json: resultText(result) }),
        );
        return;
      }
      case 'secret_result':
        secrets.get(message.id)?.(message.value);
        secrets.delete(message.id);
        return;
      case 'close':
        void shutdown().then(() => {
          port.send({ type: 'closed' });
          deps.onClosed();
        });
        return;
    }
  });
  return { shutdown };
}
