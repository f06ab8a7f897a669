/**
 * `npm run server` (built to out/server/main.js by scripts/build-server.mjs): the team server from environment variables.
 * PORT, HOST (127.0.0.1), DATABASE_URL (postgres://…; unset: embedded PGlite in SERVER_DATA_DIR,
 * default ~/.moderator-desk/server), SESSION_TTL_HOURS (12), LOG_LEVEL (info), SERVER_SEED
 * (demo | none; demo by default on a loopback HOST, and only into an empty database),
 * SERVER_DEMO_ITEMS (2000). SIGINT/SIGTERM: graceful shutdown.
 */
import { createServer } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { SchemaTooNewError } from './db/migrations';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  log.info(
    {
      database: config.database.kind,
      dataDir: config.database.kind === 'pglite' ? config.database.dataDir : undefined,
    },
    'starting',
  );
  let server;
  try {
    server = await createServer(config, { logger: log });
    await server.listen();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message =
      error instanceof SchemaTooNewError
        ? error.message
        : code === 'EADDRINUSE'
          ? `Port ${config.port} is already in use: stop the other program or set PORT.`
          : `The server could not start: ${error instanceof Error ? error.message : String(error)}`;
    log.fatal({ code: typeof code === 'string' ? code : undefined }, message);
    await server?.close().catch(() => undefined);
    process.exit(1);
  }
  // The one line people and scripts look for.
  console.log(`Moderator Desk server is running at ${server.url ?? ''}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    void server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
