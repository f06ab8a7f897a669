import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from './window';

describe('mainWindowOptions', () => {
  it('sandboxes the renderer with context isolation and no Node', () => {
    const { webPreferences, show } = mainWindowOptions('/app/preload/index.cjs', 'Moderator Desk');
    expect(webPreferences).toMatchObject({
      preload: '/app/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(show).toBe(false);
  });
});
