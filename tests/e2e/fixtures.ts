import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningHost {
  url: string;
  process: ChildProcess;
  dataFolder: string;
  /** Everything the host printed, for assertions and for debugging a failure. */
  output: () => string;
}

/** Starts a browser host (the built one, like `npm run web`) on a free port and a fresh data folder. */
export async function startHost(locale = 'it-IT', demoItems = 400): Promise<RunningHost> {
  const dataFolder = await mkdtemp(join(tmpdir(), 'moderator-desk-e2e-'));
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
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 20_000);
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

export async function stopHost(host: RunningHost): Promise<void> {
  if (host.process.exitCode === null) {
    const exited = new Promise((resolve) => host.process.once('exit', resolve));
    host.process.kill('SIGTERM');
    await exited;
  }
  await rm(host.dataFolder, { recursive: true, force: true });
}

export const test = base.extend<{ host: RunningHost }>({
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await stopHost(host);
  },
});

export { expect } from '@playwright/test';
