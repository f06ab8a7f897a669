/**
 * Checks for updates at start and every 6 hours with electron-updater (passed in, so tests use a
 * fake). Only a packaged, non-development app checks: a dev build has no release feed, and an
 * unpackaged one would try to replace itself. A failed check (offline on a train, a feed that is
 * down) is logged and tried again next time; it never reaches the user as an error or a crash.
 */
import type { Logger } from '../core/log';
import { every as everyInterval, type Every } from '../core/notify';

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** The subset of electron-updater's autoUpdater the service uses. */
export interface UpdaterLike {
  checkForUpdatesAndNotify(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
}

export interface UpdaterServiceDeps {
  updater: UpdaterLike;
  /** Electron's app.isPackaged. */
  isPackaged: boolean;
  /** True when running from electron-vite's dev server. */
  isDevelopment: boolean;
  log: Logger;
  every?: Every;
  intervalMs?: number;
}

export interface UpdaterService {
  start(): void;
  /** One check now; resolves when it ended, whatever the outcome. */
  checkNow(): Promise<void>;
  stop(): void;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

export function createUpdaterService(deps: UpdaterServiceDeps): UpdaterService {
  const { updater, log } = deps;
  let running: Promise<void> | null = null;
  let stopTimer: (() => void) | null = null;
  let listening = false;
  const enabled = deps.isPackaged && !deps.isDevelopment;

  function checkNow(): Promise<void> {
    if (!enabled) return Promise.resolve();
    // A slow check (a large download) is not started twice by the next interval.
    if (running) return running;
    running = (async () => {
      try {
        await updater.checkForUpdatesAndNotify();
      } catch (error) {
        // The message may carry the feed's URL and status, which helps and is not personal data.
        log.warn('updater.check_failed', {
          error: errorName(error),
          message: error instanceof Error ? error.message : null,
        });
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    start() {
      if (stopTimer) return;
      if (!enabled) {
        log.info('updater.disabled', { reason: deps.isDevelopment ? 'development' : 'not_packaged' });
        return;
      }
      if (!listening) {
        listening = true;
        updater.on('error', (error) => log.warn('updater.error', { error: errorName(error) }));
        updater.on('update-downloaded', (info) => log.info('updater.downloaded', { version: info.version }));
      }
      void checkNow();
      stopTimer = (deps.every ?? everyInterval)(deps.intervalMs ?? UPDATE_CHECK_INTERVAL_MS, () => void checkNow());
    },
    checkNow,
    stop() {
      stopTimer?.();
      stopTimer = null;
    },
  };
}
