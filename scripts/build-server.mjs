#!/usr/bin/env node
// Builds the team server to plain JavaScript in out/server/ (`npm run build` runs it after the
// desktop's build): one ES module per entry with the repository's own code (server/ and shared/,
// JSON locales included) bundled in, and every npm package left as an import, so the output runs
// with the run-time `dependencies` alone (`npm ci --omit=dev`). The approver page's stylesheet is
// copied beside it.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}out/server`;

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'server/main.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
cpSync(`${root}server/approvals/static`, `${outdir}/static`, { recursive: true });
console.log('server built to out/server/main.js');
