import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { SettingsStore } from './store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('starts with the system language and keeps a choice across restarts', async () => {
    const first = await SettingsStore.open(dir, silentLogger);
    expect(first.get()).toEqual({ language: null });
    await first.update({ language: 'en' });
    const second = await SettingsStore.open(dir, silentLogger);
    expect(second.get()).toEqual({ language: 'en' });
  });

  it('writes a file only the user can read', async () => {
    const store = await SettingsStore.open(dir, silentLogger);
    await store.update({ language: 'it' });
    expect((await stat(join(dir, 'settings.json'))).mode & 0o777).toBe(0o600);
  });

  it('keeps the last of several quick changes', async () => {
    const store = await SettingsStore.open(dir, silentLogger);
    await Promise.all([
      store.update({ language: 'it' }),
      store.update({ language: 'en' }),
      store.update({ language: null }),
    ]);
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toEqual({ language: null });
  });

  it.each([['{ not json'], ['{"language":"klingon"}'], ['[]']])(
    'falls back to defaults on an unreadable file: %s',
    async (text) => {
      await writeFile(join(dir, 'settings.json'), text);
      const warnings: string[] = [];
      const store = await SettingsStore.open(dir, { ...silentLogger, warn: (event) => warnings.push(event) });
      expect(store.get()).toEqual({ language: null });
      expect(warnings).toEqual(['settings.unreadable']);
    },
  );
});
