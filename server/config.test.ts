import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('defaults to the embedded database in the home folder, on loopback, with the demo', () => {
    expect(loadConfig({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: join(homedir(), '.moderator-desk', 'server') },
      sessionTtlMs: 12 * 3_600_000,
      logLevel: 'info',
      seed: 'demo',
      demoItems: 2000,
      meta: {},
      tokenVault: { kind: 'generated_file', path: join(homedir(), '.moderator-desk', 'server', 'token-vault.key') },
    });
  });

  it('reads every setting, and seeds nothing by default on a reachable address', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://desk:secret@db:5432/desk',
      SESSION_TTL_HOURS: '0.5',
      LOG_LEVEL: 'warn',
      SERVER_DATA_DIR: '',
      TOKEN_VAULT_KEYS: `k2026:${KEY}`,
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      database: { kind: 'postgres', url: 'postgres://desk:secret@db:5432/desk' },
      sessionTtlMs: 1_800_000,
      logLevel: 'warn',
      seed: 'none',
    });
  });

  it('names every bad variable with what it should be, and never echoes the database URL', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        SESSION_TTL_HOURS: '-1',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://u:secret@h/db',
        HOST: 'bad host',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "eighty")',
      'HOST must be a host name or an IP address (got "bad host")',
      'DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the embedded database)',
      'SESSION_TTL_HOURS must be a number of hours, like 12 or 0.5 (got "-1")',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ]);
    expect(message).not.toContain('secret');
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be from 0 to 65535/);
  });

  it('reads the Meta app and the vault keys, and never echoes a secret in an error', () => {
    const config = loadConfig({
      META_APP_SECRET: 'app-secret-1',
      META_VERIFY_TOKEN: 'verify-1',
      TOKEN_VAULT_KEYS: KEY,
    });
    expect(config.meta).toEqual({ appSecret: 'app-secret-1', verifyToken: 'verify-1' });
    expect(config.tokenVault).toMatchObject({ kind: 'keys', keys: [{ key: Buffer.alloc(32, 7) }] });
    expect(() => loadConfig({ META_APP_SECRET: 'x'.repeat(600) })).toThrow(/META_APP_SECRET must be at most 512/);
    expect(() => loadConfig({ META_APP_SECRET: 'x'.repeat(600) })).not.toThrow(/xxxx/);
    let error: unknown;
    try {
      loadConfig({ TOKEN_VAULT_KEYS: 'k1:short-key-material' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/TOKEN_VAULT_KEYS must hold 32-byte keys/);
    expect((error as ConfigError).message).not.toContain('short-key-material');
    expect(() => loadConfig({ TOKEN_VAULT_KEY_FILE: '/nonexistent/vault.key' })).toThrow(
      /TOKEN_VAULT_KEY_FILE cannot be read \(ENOENT\)/,
    );
  });

  it('refuses to start a server others can reach, or a production one, without vault keys', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/TOKEN_VAULT_KEYS or TOKEN_VAULT_KEY_FILE must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/openssl rand -base64 32/);
    expect(loadConfig({ SERVER_DATA_DIR: '/srv/desk' }).tokenVault).toEqual({
      kind: 'generated_file',
      path: join('/srv/desk', 'token-vault.key'),
    });
  });
});
