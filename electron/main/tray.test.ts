import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createTranslator } from '../core/notify';
import { createTrayService, traySyncState, type TrayLike, type TrayMenuItem, type TrayServiceDeps } from './tray';

// Compile-time: the real Electron objects fit the service, so index.ts can pass them as they are.
const _realTray: TrayLike<Menu, NativeImage> = null as unknown as Tray;
const _realMenu: (template: TrayMenuItem[]) => Menu = (template) =>
  (null as unknown as typeof Menu).buildFromTemplate(template satisfies MenuItemConstructorOptions[]);
void _realTray;
void _realMenu;

/** A fake tray that records every draw, and a menu that is just its template. */
function setup(overrides: Partial<TrayServiceDeps<TrayMenuItem[], string>> = {}) {
  const draws: string[] = [];
  let menu: TrayMenuItem[] = [];
  let click: (() => void) | null = null;
  const tray: TrayLike<TrayMenuItem[], string> = {
    setToolTip: (text) => draws.push(`tooltip ${text}`),
    setContextMenu: (built) => {
      menu = built;
      draws.push('menu');
    },
    setImage: (path) => draws.push(`image ${path}`),
    on: (_event, listener) => (click = listener),
    destroy: () => draws.push('destroy'),
  };
  const createTray = vi.fn((_icon: string) => tray);
  const spies = { onOpen: vi.fn(), onQuit: vi.fn(), setAppBadge: vi.fn() };
  const deps = {
    createTray,
    buildMenu: (template: TrayMenuItem[]) => template,
    translatorFor: createTranslator,
    language: 'en' as const,
    appName: 'Moderator Desk',
    icons: { online: '/res/icon.png', offline: '/res/icon-offline.png', syncing: '/res/icon.png' },
    ...spies,
    ...overrides,
  };
  const service = createTrayService(deps);
  const labels = () => menu.map((item) => (item.type === 'separator' ? '---' : item.label));
  const tooltip = () =>
    draws
      .filter((d) => d.startsWith('tooltip '))
      .at(-1)
      ?.slice('tooltip '.length);
  return { service, draws, deps: spies, createTray, labels, tooltip, menu: () => menu, click: () => click?.() };
}

describe('TrayService', () => {
  it('draws the tooltip and the menu once at start', () => {
    const { draws, createTray, labels, tooltip, deps } = setup();
    expect(createTray).toHaveBeenCalledWith('/res/icon-offline.png');
    expect(tooltip()).toBe('Moderator Desk — Nothing needs attention · Offline');
    expect(labels()).toEqual(['Open Moderator Desk', 'Nothing needs attention', '---', 'Quit']);
    expect(draws).toEqual(['tooltip Moderator Desk — Nothing needs attention · Offline', 'menu']);
    expect(deps.setAppBadge.mock.calls).toEqual([[0]]);
  });

  it('shows the count and the sync state', () => {
    const { service, tooltip, labels, menu } = setup();
    service.setBadge(3);
    expect(tooltip()).toBe('Moderator Desk — 3 items need attention · Offline');
    service.setBadge(1);
    service.setSyncState('syncing');
    expect(tooltip()).toBe('Moderator Desk — 1 item needs attention · Syncing…');
    expect(labels()[1]).toBe('1 item needs attention');
    expect(menu()[1]?.enabled).toBe(false);
  });

  it('does not draw again for unchanged values', () => {
    const { service, draws, deps } = setup();
    service.setBadge(3);
    const count = draws.length;
    service.setBadge(3);
    service.setSyncState('offline');
    service.setLanguage('en');
    expect(draws.length).toBe(count);
    expect(deps.setAppBadge.mock.calls).toEqual([[0], [3]]);
  });

  it('redraws only the parts that changed', () => {
    const { service, draws } = setup();
    draws.length = 0;
    // Online and syncing share one icon: the image is not set again between them.
    service.setSyncState('online');
    service.setSyncState('syncing');
    expect(draws).toEqual([
      'image /res/icon.png',
      'tooltip Moderator Desk — Nothing needs attention · Online',
      'tooltip Moderator Desk — Nothing needs attention · Syncing…',
    ]);
  });

  it('follows the language', () => {
    const { service, tooltip, labels } = setup();
    service.setBadge(2);
    service.setLanguage('it');
    expect(tooltip()).toBe('Moderator Desk — 2 elementi richiedono attenzione · Offline');
    expect(labels()).toEqual(['Apri Moderator Desk', '2 elementi richiedono attenzione', '---', 'Esci']);
  });

  it('opens the window from the icon and the menu, and quits from the menu', () => {
    const { click, menu, deps } = setup();
    click();
    menu()[0]?.click?.();
    expect(deps.onOpen).toHaveBeenCalledTimes(2);
    menu()[3]?.click?.();
    expect(deps.onQuit).toHaveBeenCalledOnce();
  });

  it('treats a nonsense count as zero', () => {
    const { service, tooltip } = setup();
    service.setBadge(-4);
    service.setBadge(Number.NaN);
    expect(tooltip()).toBe('Moderator Desk — Nothing needs attention · Offline');
  });
});

describe('the sync state the tray shows', () => {
  it('says synced only while changes flow: reachable without the live connection is still syncing', () => {
    expect(traySyncState({ state: 'online', live: true })).toBe('online');
    expect(traySyncState({ state: 'online', live: false })).toBe('syncing');
    expect(traySyncState({ state: 'online' })).toBe('syncing');
    expect(traySyncState({ state: 'offline', live: false })).toBe('offline');
    expect(traySyncState({ state: 'syncing', live: true })).toBe('syncing');
  });
});
