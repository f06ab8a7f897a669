/**
 * The Electron shell: lifecycle and wiring only. It starts the desktop core (plain Node) in a
 * utilityProcess of its own (core-process.ts), opens one hardened window, carries the contract
 * over IPC, and drives the tray, notifications and updates. Nothing here is business logic, and
 * nothing here waits on the core's work: the window stays responsive while the core is busy.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  safeStorage,
  session,
  shell,
  Tray,
  utilityProcess,
} from 'electron';
import electronUpdater from 'electron-updater';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import iconPath from '../../resources/icon.png?asset';
import { languageForLocale } from '../../shared/i18n';
import { createConsoleLogger } from '../core/log';
import { createTranslator } from '../core/notify';
import { startRemoteCore, type RemoteCore } from '../remote/client';
import { reportCoreCrash, utilityCoreProcess } from './core-process';
import { forwardEvents, registerContract } from './ipc';
import { createNotificationService, type NotificationService } from './notifications';
import { denyAllPermissions, guardWebContents, isSamePage } from './security';
import { createTrayService, traySyncState, type TrayService } from './tray';
import { createUpdaterService } from './updater';
import { mainWindowOptions } from './window';

const here = fileURLToPath(new URL('.', import.meta.url));
const log = createConsoleLogger();
// Set by electron-vite in development: the renderer's dev server.
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererUrl = devServerUrl ?? pathToFileURL(join(here, '../renderer/index.html')).href;

let core: RemoteCore | null = null;
let mainWindow: BrowserWindow | null = null;
let tray: TrayService | null = null;
let notifications: NotificationService | null = null;
const updater = createUpdaterService({
  updater: electronUpdater.autoUpdater,
  isPackaged: app.isPackaged,
  isDevelopment: devServerUrl !== undefined,
  log,
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Windows shows notifications only for an app with an id.
  app.setAppUserModelId('com.moderatordesk.app');
  app.on('second-instance', () => showMainWindow());
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, {
      appUrl: () => rendererUrl,
      openExternal: (url) => void shell.openExternal(url),
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    updater.stop();
    notifications?.closeAll();
    tray?.destroy();
    // Quit once the core closed its data files (and stopped the solo server) cleanly.
    const closing = core;
    if (!closing) return;
    core = null;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  const systemLocale = app.getPreferredSystemLanguages()[0] ?? app.getLocale();
  // Built next to this file (electron.vite.config.ts); its log goes to this process's stderr.
  const child = utilityCoreProcess(
    utilityProcess.fork(join(here, 'core-process.js'), [], { serviceName: `${app.getName()} core`, stdio: 'inherit' }),
  );
  const running = await startRemoteCore(
    child,
    {
      appName: app.getName(),
      appVersion: app.getVersion(),
      dataFolder: app.getPath('userData'),
      systemLocale,
      host: 'electron',
      // `npm start` builds better-sqlite3 for Electron's ABI (scripts/start.mjs).
      ...(process.env.MODERATOR_DESK_SQLITE_BINDING
        ? { nativeBinding: process.env.MODERATOR_DESK_SQLITE_BINDING }
        : {}),
    },
    {
      log,
      // The team-server session is kept encrypted by the OS keychain where one is available;
      // safeStorage works in the main process only, so the core asks for it over its port.
      secretBox: safeStorage.isEncryptionAvailable()
        ? { encrypt: (text) => safeStorage.encryptString(text), decrypt: (data) => safeStorage.decryptString(data) }
        : null,
    },
  );
  core = running;
  const language = () => running.settings().language ?? languageForLocale(systemLocale);
  running.onCrash(() =>
    reportCoreCrash({
      appName: app.getName(),
      language,
      translatorFor: createTranslator,
      showDialog: (options) => dialog.showMessageBoxSync(options),
      relaunch: () => app.relaunch(),
      exit: (code) => app.exit(code),
    }),
  );
  registerContract({
    ipcMain,
    call: running.call,
    log,
    isTrustedSender: (frame) => isSamePage(frame.url, rendererUrl),
  });

  const trayIcon = nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 });
  tray = createTrayService({
    createTray: (icon) => new Tray(icon),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    translatorFor: createTranslator,
    language: language(),
    appName: app.getName(),
    icons: { online: trayIcon, offline: trayIcon, syncing: trayIcon },
    onOpen: showMainWindow,
    onQuit: () => app.quit(),
    setAppBadge: (count) => void app.setBadgeCount(count),
  });
  notifications = createNotificationService({
    createNotification: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    translatorFor: createTranslator,
    language: language(),
    focusWindow: showMainWindow,
    onOpenItem: (itemId) => {
      showMainWindow();
      running.events.emit('notify:open', { type: 'item', itemId });
    },
    onOpenView: (view) => {
      showMainWindow();
      running.events.emit('notify:open', { type: 'view', view });
    },
    log,
  });
  running.events.on('sync:status', (status) => tray?.setSyncState(traySyncState(status)));
  running.onNotify((output) => {
    tray?.setBadge(output.badge);
    notifications?.show(output.notifications);
  });
  running.events.on('settings:changed', () => {
    tray?.setLanguage(language());
    notifications?.setLanguage(language());
  });

  showMainWindow();
  updater.start();
  app.on('activate', showMainWindow);
}

/** Shows the main window, restoring or re-creating it (tray, notification click, second launch). */
function showMainWindow(): void {
  if (!core) return;
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return;
  }
  const window = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs'), app.getName()));
  mainWindow = window;
  const stopEvents = forwardEvents(core.events, window.webContents);
  window.on('closed', () => {
    stopEvents();
    if (mainWindow === window) mainWindow = null;
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl);
}
