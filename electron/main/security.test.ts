import { describe, expect, it, vi } from 'vitest';
import {
  denyAllPermissions,
  guardWebContents,
  isAllowedExternalUrl,
  type GuardedSession,
  type GuardedWebContents,
  type PreventableEvent,
} from './security';

type NavListener = (event: PreventableEvent & { url: string }) => void;

/** A fake of the few WebContents methods the guard uses; it records what the guard registered. */
function fakeContents() {
  const listeners = new Map<string, NavListener>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  const contents: GuardedWebContents = {
    on: (event: string, listener: NavListener) => listeners.set(event, listener),
    setWindowOpenHandler: (handler) => {
      openHandler = handler;
    },
  };
  const fire = (event: string, url = '') => {
    const preventDefault = vi.fn();
    listeners.get(event)?.({ url, preventDefault });
    return preventDefault;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

const appUrl = 'file:///app/out/renderer/index.html';

describe('guardWebContents', () => {
  it('blocks navigation away from the app and opens allowlisted links in the system browser', () => {
    const fake = fakeContents();
    const openExternal = vi.fn();
    guardWebContents(fake.contents, { appUrl: () => appUrl, openExternal });

    expect(fake.fire('will-navigate', 'https://evil.example/phish')).toHaveBeenCalled();
    expect(fake.fire('will-redirect', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(fake.fire('will-navigate', 'https://www.facebook.com/post/1')).toHaveBeenCalled();
    expect(openExternal.mock.calls).toEqual([['https://www.facebook.com/post/1']]);
  });

  it('lets the app reload its own page', () => {
    const fake = fakeContents();
    guardWebContents(fake.contents, { appUrl: () => appUrl, openExternal: vi.fn() });
    expect(fake.fire('will-navigate', `${appUrl}#queue`)).not.toHaveBeenCalled();
  });

  it('denies every new window, opening only allowlisted https links outside', () => {
    const fake = fakeContents();
    const openExternal = vi.fn();
    guardWebContents(fake.contents, { appUrl: () => appUrl, openExternal });
    expect(fake.open('https://x.com/someone/status/1')).toEqual({ action: 'deny' });
    expect(fake.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(fake.open('http://x.com/insecure')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://x.com/someone/status/1']]);
  });

  it('refuses webviews', () => {
    const fake = fakeContents();
    guardWebContents(fake.contents, { appUrl: () => appUrl, openExternal: vi.fn() });
    expect(fake.fire('will-attach-webview')).toHaveBeenCalled();
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://www.youtube.com/watch?v=1', true],
    ['https://www.linkedin.com/feed/', true],
    ['http://www.youtube.com/', false],
    ['https://user:pass@www.facebook.com/', false],
    ['https://facebook.com.evil.example/', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });
});

describe('denyAllPermissions', () => {
  it('answers no to every permission request and check', () => {
    let request: Parameters<GuardedSession['setPermissionRequestHandler']>[0] | null = null;
    let check: (() => boolean) | null = null;
    denyAllPermissions({
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
    });
    const callback = vi.fn();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      request!({}, permission, callback);
    }
    expect(callback.mock.calls).toEqual([[false], [false], [false], [false]]);
    expect(check!()).toBe(false);
  });
});
