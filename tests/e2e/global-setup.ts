/**
 * Prepares the data folder the e2e tests start from: a browser host in solo mode seeds its
 * in-process server with the demo workspace and fills its replica from the snapshot, once;
 * every test then runs on a copy (tests/e2e/fixtures.ts).
 */
import { cp, rm } from 'node:fs/promises';
import { startHost, stopHost, templateFolder } from './fixtures';

const DEMO_ITEMS = 400;

export default async function globalSetup(): Promise<void> {
  const target = templateFolder(DEMO_ITEMS);
  await rm(target, { recursive: true, force: true });
  const host = await startHost('it-IT', DEMO_ITEMS);
  const started = Date.now();
  while (!host.output().includes('sync.snapshot_done')) {
    if (Date.now() - started > 180_000) throw new Error(`the template host never synced:\n${host.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Stop first: PGlite and SQLite fold their logs back into the files on a clean close.
  const folder = host.dataFolder;
  await new Promise<void>((resolve) => {
    host.process.once('exit', () => resolve());
    host.process.kill('SIGTERM');
  });
  await cp(folder, target, { recursive: true });
  await stopHost(host);
}
