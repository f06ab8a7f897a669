/**
 * The serving process's `Core`: a thin proxy to the desktop core in its own process, so the
 * process that serves the window (or the page) never runs the core's work on its own thread.
 */
import {
  calls,
  ContractFailure,
  fail,
  type CallName,
  type EventName,
  type EventPayload,
  type Settings,
} from '../../shared/contract';
import type { Core } from '../core';
import type { Handlers } from '../core/api/dispatch';
import { EventHub } from '../core/events';
import type { Logger } from '../core/log';
import type { NotifierOutput } from '../core/notify/types';
import type { SecretBox } from '../core/sync/session';
import { fromCore, type CoreProcess, type FromCore, type RemoteCoreOptions } from './protocol';
import { resultOfText, resultText, type ResultText } from '../../shared/contract/resultText';

/**
 * A backstop for a core that never answers (the renderer gives up first, after the contract's
 * own CALL_TIMEOUT_MS): the call's entry is dropped and its caller told.
 */
export const CALL_TIMEOUT_MS = 120_000;
export const START_TIMEOUT_MS = 120_000;
export const CLOSE_TIMEOUT_MS = 15_000;

export interface RemoteCore extends Core {
  /**
   * A contract call as the transports make it: never throws; the answer is the Result's JSON
   * text as the core process made it (already checked against the contract there), for the
   * transport to forward unparsed. Code of this process that needs the value uses `handlers`.
   */
  call(name: unknown, args: unknown): Promise<ResultText>;
  /** Called when the core process ended without being asked to (crash, killed). */
  onCrash(listener: (code: number | null) => void): void;
}

export interface RemoteCoreDeps {
  log: Logger;
  /** The OS keychain, when the serving side has one (Electron's safeStorage). */
  secretBox?: SecretBox | null;
  callTimeoutMs?: number;
  startTimeoutMs?: number;
  closeTimeoutMs?: number;
}

/** Starts the core in `child` with `options`; resolves once it answers calls. */
export async function startRemoteCore(
  child: CoreProcess,
  options: Omit<RemoteCoreOptions, 'secretBox'>,
  deps: RemoteCoreDeps,
): Promise<RemoteCore> {
  const { log } = deps;
  const callTimeoutMs = deps.callTimeoutMs ?? CALL_TIMEOUT_MS;
  const events = new EventHub((name, issues) => log.error('contract.event_mismatch', { event: name, issues }));
  const pending = new Map<number, (text: ResultText) => void>();
  const notifyListeners = new Set<(output: NotifierOutput) => void>();
  const crashListeners = new Set<(code: number | null) => void>();
  let nextId = 0;
  let current: Settings = { language: null };
  let closing = false;
  let gone: ResultText | null = null;
  let onStarted: (message: FromCore) => void = () => undefined;
  let markReady: (ok: boolean) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = (ok) => (ok ? resolve() : reject(new Error('The desktop core could not prepare its data.')));
  });
  ready.catch(() => undefined);
  let exited: (code: number | null) => void = () => undefined;
  const exit = new Promise<number | null>((resolve) => (exited = resolve));

  child.onMessage((raw) => {
    const parsed = fromCore.safeParse(raw);
    if (!parsed.success) {
      log.warn('remote.bad_message');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'started':
        current = message.settings;
        onStarted(message);
        return;
      case 'start_failed':
      case 'closed':
        onStarted(message);
        return;
      case 'ready':
        markReady(message.ok);
        return;
      case 'result':
        // Forwarded as it came: the text is our own core process's, checked there (protocol.ts).
        pending.get(message.id)?.(message.json as ResultText);
        pending.delete(message.id);
        return;
      case 'event': {
        const name: EventName = message.name;
        if (name === 'settings:changed') current = message.payload as Settings;
        // The hub checks the payload against the contract before any renderer sees it.
        events.emit(name, message.payload as EventPayload<typeof name>);
        return;
      }
      case 'notify':
        for (const listener of notifyListeners) listener(message.output);
        return;
      case 'secret':
        void answerSecret(message.op, message.data).then((value) =>
          child.send({ type: 'secret_result', id: message.id, value }),
        );
        return;
    }
  });

  const answerSecret = async (op: 'encrypt' | 'decrypt', data: string): Promise<string | null> => {
    const box = deps.secretBox;
    if (!box) return null;
    try {
      return op === 'encrypt'
        ? (await box.encrypt(data)).toString('base64')
        : await box.decrypt(Buffer.from(data, 'base64'));
    } catch {
      return null;
    }
  };

  child.onExit((code) => {
    exited(code);
    gone = resultText(
      closing
        ? fail('unavailable', 'The desktop core is closed.')
        : fail('unavailable', 'The desktop core stopped unexpectedly; restart the app.'),
    );
    for (const answer of pending.values()) answer(gone);
    pending.clear();
    markReady(false);
    onStarted({ type: 'start_failed', message: `The desktop core stopped while starting (exit code ${code}).` });
    if (!closing) {
      log.error('remote.core_exited', { code });
      for (const listener of crashListeners) listener(code);
    }
  });

  const call = (name: unknown, args: unknown): Promise<ResultText> => {
    if (gone) return Promise.resolve(gone);
    if (typeof name !== 'string' || name.length === 0 || name.length > 100) {
      return Promise.resolve(
        resultText(fail('unknown_call', `"${String(name).slice(0, 100)}" is not a call of this app.`)),
      );
    }
    const id = nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        log.warn('remote.call_timeout', { call: name.slice(0, 100) });
        resolve(resultText(fail('timeout', `The desktop core did not answer ${name.slice(0, 100)} in time.`)));
      }, callTimeoutMs);
      pending.set(id, (text) => {
        clearTimeout(timer);
        resolve(text);
      });
      child.send({ type: 'call', id, name, args });
    });
  };

  // The contract's handlers, for code that calls the core directly (the shell, tests): the few
  // answers this process itself needs, parsed here.
  const handlers = Object.fromEntries(
    (Object.keys(calls) as CallName[]).map((name) => [
      name,
      async (args: unknown) => {
        const result = resultOfText(await call(name, args));
        if (!result.ok) throw new ContractFailure(result.error.code, result.error.message);
        return result.value;
      },
    ]),
  ) as unknown as Handlers;

  const started = new Promise<FromCore>((resolve) => (onStarted = resolve));
  child.send({ type: 'start', options: { ...options, secretBox: Boolean(deps.secretBox) } });
  const startTimer = setTimeout(
    () => onStarted({ type: 'start_failed', message: 'The desktop core did not start in time.' }),
    deps.startTimeoutMs ?? START_TIMEOUT_MS,
  );
  const first = await started.finally(() => clearTimeout(startTimer));
  if (first.type !== 'started') {
    closing = true;
    child.kill();
    throw new Error(first.type === 'start_failed' ? first.message : 'The desktop core closed while starting.');
  }

  return {
    handlers,
    events,
    ready,
    call,
    settings: () => current,
    onNotify(listener) {
      notifyListeners.add(listener);
      return () => notifyListeners.delete(listener);
    },
    onCrash(listener) {
      crashListeners.add(listener);
    },
    async close() {
      if (closing) {
        await exit;
        return;
      }
      closing = true;
      if (gone) return;
      child.send({ type: 'close' });
      const timer = setTimeout(() => {
        log.warn('remote.close_timeout');
        child.kill();
      }, deps.closeTimeoutMs ?? CLOSE_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
    },
  };
}
