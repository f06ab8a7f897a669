import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { undoSendSecondsOf, type Settings } from '../../../shared/contract';
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

describe('SettingsStore: the undo-send window', () => {
  it('is absent (the 10 s default) in older files and keeps a choice across restarts', async () => {
    await writeFile(join(dir, 'settings.json'), '{"language":"it"}');
    const first = await SettingsStore.open(dir, silentLogger);
    expect(undoSendSecondsOf(first.get())).toBe(10);
    await first.update({ undoSendSeconds: 30 });
    const second = await SettingsStore.open(dir, silentLogger);
    expect(second.get()).toEqual({ language: 'it', undoSendSeconds: 30 });
    expect(undoSendSecondsOf(second.get())).toBe(30);
  });

  it('refuses a window that is not one of the choices', async () => {
    const store = await SettingsStore.open(dir, silentLogger);
    // As a file edited by hand or an older renderer could send it.
    const notAChoice = JSON.parse('{"undoSendSeconds":7}') as Partial<Settings>;
    await expect(store.update(notAChoice)).rejects.toThrow();
    expect(store.get()).toEqual({ language: null });
  });
});
