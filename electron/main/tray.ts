/**
 * The tray icon: tooltip "Moderator Desk — 3 items need attention · Offline" and a menu with
 * Open, the pending count and Quit. Built from injected factories so tests pass fakes; the
 * setters skip unchanged values and everything is drawn in `render`, which also skips what is
 * already on screen (Linux rebuilds the whole menu on every setContextMenu).
 */
import type { Language } from '../../shared/domain/entities';
import type { Translate } from '../core/notify';

export type TraySyncState = 'online' | 'offline' | 'syncing';

/**
 * What the tray says of a sync status: "synced" only while changes flow (the status's `live`,
 * docs/sync.md); reachable but without the live connection reads as still syncing.
 */
export function traySyncState(status: { readonly state: TraySyncState; readonly live?: boolean }): TraySyncState {
  return status.state === 'online' && status.live !== true ? 'syncing' : status.state;
}

/** The subset of Electron's MenuItemConstructorOptions the tray uses. */
export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  click?: () => void;
}

/**
 * The subset of Electron's Tray the service uses. `M` is whatever `buildMenu` returns; `I` is an
 * icon (a path, or a NativeImage resized for the tray: a 512 px PNG would show huge on macOS).
 */
export interface TrayLike<M, I> {
  setToolTip(toolTip: string): void;
  setContextMenu(menu: M): void;
  setImage(image: I): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayServiceDeps<M, I> {
  createTray: (icon: I) => TrayLike<M, I>;
  buildMenu: (template: TrayMenuItem[]) => M;
  /** A translator per language (core/notify's `createTranslator`, or i18next's fixed-language t). */
  translatorFor: (language: Language) => Translate;
  language: Language;
  appName: string;
  /** Icon per sync state; one icon for all is fine until there are variants (compared by identity). */
  icons: Readonly<Record<TraySyncState, I>>;
  onOpen: () => void;
  onQuit: () => void;
  /** The dock / launcher badge (Electron's app.setBadgeCount), where the platform has one. */
  setAppBadge?: (count: number) => void;
  syncState?: TraySyncState;
}

export interface TrayService {
  setBadge(count: number): void;
  setSyncState(state: TraySyncState): void;
  setLanguage(language: Language): void;
  destroy(): void;
}

interface TrayView<I> {
  icon: I;
  toolTip: string;
  menu: TrayMenuItem[];
  badge: number;
}

export function createTrayService<M, I>(deps: TrayServiceDeps<M, I>): TrayService {
  const state = { badge: 0, sync: deps.syncState ?? 'offline', language: deps.language };
  let t = deps.translatorFor(state.language);
  let shown: TrayView<I> | null = null;
  const tray = deps.createTray(deps.icons[state.sync]);
  // Windows and macOS open the window on a left click; Linux only has the menu.
  tray.on('click', () => deps.onOpen());

  function view(): TrayView<I> {
    const attention =
      state.badge === 0 ? t('notify.tray.attentionNone') : t('notify.tray.attention', { count: state.badge });
    return {
      icon: deps.icons[state.sync],
      toolTip: t('notify.tray.tooltip', {
        app: deps.appName,
        attention,
        sync: t(`notify.tray.sync.${state.sync}`),
      }),
      menu: [
        { label: t('notify.tray.open', { app: deps.appName }), click: () => deps.onOpen() },
        { label: attention, enabled: false },
        { type: 'separator' },
        { label: t('notify.tray.quit'), click: () => deps.onQuit() },
      ],
      badge: state.badge,
    };
  }

  const menuLabels = (menu: TrayMenuItem[]) => menu.map((item) => `${item.type ?? 'normal'}:${item.label ?? ''}`);

  /** The one place that draws: each part only when it differs from what is on screen. */
  function render(): void {
    const next = view();
    // createTray drew the first icon.
    if (shown !== null && next.icon !== shown.icon) tray.setImage(next.icon);
    if (shown === null || next.toolTip !== shown.toolTip) tray.setToolTip(next.toolTip);
    if (shown === null || menuLabels(next.menu).join('\n') !== menuLabels(shown.menu).join('\n')) {
      tray.setContextMenu(deps.buildMenu(next.menu));
    }
    if (shown === null || next.badge !== shown.badge) deps.setAppBadge?.(next.badge);
    shown = next;
  }

  render();
  return {
    setBadge(count) {
      const badge = Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0;
      if (badge === state.badge) return;
      state.badge = badge;
      render();
    },
    setSyncState(sync) {
      if (sync === state.sync) return;
      state.sync = sync;
      render();
    },
    setLanguage(language) {
      if (language === state.language) return;
      state.language = language;
      t = deps.translatorFor(language);
      render();
    },
    destroy() {
      tray.destroy();
    },
  };
}
