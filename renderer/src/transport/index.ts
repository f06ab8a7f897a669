import { BRIDGE_GLOBAL, WEB_CONTRACT_PATH, type Bridge, type ContractClient } from '../../../shared/contract';
import { createBridgeClient } from './bridge';
import { createWebSocketClient } from './websocket';

function isBridge(value: unknown): value is Bridge {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Bridge).call === 'function' &&
    typeof (value as Bridge).on === 'function'
  );
}

/** IPC when the Electron preload exposed its bridge, otherwise the browser host's WebSocket. */
export function connectToCore(win: Window): ContractClient {
  const bridge: unknown = (win as unknown as Record<string, unknown>)[BRIDGE_GLOBAL];
  if (isBridge(bridge)) return createBridgeClient(bridge);
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketClient(`${scheme}//${win.location.host}${WEB_CONTRACT_PATH}`);
}
