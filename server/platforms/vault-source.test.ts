import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openVault } from './vault-source';

const folder = mkdtempSync(join(tmpdir(), 'md-vault-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('openVault', () => {
  it('creates a key file readable by its owner only on first start, and opens the same key after a restart', () => {
    const path = join(folder, 'data', 'token-vault.key');
    const first = openVault({ kind: 'generated_file', path }, { kind: 'postgres', url: 'postgres://x' });
    expect(first.from).toEqual({ file: path, created: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const sealed = first.vault.seal('a token', 'ch-1');
    const second = openVault({ kind: 'generated_file', path }, { kind: 'postgres', url: 'postgres://x' });
    expect(second.from).toEqual({ file: path, created: false });
    expect(second.vault.open(sealed, 'ch-1')).toBe('a token');
    expect(readFileSync(path, 'utf8')).toMatch(/TOKEN_VAULT_KEYS/);
  });

  it('puts the key file in the data folder of a PGlite config built in code, and in memory without one', () => {
    const dataDir = join(folder, 'solo', 'server');
    expect(openVault(undefined, { kind: 'pglite', dataDir }).from).toEqual({
      file: join(dataDir, 'token-vault.key'),
      created: true,
    });
    expect(openVault(undefined, { kind: 'pglite', dataDir: '' }).from).toBe('memory');
  });
});
