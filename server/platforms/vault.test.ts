import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTokenVault, fingerprint, parseVaultKeys, VaultError, vaultKeysFromEnv } from './vault';

const keyA = Buffer.alloc(32, 1);
const keyB = Buffer.alloc(32, 2);
const TOKEN = 'EAAGm0PX4ZCpsBA-very-secret-page-token';

function vaultError(run: () => unknown): VaultError {
  try {
    run();
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected a VaultError');
}

describe('token vault', () => {
  it('seals a token so that the stored text does not contain it, and opens it back', () => {
    const vault = createTokenVault([{ id: 'k1', key: keyA }]);
    const sealed = vault.seal(TOKEN, 'channel-1');
    expect(sealed).not.toContain(TOKEN);
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(vault.open(sealed, 'channel-1')).toBe(TOKEN);
    expect(vault.seal(TOKEN, 'channel-1')).not.toBe(sealed); // a fresh IV every time
  });

  it('detects any altered byte, a swapped tag, or a value moved to another channel — without echoing the token', () => {
    const vault = createTokenVault([{ id: 'k1', key: keyA }]);
    const sealed = vault.seal(TOKEN, 'channel-1');
    const [format, id, iv, data, tag] = sealed.split('.') as [string, string, string, string, string];
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const other = vault.seal('another token', 'channel-1').split('.')[4] ?? '';
    for (const bad of [
      [format, id, iv, flipped.toString('base64url'), tag].join('.'),
      [format, id, iv, data, other].join('.'),
    ]) {
      const error = vaultError(() => vault.open(bad, 'channel-1'));
      expect(error.code).toBe('tampered');
      expect(error.message).not.toContain(TOKEN);
    }
    expect(vaultError(() => vault.open(sealed, 'channel-2')).code).toBe('tampered');
    expect(vaultError(() => vault.open('v1.k1.abc', 'channel-1')).code).toBe('malformed');
    expect(vaultError(() => vault.open(TOKEN)).code).toBe('malformed');
  });

  it('rotates: opens with any known key, seals with the newest, rewraps old values', () => {
    const old = createTokenVault([{ id: 'k1', key: keyA }]);
    const sealedOld = old.seal(TOKEN, 'c');
    const rotated = createTokenVault([
      { id: 'k2', key: keyB },
      { id: 'k1', key: keyA },
    ]);
    expect(rotated.open(sealedOld, 'c')).toBe(TOKEN);
    const rewrapped = rotated.rewrap(sealedOld, 'c');
    expect(rotated.keyIdOf(rewrapped)).toBe('k2');
    expect(rotated.rewrap(rewrapped, 'c')).toBe(rewrapped);
    // Once k1 is retired, a value still under it names the missing key.
    const retired = createTokenVault([{ id: 'k2', key: keyB }]);
    expect(retired.open(rewrapped, 'c')).toBe(TOKEN);
    const error = vaultError(() => retired.open(sealedOld, 'c'));
    expect(error).toMatchObject({ code: 'unknown_key', keyId: 'k1' });
  });

  it('reads keys from TOKEN_VAULT_KEYS or a key file, newest first, ids given or derived', () => {
    const env = { TOKEN_VAULT_KEYS: `k2:${keyB.toString('base64')}, ${keyA.toString('base64')}` };
    const keys = vaultKeysFromEnv(env);
    expect(keys.map((key) => key.id)).toEqual(['k2', fingerprint(keyA)]);
    const dir = mkdtempSync(join(tmpdir(), 'vault-'));
    const file = join(dir, 'keys');
    writeFileSync(file, `# newest first\nk3:${keyA.toString('base64')}\n`);
    expect(vaultKeysFromEnv({ TOKEN_VAULT_KEY_FILE: file }).map((key) => key.id)).toEqual(['k3']);
  });

  it('refuses no key, a short key, a bad id or a repeated id', () => {
    expect(vaultError(() => vaultKeysFromEnv({})).code).toBe('no_key');
    expect(vaultError(() => parseVaultKeys(Buffer.alloc(16).toString('base64'))).code).toBe('bad_key');
    expect(vaultError(() => parseVaultKeys(`bad id:${keyA.toString('base64')}`)).code).toBe('bad_key');
    expect(vaultError(() => parseVaultKeys(`k:${keyA.toString('base64')},k:${keyB.toString('base64')}`)).code).toBe(
      'duplicate_key_id',
    );
    expect(vaultError(() => createTokenVault([])).code).toBe('no_key');
  });
});
