/**
 * The desktop core under the Electron shell: an Electron utilityProcess running
 * out/main/core-process.js (electron/remote/core-process.ts), so the main process only routes
 * (windows, tray, notifications, IPC) and the window never waits on the core's work. Thin on
 * purpose: the protocol and the proxy are electron/remote/, shared with the browser host.
 */
import type { Language } from '../../shared/domain/entities';
import type { Translate } from '../core/notify';
import type { CoreProcess } from '../remote/protocol';

/** What index.ts passes: Electron's `UtilityProcess` fits as it is. */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export function utilityCoreProcess(child: UtilityProcessLike): CoreProcess {
  let exitCode: number | null | undefined;
  const exitListeners: ((code: number | null) => void)[] = [];
  child.on('exit', (code) => {
    exitCode = code;
    for (const listener of exitListeners) listener(code);
  });
  return {
    send(message) {
      if (exitCode === undefined) child.postMessage(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      if (exitCode === undefined) exitListeners.push(listener);
      else listener(exitCode);
    },
    kill() {
      if (exitCode === undefined) child.kill();
    },
  };
}

export interface CoreCrashDeps {
  appName: string;
  language: () => Language;
  translatorFor: (language: Language) => Translate;
  /** A modal error dialog; returns the index of the button chosen. */
  showDialog: (options: { type: 'error'; title: string; message: string; buttons: string[] }) => number;
  relaunch: () => void;
  exit: (code: number) => void;
}

/**
 * The core process stopped without being asked: the window can no longer read or save
 * anything. Say so plainly and offer a restart (a new core process opens the same data).
 */
export function reportCoreCrash(deps: CoreCrashDeps): void {
  const t = deps.translatorFor(deps.language());
  const app = deps.appName;
  const choice = deps.showDialog({
    type: 'error',
    title: t('notify.coreCrashed.title', { app }),
    message: t('notify.coreCrashed.message', { app }),
    buttons: [t('notify.coreCrashed.restart'), t('notify.coreCrashed.quit')],
  });
  if (choice === 0) deps.relaunch();
  deps.exit(1);
}
