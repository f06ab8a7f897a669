import type { AppUpdater } from 'electron-updater';
import { describe, expect, it, vi } from 'vitest';
import type { LogFields, Logger } from '../core/log';
import { createUpdaterService, UPDATE_CHECK_INTERVAL_MS, type UpdaterLike, type UpdaterServiceDeps } from './updater';

// Compile-time: electron-updater's autoUpdater fits, so index.ts can pass it as it is.
const _real: UpdaterLike = null as unknown as AppUpdater;
void _real;

function setup(overrides: Partial<UpdaterServiceDeps> = {}) {
  const listeners = new Map<string, (arg: never) => void>();
  const check = vi.fn<() => Promise<unknown>>(() => Promise.resolve(null));
  const updater: UpdaterLike = {
    checkForUpdatesAndNotify: check,
    on: (event: string, listener: (arg: never) => void) => listeners.set(event, listener),
  };
  const lines: [string, string, LogFields | undefined][] = [];
  const log: Logger = {
    info: (event, fields) => lines.push(['info', event, fields]),
    warn: (event, fields) => lines.push(['warn', event, fields]),
    error: (event, fields) => lines.push(['error', event, fields]),
  };
  let tick: (() => void) | null = null;
  const stopTimer = vi.fn();
  const every = vi.fn((_ms: number, fn: () => void) => {
    tick = fn;
    return stopTimer;
  });
  const service = createUpdaterService({ updater, isPackaged: true, isDevelopment: false, log, every, ...overrides });
  const emit = <T>(event: string, arg: T) => (listeners.get(event) as ((arg: T) => void) | undefined)?.(arg);
  return { service, check, lines, every, stopTimer, tick: () => tick?.(), emit };
}

describe('UpdaterService', () => {
  it('checks at start and every 6 hours', async () => {
    const { service, check, every, tick } = setup();
    service.start();
    expect(check).toHaveBeenCalledOnce();
    expect(every.mock.calls[0]?.[0]).toBe(UPDATE_CHECK_INTERVAL_MS);
    await Promise.resolve();
    tick();
    expect(check).toHaveBeenCalledTimes(2);
  });

  it.each([
    [{ isDevelopment: true }, 'development'],
    [{ isPackaged: false }, 'not_packaged'],
  ])('never checks in development or unpackaged (%o)', async (overrides, reason) => {
    const { service, check, every, lines } = setup(overrides);
    service.start();
    await service.checkNow();
    expect(check).not.toHaveBeenCalled();
    expect(every).not.toHaveBeenCalled();
    expect(lines).toEqual([['info', 'updater.disabled', { reason }]]);
  });

  it('logs a failed check without throwing, and checks again next time', async () => {
    const { service, check, lines, tick } = setup();
    check.mockRejectedValueOnce(new Error('net::ERR_INTERNET_DISCONNECTED'));
    service.start();
    await service.checkNow();
    expect(lines).toEqual([
      ['warn', 'updater.check_failed', { error: 'Error', message: 'net::ERR_INTERNET_DISCONNECTED' }],
    ]);
    tick();
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('survives a check that throws synchronously', async () => {
    const { service, check, lines } = setup();
    check.mockImplementationOnce(() => {
      throw new TypeError('feed not configured');
    });
    expect(() => service.start()).not.toThrow();
    await service.checkNow();
    expect(lines[0]).toEqual(['warn', 'updater.check_failed', { error: 'TypeError', message: 'feed not configured' }]);
  });

  it('does not start a second check while one is running', async () => {
    const { service, check, tick } = setup();
    let finish: (value: null) => void = () => {};
    check.mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)));
    service.start();
    tick();
    tick();
    expect(check).toHaveBeenCalledOnce();
    const inFlight = service.checkNow();
    finish(null);
    await inFlight;
    await service.checkNow();
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('logs the updater’s own errors and downloads', () => {
    const { service, emit, lines } = setup();
    service.start();
    emit('error', new Error('sha512 checksum mismatch'));
    emit('update-downloaded', { version: '0.2.0' });
    expect(lines).toEqual([
      ['warn', 'updater.error', { error: 'Error' }],
      ['info', 'updater.downloaded', { version: '0.2.0' }],
    ]);
  });

  it('stops its timer, and starting twice sets one timer', () => {
    const { service, every, stopTimer } = setup();
    service.start();
    service.start();
    expect(every).toHaveBeenCalledOnce();
    service.stop();
    expect(stopTimer).toHaveBeenCalledOnce();
  });
});
