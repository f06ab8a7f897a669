import { describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract';
import { dispatchCall } from '../core/api/dispatch';
import { stubHandlers } from '../core/api/testing';
import { EventHub } from '../core/events';
import { silentLogger } from '../core/log';
import { resultOfText, resultText, type ResultText } from '../../shared/contract/resultText';
import { forwardEvents, registerContract, type IpcInvokeEvent, type IpcMainLike } from './ipc';

const appUrl = 'file:///app/out/renderer/index.html';

function setup() {
  const registered = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => registered.set(channel, listener),
    removeHandler: (channel) => registered.delete(channel),
  };
  const setLanguage = vi.fn((patch: { language?: 'it' | 'en' | null }) => ({ language: patch.language ?? null }));
  const handlers = stubHandlers({ 'settings:set': setLanguage });
  const texts: ResultText[] = [];
  const call = async (name: unknown, args: unknown) => {
    const text = resultText(await dispatchCall(handlers, name, args, silentLogger));
    texts.push(text);
    return text;
  };
  const stop = registerContract({ ipcMain, call, log: silentLogger, isTrustedSender: (f) => f.url === appUrl });
  const invokeRaw = (url: string | null, name: unknown, args: unknown) =>
    registered.get(IPC_CALL_CHANNEL)!({ senderFrame: url === null ? null : { url } }, name, args);
  /** The answer as the preload reads it. */
  const invoke = async (url: string | null, name: unknown, args: unknown) =>
    resultOfText(await invokeRaw(url, name, args));
  return { invoke, invokeRaw, texts, setLanguage, stop, registered };
}

describe('registerContract', () => {
  it('answers calls from the app window with a Result', async () => {
    const { invoke } = setup();
    expect(await invoke(appUrl, 'settings:set', { language: 'en' })).toEqual({ ok: true, value: { language: 'en' } });
  });

  it("hands the core's answer to the preload as the text the core made, unparsed", async () => {
    const { invokeRaw, texts } = setup();
    const answer = await invokeRaw(appUrl, 'settings:set', { language: 'en' });
    expect(typeof answer).toBe('string');
    expect(answer).toBe(texts[0]);
  });

  it('refuses calls from any other frame without running the handler', async () => {
    const { invoke, setLanguage } = setup();
    for (const url of ['https://evil.example/', null]) {
      expect(await invoke(url, 'settings:set', { language: 'en' })).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    }
    expect(setLanguage).not.toHaveBeenCalled();
  });

  it('validates arguments before the handler sees them', async () => {
    const { invoke, setLanguage } = setup();
    expect(await invoke(appUrl, 'settings:set', { language: 'de' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_args' },
    });
    expect(await invoke(appUrl, 'shell:exec', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(setLanguage).not.toHaveBeenCalled();
  });

  it('removes its handler when stopped', () => {
    const { stop, registered } = setup();
    stop();
    expect(registered.has(IPC_CALL_CHANNEL)).toBe(false);
  });
});

describe('forwardEvents', () => {
  it('sends events to the window until it is destroyed', async () => {
    const events = new EventHub();
    let destroyed = false;
    const send = vi.fn();
    forwardEvents(events, { isDestroyed: () => destroyed, send });
    const status = { state: 'online' as const, pending: 2, lastSyncAt: 1, lastError: null, progress: null, refused: 0 };
    events.emit('sync:status', status);
    destroyed = true;
    events.emit('sync:status', status);
    await Promise.resolve();
    events.emit('sync:status', status);
    expect(send.mock.calls).toEqual([[IPC_EVENT_CHANNEL, 'sync:status', status]]);
  });
});
