#!/usr/bin/env node
// `npm start`: the desktop app in Electron (electron-vite dev). Electron's binary is fetched at
// first run, and better-sqlite3 needs a build for Electron's ABI, kept apart from the Node build
// that tests and `npm run web` use. Where either cannot be had, say so in one sentence.
import { spawnSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;

function giveUp(sentence) {
  console.error(sentence);
  process.exit(1);
}

function electronInstalled() {
  const pathFile = join(electronDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')));
}

if (!electronInstalled()) {
  console.log(`Fetching Electron ${electronVersion} (first run only)…`);
  const fetched = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: 'ignore',
    timeout: 10 * 60_000,
  });
  if (fetched.status !== 0 || !electronInstalled()) {
    giveUp(
      `Electron ${electronVersion} is not installed here and could not be downloaded, so the desktop window cannot open: run \`npm run web\` to use the app in your browser instead.`,
    );
  }
}

// better-sqlite3 built for Electron, in a cache folder so node_modules keeps the Node build.
const abiDir = join(
  root,
  'node_modules',
  '.cache',
  'electron-native',
  `${electronVersion}-${process.platform}-${process.arch}`,
);
const binding = join(abiDir, 'better_sqlite3.node');
if (!existsSync(binding)) {
  console.log(`Building the SQLite module for Electron ${electronVersion} (first run only)…`);
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'moderator-desk-native-'));
  try {
    cpSync(source, work, { recursive: true, filter: (path) => !path.includes(`${source}/build`) });
    const bin = (name) => join(root, 'node_modules', '.bin', name);
    const prebuilt = spawnSync(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion], {
      cwd: work,
      stdio: 'ignore',
    });
    if (prebuilt.status !== 0) {
      spawnSync(
        bin('node-gyp'),
        [
          'rebuild',
          '--release',
          `--target=${electronVersion}`,
          '--runtime=electron',
          '--dist-url=https://electronjs.org/headers',
        ],
        {
          cwd: work,
          stdio: 'ignore',
        },
      );
    }
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) {
      giveUp(
        `The SQLite module could not be built for Electron ${electronVersion} (no prebuilt download and no local build): run \`npm run web\` to use the app in your browser instead.`,
      );
    }
    mkdirSync(abiDir, { recursive: true });
    copyFileSync(built, binding);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const child = spawn(join(root, 'node_modules', '.bin', 'electron-vite'), ['dev', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MODERATOR_DESK_SQLITE_BINDING: binding },
});
child.on('exit', (code) => process.exit(code ?? 1));
