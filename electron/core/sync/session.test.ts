import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_FILE, SessionStore, type SecretBox } from './session';

const folders: string[] = [];
const folder = () => {
  const made = mkdtempSync(join(tmpdir(), 'session-'));
  folders.push(made);
  return made;
};
afterEach(() => folders.splice(0).forEach((made) => rmSync(made, { recursive: true, force: true })));

const team = {
  mode: 'team' as const,
  serverUrl: 'https://moderation.example.com',
  userId: 'us-giulia',
  token: 'secret-token-value',
  expiresAt: 1_800_000_000_000,
};

/** Stands in for the OS keychain: reversible, and the token is not readable in the file. */
const box: SecretBox = {
  encrypt: (text) => Buffer.from(Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)),
  decrypt: (data) => Buffer.from(data.map((byte) => byte ^ 0x5a)).toString('utf8'),
};

describe('the stored session', () => {
  it('is a file only its owner can read (the browser host has no keychain)', async () => {
    const dir = folder();
    const store = new SessionStore(dir, null);
    await store.save(team);
    expect(statSync(join(dir, SESSION_FILE)).mode & 0o777).toBe(0o600);
    expect(await store.load()).toEqual(team);
  });

  it('is encrypted by the keychain when the shell has one: no token in clear on disk', async () => {
    const dir = folder();
    const store = new SessionStore(dir, box);
    await store.save(team);
    expect(readFileSync(join(dir, SESSION_FILE), 'utf8')).not.toContain('secret-token-value');
    expect(await store.load()).toEqual(team);
  });

  it('reads as signed out when missing, damaged or not decryptable', async () => {
    const dir = folder();
    expect(await new SessionStore(dir, null).load()).toBeNull();
    writeFileSync(join(dir, SESSION_FILE), '{"mode":"team"');
    expect(await new SessionStore(dir, null).load()).toBeNull();
    await new SessionStore(dir, null).save(team);
    expect(await new SessionStore(dir, box).load()).toBeNull();
  });

  it('is gone after sign-out', async () => {
    const store = new SessionStore(folder(), null);
    await store.save({ mode: 'solo', userId: 'us-giulia' });
    await store.clear();
    expect(await store.load()).toBeNull();
  });
});
