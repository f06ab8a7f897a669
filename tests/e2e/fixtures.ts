import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningHost {
  url: string;
  process: ChildProcess;
  dataFolder: string;
  /** Everything the host printed, for assertions and for debugging a failure. */
  output: () => string;
}

/**
 * A data folder the global setup prepared once (solo server seeded, replica synced): each test
 * starts from a copy instead of seeding a database of its own.
 */
export const templateFolder = (demoItems: number) => join('test-results', 'e2e-templates', `demo-${demoItems}`);

/** Starts a browser host (the built one, like `npm run web`) on a free port and a fresh data folder. */
export async function startHost(locale = 'it-IT', demoItems = 400): Promise<RunningHost> {
  const dataFolder = await mkdtemp(join(tmpdir(), 'moderator-desk-e2e-'));
  const template = templateFolder(demoItems);
  if (existsSync(template)) await cp(template, dataFolder, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      'out/main/web-host.js',
      '--port',
      '0',
      '--data-folder',
      dataFolder,
      '--locale',
      locale,
      '--demo-items',
      String(demoItems),
      // Work on this computer (the in-process server) without the first-run question.
      '--solo',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 90_000);
    const check = () => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${output}`)));
  });
  return { url, process: child, dataFolder, output: () => output };
}

/**
 * Waits until the host's core has its solo server (a process of its own, started in the
 * background while the page already works from the replica) and returns its URL.
 */
export async function soloServerUrl(host: RunningHost, timeoutMs = 90_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const url = /"event":"sync.solo_server","url":"(http:\/\/[^"]+)"/.exec(host.output())?.[1];
    if (url) return url;
    if (host.process.exitCode !== null || Date.now() - started > timeoutMs) {
      throw new Error(`the solo server did not start:\n${host.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function stopHost(host: RunningHost): Promise<void> {
  if (host.process.exitCode === null) {
    const exited = new Promise((resolve) => host.process.once('exit', resolve));
    host.process.kill('SIGTERM');
    await exited;
  }
  await rm(host.dataFolder, { recursive: true, force: true });
}

export const test = base.extend<{ host: RunningHost }>({
  host: [
    async ({}, use, testInfo) => {
      const host = await startHost();
      // Tests act as a team member would once the app is online: with its server up.
      await soloServerUrl(host);
      await use(host);
      // What the host logged (ids and codes only) says why a failed test's app did what it did.
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('host-log', { body: host.output() });
      await stopHost(host);
    },
    // Starting the in-process server (PGlite) takes seconds on a busy machine: not the test's time.
    { timeout: 120_000 },
  ],
});

export { expect } from '@playwright/test';
