import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

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
});
