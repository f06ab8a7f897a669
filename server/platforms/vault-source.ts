/**
 * Opens the token vault the server seals channel tokens with (./vault.ts), from the configured
 * keys or, on dev, demo and solo servers, from a key file the server creates on first start in
 * its data folder (`<SERVER_DATA_DIR>/token-vault.key`, mode 0600). A server others can reach
 * refuses to start without configured keys (server/config.ts). Never logs key material.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DatabaseConfig, TokenVaultSource } from '../config';
import type { TokenVault } from './vault';
import { createTokenVault, fingerprint, parseVaultKeys } from './vault';

export interface OpenedVault {
  readonly vault: TokenVault;
  /** For the start-up log: where the keys came from (a path, never a key). */
  readonly from: 'configured' | 'memory' | { readonly file: string; readonly created: boolean };
}

/** Comment lines only, and no comma in them: the key file's format splits keys at commas (./vault.ts). */
const HEADER =
  '# Moderator Desk token vault key: made by the server for a dev/demo/solo install.\n' +
  '# Keep it with the data folder; without it the stored platform tokens cannot be opened.\n' +
  '# Production: set TOKEN_VAULT_KEYS or TOKEN_VAULT_KEY_FILE instead (docs/platforms.md).\n';

/** Reads the key file, or creates it (without overwriting one another process just made). */
export function openGeneratedKeyFile(path: string): OpenedVault {
  let created = false;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const key = randomBytes(32);
    writeFileSync(path, `${HEADER}local-${fingerprint(key)}:${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    created = true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
  return { vault: createTokenVault(parseVaultKeys(readFileSync(path, 'utf8'))), from: { file: path, created } };
}

/**
 * The vault for `source`; a config built in code without one (tests, benchmarks, the desktop's
 * solo server) gets a key file in its PGlite data folder, or a key in memory when it has none.
 */
export function openVault(source: TokenVaultSource | undefined, database: DatabaseConfig): OpenedVault {
  if (source?.kind === 'keys') return { vault: createTokenVault(source.keys), from: 'configured' };
  if (source?.kind === 'generated_file') return openGeneratedKeyFile(source.path);
  if (database.kind === 'pglite' && database.dataDir !== '') {
    return openGeneratedKeyFile(join(database.dataDir, 'token-vault.key'));
  }
  const key = randomBytes(32);
  return { vault: createTokenVault([{ id: `memory-${fingerprint(key)}`, key }]), from: 'memory' };
}
