// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/**
 * Folder = runtime, enforced here (docs/architecture.md):
 * - renderer/ imports only shared/ (no Node, no Electron, no core, no server);
 * - shared/ is pure: no Node, no Electron, no DOM, nothing outside shared/;
 * - only electron/main imports 'electron' (and the preload, for contextBridge and ipcRenderer);
 * - raw ipcMain only in the shell's typed wrapper and its wiring; ipcRenderer only in the preload.
 */
const noNodeMessage = 'This folder runs without Node: no Node built-ins here.';
// Exact names (a pattern like "events" would also match "./events").
const noNodePaths = builtinModules
  .filter((name) => !name.startsWith('_'))
  .map((name) => ({ name, message: noNodeMessage }));
const noNode = { group: ['node:*'], message: noNodeMessage };
const noElectron = {
  name: 'electron',
  message: "Only electron/main imports 'electron'; the core must run in plain Node.",
};
const noNativeDb = { name: 'better-sqlite3', message: 'SQLite lives in the desktop core only.' };
const outside = (folders, message) => ({
  group: folders.flatMap((folder) => [`**/${folder}/**`, `**/${folder}`]),
  message,
});

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noNativeDb, ...noNodePaths],
          patterns: [
            noNode,
            outside(['electron', 'server'], 'The renderer talks to the core only through the contract in shared/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noNativeDb, ...noNodePaths],
          patterns: [noNode, outside(['electron', 'renderer', 'server'], 'shared/ imports nothing outside shared/.')],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'localStorage', 'navigator', 'location', 'fetch', 'process', 'Buffer'].map(
          (name) => ({
            name,
            message: 'shared/ is pure: no DOM, no Node, no I/O.',
          }),
        ),
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcRenderer', 'contextBridge'],
              message: 'ipcRenderer and contextBridge belong to the preload.',
            },
          ],
          patterns: [outside(['renderer'], 'The shell does not import the renderer.')],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/index.ts', 'electron/main/ipc.ts', 'electron/main/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='electron'] ImportSpecifier[imported.name='ipcMain']",
          message: 'Use the typed wrapper in electron/main/ipc.ts, never raw ipcMain.',
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowImportNames: ['contextBridge', 'ipcRenderer', 'IpcRendererEvent'],
              message: 'The preload uses only contextBridge and ipcRenderer.',
            },
          ],
          patterns: [outside(['core', 'main', 'web', 'renderer', 'server'], 'The preload imports only shared/.')],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            outside(
              ['main', 'preload', 'renderer'],
              'The core and the browser host run without Electron or the renderer.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [outside(['electron', 'renderer'], 'The server imports only shared/.')],
        },
      ],
    },
  },
  {
    files: ['tests/e2e/**/*.ts'],
    rules: {
      // Playwright fixtures destructure an empty object by design.
      'no-empty-pattern': 'off',
    },
  },
);
