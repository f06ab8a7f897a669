/**
 * The preload: exposes one narrow object to the renderer and nothing else. It forwards a call
 * name and arguments (validated in the main process) and delivers the core's events. The raw
 * ipcRenderer never reaches the page.
 *
 * A call's answer comes from the main process as the Result's JSON text, made and checked against
 * the contract by the core process and forwarded unparsed (electron/main/ipc.ts): it is parsed
 * here, in the renderer's process, and the page gets the Result value as before. Text that is not
 * a Result becomes an 'internal' error Result (shared/contract/resultText.ts).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type Bridge } from '../../shared/contract/client';
import { resultOfText } from '../../shared/contract/resultText';

const bridge: Bridge = {
  call: async (name, args) => resultOfText(await ipcRenderer.invoke(IPC_CALL_CHANNEL, name, args)),
  on: (event, listener) => {
    const relay = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
