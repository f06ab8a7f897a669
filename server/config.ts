/**
 * The server's settings, from environment variables, checked once at start with messages that
 * say which variable is wrong and what it should look like.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { VaultKey } from './platforms/vault';
import { VaultError, vaultKeysFromEnv } from './platforms/vault';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export type DatabaseConfig =
  { readonly kind: 'postgres'; readonly url: string } | { readonly kind: 'pglite'; readonly dataDir: string };

/** The agency's Meta app (docs/platforms.md); a missing value turns its webhook route off. */
export interface MetaAppConfig {
  /** `META_APP_SECRET`: signs webhook deliveries (`X-Hub-Signature-256`) and `appsecret_proof`. */
  readonly appSecret?: string;
  /** `META_VERIFY_TOKEN`: what Meta echoes in the webhook subscription handshake. */
  readonly verifyToken?: string;
}

/**
 * Where the token vault's keys come from: the configured keys (`TOKEN_VAULT_KEYS` /
 * `TOKEN_VAULT_KEY_FILE`), or — on a dev, demo or solo server only — a key file the server
 * creates itself on first start (server/platforms/vault-source.ts).
 */
export type TokenVaultSource =
  | { readonly kind: 'keys'; readonly keys: readonly VaultKey[] }
  | { readonly kind: 'generated_file'; readonly path: string };

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly sessionTtlMs: number;
  readonly logLevel: LogLevel;
  /** What an EMPTY database is filled with at start. */
  readonly seed: 'demo' | 'none';
  readonly demoItems: number;
  /** The demo generator's seed (the desktop's solo server passes its own); default 42. */
  readonly demoSeed?: number;
  readonly meta?: MetaAppConfig;
  /** Absent (configs built in code): a key file in the PGlite data folder, else a key in memory. */
  readonly tokenVault?: TokenVaultSource;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid server settings:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** An empty variable counts as unset (`PORT= npm run server`). */
const unset = (value: unknown) => (value === '' ? undefined : value);
const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    unset,
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`))
      .optional(),
  );

const env = z.object({
  PORT: wholeNumber(0, 65_535),
  HOST: z.preprocess(
    unset,
    z
      .string()
      .regex(/^[A-Za-z0-9.:-]+$/, 'must be a host name or an IP address')
      .optional(),
  ),
  DATABASE_URL: z.preprocess(
    unset,
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\/\S+$/,
        'must be a postgres:// or postgresql:// URL (unset it to use the embedded database)',
      )
      .optional(),
  ),
  SERVER_DATA_DIR: z.preprocess(unset, z.string().optional()),
  SESSION_TTL_HOURS: z.preprocess(
    unset,
    z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'must be a number of hours, like 12 or 0.5')
      .transform(Number)
      .pipe(
        z
          .number()
          .positive('must be more than 0')
          .max(24 * 366, 'must be at most a year (8784)'),
      )
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(unset, z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).optional()),
  SERVER_SEED: z.preprocess(unset, z.enum(['demo', 'none'], { error: 'must be demo or none' }).optional()),
  SERVER_DEMO_ITEMS: wholeNumber(0, 1_000_000),
  META_APP_SECRET: z.preprocess(unset, z.string().max(512, 'must be at most 512 characters').optional()),
  META_VERIFY_TOKEN: z.preprocess(unset, z.string().max(256, 'must be at most 256 characters').optional()),
  NODE_ENV: z.preprocess(unset, z.string().optional()),
});

/** Variables whose value is never echoed in an error (a password, a secret, key material). */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'META_APP_SECRET', 'META_VERIFY_TOKEN', 'TOKEN_VAULT_KEYS']);

const VAULT_PROBLEMS: Readonly<Record<VaultError['code'], string>> = {
  no_key: 'holds no key',
  bad_key: 'must hold 32-byte keys in base64, one per line or comma, each optionally as id:key',
  duplicate_key_id: 'names the same key id twice',
  malformed: 'is not readable',
  unknown_key: 'is not readable',
  tampered: 'is not readable',
};

/**
 * The vault's keys. Unset on a server others can reach (or with NODE_ENV=production): refused,
 * since tokens sealed with a key nobody configured are lost with the machine. Unset elsewhere
 * (dev, demo, solo): a key file created in the data folder.
 */
function tokenVaultSource(
  vars: Readonly<Record<string, string | undefined>>,
  production: boolean,
  dataDir: string,
): TokenVaultSource {
  const inline = unset(vars['TOKEN_VAULT_KEYS']);
  const file = unset(vars['TOKEN_VAULT_KEY_FILE']);
  const name = inline === undefined ? 'TOKEN_VAULT_KEY_FILE' : 'TOKEN_VAULT_KEYS';
  if (inline === undefined && file === undefined) {
    if (!production) return { kind: 'generated_file', path: join(dataDir, 'token-vault.key') };
    throw new ConfigError([
      'TOKEN_VAULT_KEYS or TOKEN_VAULT_KEY_FILE must be set on a server others can reach: platform tokens are ' +
        'stored encrypted with it (make a key with: openssl rand -base64 32)',
    ]);
  }
  try {
    return { kind: 'keys', keys: vaultKeysFromEnv(vars) };
  } catch (error) {
    if (error instanceof VaultError) throw new ConfigError([`${name} ${VAULT_PROBLEMS[error.code]}`]);
    const code = (error as { code?: unknown }).code;
    throw new ConfigError([`TOKEN_VAULT_KEY_FILE cannot be read (${typeof code === 'string' ? code : 'error'})`]);
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function loadConfig(vars: Readonly<Record<string, string | undefined>> = process.env): ServerConfig {
  const parsed = env.safeParse(vars);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const value = vars[name];
        // Never echo a database URL (it may hold a password) nor a secret.
        const shown = value === undefined || SECRET_VARIABLES.has(name) ? '' : ` (got "${value}")`;
        return `${name} ${issue.message}${shown}`;
      }),
    );
  }
  const values = parsed.data;
  const host = values.HOST ?? '127.0.0.1';
  const dataDir = values.SERVER_DATA_DIR ?? join(homedir(), '.moderator-desk', 'server');
  const database: DatabaseConfig =
    values.DATABASE_URL === undefined ? { kind: 'pglite', dataDir } : { kind: 'postgres', url: values.DATABASE_URL };
  const production = !LOOPBACK.has(host) || values.NODE_ENV === 'production';
  const meta: MetaAppConfig = {
    ...(values.META_APP_SECRET === undefined ? {} : { appSecret: values.META_APP_SECRET }),
    ...(values.META_VERIFY_TOKEN === undefined ? {} : { verifyToken: values.META_VERIFY_TOKEN }),
  };
  return {
    port: values.PORT ?? 8787,
    host,
    database,
    sessionTtlMs: Math.round((values.SESSION_TTL_HOURS ?? 12) * 3_600_000),
    logLevel: values.LOG_LEVEL ?? 'info',
    // Known demo passwords never appear by default on a server others can reach.
    seed: values.SERVER_SEED ?? (LOOPBACK.has(host) ? 'demo' : 'none'),
    demoItems: values.SERVER_DEMO_ITEMS ?? 2000,
    meta,
    tokenVault: tokenVaultSource(vars, production, dataDir),
  };
}
