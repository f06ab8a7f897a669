import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { resolve, sep } from 'node:path';

const root = import.meta.dirname;
const sharedDir = resolve(root, 'shared') + sep;

/**
 * The dev server injects inline scripts (React refresh) and talks over a WebSocket for hot
 * reload, which the production CSP in index.html forbids; relax it in `serve` mode only.
 */
function devCsp(): Plugin {
  return {
    name: 'moderator-desk:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* http://localhost:*"),
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          // The browser host: the same core without Electron (`npm run web`, e2e tests).
          'web-host': resolve(root, 'electron/web/cli.ts'),
          // The desktop core's own process (a utilityProcess in Electron, a child of the web host).
          'core-process': resolve(root, 'electron/remote/core-process.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), devCsp()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // Less to fetch and parse before the queue shows (cold-open figure, bench:ui).
      minify: true,
      rollupOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
        // shared/ is pure (types, schemas, rules): a module there is bundled only for what the
        // page uses of it, so the first bundle builds none of the contract's zod schemas (the
        // core checks answers and events against them; renderer/src/transport/validate.ts).
        treeshake: { moduleSideEffects: (id: string) => !id.startsWith(sharedDir) },
      },
    },
  },
});
