import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The runtime boundaries of docs/architecture.md are lint errors. Each case lints a one-line file as
 * if it sat in a folder, and expects (or not) a no-restricted-* error.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.startsWith('no-restricted-'))
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe('runtime boundaries', () => {
  // The first lint loads the config and the TypeScript parser: seconds on a busy machine.
  beforeAll(() => eslint.lintText('', { filePath: 'renderer/src/warm-up.ts' }), 120_000);

  it.each([
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nreadFileSync('a');"],
    ['renderer/src/x.ts', "import fs from 'fs';\nfs.readFileSync('a');"],
    ['renderer/src/x.ts', "import { app } from 'electron';\napp.quit();"],
    ['renderer/src/x.ts', "import { startCore } from '../../electron/core';\nvoid startCore;"],
    ['renderer/src/x.ts', "import Database from 'better-sqlite3';\nvoid Database;"],
    ['shared/domain/x.ts', "import { app } from 'electron';\napp.quit();"],
    ['shared/domain/x.ts', "import { join } from 'node:path';\njoin('a');"],
    ['shared/domain/x.ts', 'export const w = document.title;'],
    ['shared/domain/x.ts', "import { App } from '../../renderer/src/app/App';\nvoid App;"],
    ['electron/core/x.ts', "import { app } from 'electron';\napp.quit();"],
    ['electron/web/x.ts', "import { BrowserWindow } from 'electron';\nvoid BrowserWindow;"],
    ['server/x.ts', "import { app } from 'electron';\napp.quit();"],
    ['scripts/x.ts', "import { app } from 'electron';\napp.quit();"],
    ['tests/e2e/x.ts', "import { app } from 'electron';\napp.quit();"],
    ['electron/main/tray.ts', "import { ipcMain } from 'electron';\nvoid ipcMain;"],
    ['electron/main/index.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;"],
    ['electron/preload/index.ts', "import { app } from 'electron';\napp.quit();"],
  ])('%s refuses: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['electron/main/index.ts', "import { app, ipcMain } from 'electron';\nvoid app; void ipcMain;"],
    ['electron/main/window.ts', "import { BrowserWindow } from 'electron';\nvoid BrowserWindow;"],
    [
      'electron/preload/index.ts',
      "import { contextBridge, ipcRenderer } from 'electron';\nvoid contextBridge; void ipcRenderer;",
    ],
    ['electron/core/x.ts', "import { join } from 'node:path';\njoin('a');"],
    ['renderer/src/x.ts', "import { calls } from '../../shared/contract';\nvoid calls;"],
    [
      'shared/contract/x.ts',
      "import { item } from '../domain/entities';\nimport { events } from './events';\nvoid item; void events;",
    ],
  ])('%s allows: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
