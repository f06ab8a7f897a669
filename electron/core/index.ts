/**
 * The desktop core: plain Node, no `electron` import. The Electron shell and the browser host
 * construct it with what differs between them (data folder, locale, host kind, logger) and
 * carry its contract to the renderer over their own transport.
 */
import { mkdir } from 'node:fs/promises';
import type { Settings } from '../../shared/contract';
import type { Handlers } from './api/dispatch';
import { EventHub } from './events';
import type { Logger } from './log';
import { SettingsStore } from './settings/store';

export interface CoreOptions {
  appName: string;
  appVersion: string;
  dataFolder: string;
  /** BCP 47 tag of the operating system's locale, e.g. "it-IT"; null when unknown. */
  systemLocale: string | null;
  host: 'electron' | 'web';
  log: Logger;
}

export interface Core {
  readonly handlers: Handlers;
  readonly events: EventHub;
  /** The current settings, for the shell (tray and notification language). */
  settings(): Settings;
  close(): Promise<void>;
}

export async function startCore(options: CoreOptions): Promise<Core> {
  const { log } = options;
  await mkdir(options.dataFolder, { recursive: true });
  const settings = await SettingsStore.open(options.dataFolder, log);
  const events = new EventHub();
  events.emit('sync:status', { state: 'offline', pending: 0, lastSyncAt: null, lastError: null });

  const handlers: Handlers = {
    'app:info': () => ({
      name: options.appName,
      version: options.appVersion,
      systemLocale: options.systemLocale,
      dataFolder: options.dataFolder,
      host: options.host,
    }),
    'settings:get': () => settings.get(),
    'settings:set': async (patch) => {
      const next = await settings.update(patch);
      events.emit('settings:changed', next);
      return next;
    },
  };

  log.info('core.started', { host: options.host });
  return {
    handlers,
    events,
    settings: () => settings.get(),
    async close() {
      log.info('core.closed');
    },
  };
}
