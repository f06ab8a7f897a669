/**
 * The preload: exposes one narrow object to the renderer and nothing else. It forwards a call
 * name and arguments (validated in the main process) and delivers the core's events. The raw
 * ipcRenderer never reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type Bridge } from '../../shared/contract/client';

const bridge: Bridge = {
  call: (name, args) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, args),
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
