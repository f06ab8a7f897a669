import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_GLOBAL, IPC_CALL_CHANNEL, type Bridge } from '../../shared/contract';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: (..._args: unknown[]): Promise<unknown> => Promise.resolve(undefined),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => electron.invoke(...args),
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

async function loadBridge(): Promise<Bridge> {
  await import('./index');
  return electron.exposed.get(BRIDGE_GLOBAL) as Bridge;
}

beforeEach(() => {
  electron.invoke = () => Promise.resolve(undefined);
});

describe('the preload', () => {
  it("parses the main process's answer text and gives the page the Result value", async () => {
    const bridge = await loadBridge();
    const asked: unknown[][] = [];
    electron.invoke = (...args) => {
      asked.push(args);
      return Promise.resolve('{"ok":true,"value":{"language":"en"}}');
    };
    expect(await bridge.call('settings:get', {})).toEqual({ ok: true, value: { language: 'en' } });
    expect(asked).toEqual([[IPC_CALL_CHANNEL, 'settings:get', {}]]);
  });

  it('turns malformed answer text into an internal error the page can show', async () => {
    const bridge = await loadBridge();
    electron.invoke = () => Promise.resolve('{"ok":true,"value":{"langu');
    expect(await bridge.call('settings:get', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    electron.invoke = () => Promise.resolve({ ok: true, value: 'not text' });
    expect(await bridge.call('settings:get', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
