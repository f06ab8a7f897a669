/**
 * The server's settings, from environment variables, checked once at start with messages that
 * say which variable is wrong and what it should look like.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export type DatabaseConfig =
  { readonly kind: 'postgres'; readonly url: string } | { readonly kind: 'pglite'; readonly dataDir: string };

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
});

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function loadConfig(vars: Readonly<Record<string, string | undefined>> = process.env): ServerConfig {
  const parsed = env.safeParse(vars);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const value = vars[name];
        // Never echo a database URL: it may hold a password.
        const shown = value === undefined || name === 'DATABASE_URL' ? '' : ` (got "${value}")`;
        return `${name} ${issue.message}${shown}`;
      }),
    );
  }
  const values = parsed.data;
  const host = values.HOST ?? '127.0.0.1';
  const database: DatabaseConfig =
    values.DATABASE_URL === undefined
      ? { kind: 'pglite', dataDir: values.SERVER_DATA_DIR ?? join(homedir(), '.moderator-desk', 'server') }
      : { kind: 'postgres', url: values.DATABASE_URL };
  return {
    port: values.PORT ?? 8787,
    host,
    database,
    sessionTtlMs: Math.round((values.SESSION_TTL_HOURS ?? 12) * 3_600_000),
    logLevel: values.LOG_LEVEL ?? 'info',
    // Known demo passwords never appear by default on a server others can reach.
    seed: values.SERVER_SEED ?? (LOOPBACK.has(host) ? 'demo' : 'none'),
    demoItems: values.SERVER_DEMO_ITEMS ?? 2000,
  };
}
