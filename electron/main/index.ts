/**
 * The Electron shell: lifecycle and wiring only. It starts the desktop core (plain Node), opens
 * one hardened window and carries the contract over IPC. Nothing here is business logic.
 */
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startCore, type Core } from '../core';
import { createConsoleLogger } from '../core/log';
import { forwardEvents, registerContract } from './ipc';
import { denyAllPermissions, guardWebContents, isSamePage } from './security';
import { mainWindowOptions } from './window';

const here = fileURLToPath(new URL('.', import.meta.url));
const log = createConsoleLogger();
// Set by electron-vite in development: the renderer's dev server.
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererUrl = devServerUrl ?? pathToFileURL(join(here, '../renderer/index.html')).href;

let core: Core | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, {
      appUrl: () => rendererUrl,
      openExternal: (url) => void shell.openExternal(url),
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    void core?.close();
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  core = await startCore({
    appName: app.getName(),
    appVersion: app.getVersion(),
    dataFolder: app.getPath('userData'),
    systemLocale: app.getPreferredSystemLanguages()[0] ?? app.getLocale(),
    host: 'electron',
    log,
  });
  registerContract({
    ipcMain,
    handlers: core.handlers,
    log,
    isTrustedSender: (frame) => isSamePage(frame.url, rendererUrl),
  });
  openMainWindow(core);
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openMainWindow(core);
  });
}

function openMainWindow(running: Core): void {
  const window = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs'), app.getName()));
  const stopEvents = forwardEvents(running.events, window.webContents);
  window.on('closed', stopEvents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl);
}
