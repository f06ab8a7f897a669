import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCore, type Core, type CoreOptions } from '../core';
import { EventHub } from '../core/events';
import { silentLogger } from '../core/log';
import type { NotifierOutput } from '../core/notify/types';
import type { SecretBox } from '../core/sync/session';
import { startRemoteCore, type RemoteCore } from './client';
import type { CoreProcess, FromCore } from './protocol';
import { resultOfText } from '../../shared/contract/resultText';
import { serveCore } from './serve';

/**
 * Both ends in one process, joined by an in-memory channel that copies every message the way
 * the real transports do (structured clone) and delivers it on a later turn.
 */
function pair() {
  let toServing: (message: unknown) => void = () => undefined;
  let toCore: (message: unknown) => void = () => undefined;
  const exitListeners: ((code: number | null) => void)[] = [];
  let alive = true;
  const deliver = (listener: () => (message: unknown) => void, message: unknown) =>
    setImmediate(() => alive && listener()(structuredClone(message)));
  const exit = (code: number | null) => {
    if (!alive) return;
    alive = false;
    setImmediate(() => exitListeners.forEach((listener) => listener(code)));
  };
  const child: CoreProcess = {
    send: (message) => deliver(() => toCore, message),
    onMessage: (listener) => (toServing = listener),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => exit(null),
  };
  const corePort = {
    send: (message: FromCore) => deliver(() => toServing, message),
    onMessage: (listener: (message: unknown) => void) => (toCore = listener),
  };
  /** What the core process sees arriving, raw (for messages a broken peer might send). */
  const injectToServing = (message: unknown) => deliver(() => toServing, message);
  return { child, corePort, exit, injectToServing };
}

const baseOptions = (dataFolder: string) => ({
  appName: 'Moderator Desk',
  appVersion: '1.2.3',
  dataFolder,
  systemLocale: 'it-IT',
  host: 'web' as const,
  demoItems: 30,
  sync: 'off' as const,
});

let dir: string;
const running: RemoteCore[] = [];
/** The cores' own ends: closed even when a test crashed the channel between them. */
const served: { shutdown(): Promise<void> }[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'remote-core-'));
});
afterEach(async () => {
  while (running.length) await running.pop()?.close();
  while (served.length) await served.pop()?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

/** A call's answer read as the page reads it (the proxy hands the text on unparsed). */
const answer = async (core: RemoteCore, name: unknown, args: unknown) => resultOfText(await core.call(name, args));

async function startPair(options: { start?: (base: Core) => Core; secretBox?: SecretBox | null } = {}) {
  const { child, corePort, exit, injectToServing } = pair();
  let inner: Core | null = null;
  let given: CoreOptions | null = null;
  const end = serveCore(corePort, {
    start: async (coreOptions) => {
      given = coreOptions;
      const core = await startCore(coreOptions);
      inner = options.start ? options.start(core) : core;
      return inner;
    },
    log: silentLogger,
    onClosed: () => exit(0),
  });
  served.push(end);
  const core = await startRemoteCore(child, baseOptions(dir), {
    log: silentLogger,
    secretBox: options.secretBox ?? null,
    callTimeoutMs: 5000,
  });
  running.push(core);
  return { core, exit, injectToServing, inner: () => inner, given: () => given };
}

describe('the core in another process', () => {
  it('answers contract calls with the core’s Results, and its handlers throw its failures', async () => {
    const { core } = await startPair();
    await core.ready;
    const page = await answer(core, 'queue:list', { limit: 3 });
    expect(page).toMatchObject({ ok: true });
    if (page.ok) expect((page.value as { rows: unknown[] }).rows).toHaveLength(3);
    expect(await answer(core, 'app:info', {})).toMatchObject({ ok: true, value: { host: 'web', version: '1.2.3' } });
    expect(await answer(core, 'settings:set', { language: 'de' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_args' },
    });
    expect(await answer(core, 'shell:exec', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    await expect(core.handlers['item:get']({ itemId: 'it-nope' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('carries events and settings: a language change reaches the shell’s settings() and subscribers', async () => {
    const { core } = await startPair();
    expect(core.settings()).toEqual({ language: null });
    const seen = vi.fn();
    core.events.on('settings:changed', seen);
    await core.handlers['settings:set']({ language: 'en' });
    await vi.waitFor(() => expect(seen).toHaveBeenCalledWith({ language: 'en' }));
    expect(core.settings()).toEqual({ language: 'en' });
    // A new window gets the current sync status at once (replayed by the serving side's hub).
    const statuses: string[] = [];
    core.events.on('sync:status', (status) => statuses.push(status.state));
    expect(statuses).toEqual(['offline']);
  });

  it('forwards what to notify, checked on arrival', async () => {
    const hub = new EventHub();
    let notify: (output: NotifierOutput) => void = () => undefined;
    const { core } = await startPair({
      start: (base) => ({
        ...base,
        events: hub,
        onNotify: (listener) => {
          notify = listener;
          return () => undefined;
        },
      }),
    });
    const outputs: NotifierOutput[] = [];
    core.onNotify((output) => outputs.push(output));
    const notification = {
      kind: 'urgent_dm' as const,
      title: { key: 'notify.urgent.title' },
      body: { key: 'notify.urgent.body', params: { name: 'Ada' } },
      target: { type: 'item' as const, itemId: 'it-1' },
      silent: false,
      replaces: null,
      announces: ['reason:urgent_dm:it-1'],
    };
    notify({ badge: 2, notifications: [notification] });
    await vi.waitFor(() => expect(outputs).toEqual([{ badge: 2, notifications: [notification] }]));
  });

  it('keeps the session secret with the serving side’s keychain', async () => {
    const box: SecretBox = {
      encrypt: (text) => Buffer.from(`sealed:${text}`),
      decrypt: (data) => data.toString().replace(/^sealed:/, ''),
    };
    const { given } = await startPair({ secretBox: box });
    const remote = given()?.secretBox;
    if (!remote) throw new Error('the core was given no keychain');
    const sealed = await remote.encrypt('token-1');
    expect(sealed.toString()).toBe('sealed:token-1');
    expect(await remote.decrypt(sealed)).toBe('token-1');
  });

  it('without a keychain on the serving side, the core stores the session as a 0600 file', async () => {
    const { given } = await startPair();
    expect(given()?.secretBox).toBeNull();
  });

  it('a crash is visible: pending and later calls fail with unavailable, and the shell is told', async () => {
    let entered = false;
    const { core, exit } = await startPair({
      start: (base) => ({
        ...base,
        handlers: {
          ...base.handlers,
          'settings:get': () => {
            entered = true;
            return new Promise<never>(() => undefined);
          },
        },
      }),
    });
    const crashed = vi.fn();
    core.onCrash(crashed);
    const pending = answer(core, 'settings:get', {});
    await vi.waitFor(() => expect(entered).toBe(true));
    exit(137);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'unavailable', message: /stopped unexpectedly/ } });
    expect(crashed).toHaveBeenCalledWith(137);
    expect(await answer(core, 'app:info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('a call the core never answers times out', async () => {
    const { core } = await startPair({
      start: (base) => ({
        ...base,
        handlers: { ...base.handlers, 'settings:get': () => new Promise<never>(() => undefined) },
      }),
    });
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const late = answer(core, 'settings:get', {});
      await vi.advanceTimersByTimeAsync(5001);
      expect(await late).toMatchObject({ ok: false, error: { code: 'timeout', message: /in time/ } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('hands on the text of a result as the core process made it, without parsing it', async () => {
    let entered = false;
    const { core, injectToServing } = await startPair({
      start: (base) => ({
        ...base,
        handlers: {
          ...base.handlers,
          'settings:get': () => {
            entered = true;
            return new Promise<never>(() => undefined);
          },
        },
      }),
    });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const pending = core.call('settings:get', {});
      await vi.waitFor(() => expect(entered).toBe(true));
      // Spacing and a field the contract does not know: a decoded and re-encoded answer would
      // lose both. The text arrives as it was sent (it is our own core's, checked there).
      const text = '{ "ok": true, "value": { "language": "en" }, "spacing": "kept" }';
      injectToServing({ type: 'result', id: 0, json: text });
      expect(await pending).toBe(text);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('ignores malformed messages from the core process and keeps working', async () => {
    const { core, injectToServing } = await startPair();
    injectToServing({ type: 'result', id: 'x' });
    injectToServing({ type: 'result', id: 0, json: { ok: true, value: 1 } });
    injectToServing({ type: 'event', name: 'not:an-event', payload: {} });
    injectToServing('garbage');
    expect(await answer(core, 'settings:get', {})).toEqual({ ok: true, value: { language: null } });
  });

  it('a core that cannot start says why, and nothing is left running', async () => {
    const { child, corePort, exit } = pair();
    serveCore(corePort, {
      start: () => Promise.reject(new Error('disk full')),
      log: silentLogger,
      onClosed: () => exit(0),
    });
    await expect(startRemoteCore(child, baseOptions(dir), { log: silentLogger })).rejects.toThrow(
      /could not start: disk full/,
    );
  });

  it('close() closes the core in its process', async () => {
    const { core, inner } = await startPair();
    const closed = vi.spyOn(inner()!, 'close');
    await core.close();
    running.pop();
    expect(closed).toHaveBeenCalledOnce();
    expect(await answer(core, 'settings:get', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
