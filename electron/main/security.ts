/**
 * Everything that keeps the renderer in its box: no navigation away from the app, no new
 * windows, no webviews, no permissions. External links open in the system browser only when
 * their host is on the allowlist. Narrow structural types let the unit tests pass fakes.
 */

export interface PreventableEvent {
  preventDefault(): void;
}

export interface GuardedWebContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

/** Hosts whose https links may open in the system browser (platform pages of an interaction). */
export const EXTERNAL_HOST_ALLOWLIST = [
  'facebook.com',
  'www.facebook.com',
  'instagram.com',
  'www.instagram.com',
  'business.google.com',
  'maps.google.com',
  'www.youtube.com',
  'youtube.com',
  'x.com',
  'twitter.com',
  'www.linkedin.com',
] as const;

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    (EXTERNAL_HOST_ALLOWLIST as readonly string[]).includes(url.hostname)
  );
}

/** True when `target` is the page the window was loaded with (a reload), never elsewhere. */
export function isSamePage(target: string, appUrl: string): boolean {
  try {
    const a = new URL(target);
    const b = new URL(appUrl);
    return a.origin === b.origin && a.pathname === b.pathname && a.protocol === b.protocol;
  } catch {
    return false;
  }
}

export function guardWebContents(
  contents: GuardedWebContents,
  deps: { appUrl: () => string; openExternal: (url: string) => void },
): void {
  const refuse = (event: PreventableEvent & { url: string }) => {
    if (isSamePage(event.url, deps.appUrl())) return;
    event.preventDefault();
    if (isAllowedExternalUrl(event.url)) deps.openExternal(event.url);
  };
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) deps.openExternal(url);
    return { action: 'deny' };
  });
}

export function denyAllPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
