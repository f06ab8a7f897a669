/**
 * `npm run server` (built to out/server/main.js by scripts/build-server.mjs): the team server from environment variables.
 * PORT, HOST (127.0.0.1), DATABASE_URL (postgres://…; unset: embedded PGlite in SERVER_DATA_DIR,
 * default ~/.moderator-desk/server), SESSION_TTL_HOURS (12), LOG_LEVEL (info), SERVER_SEED
 * (demo | none; demo by default on a loopback HOST, and only into an empty database),
 * SERVER_DEMO_ITEMS (2000). SIGINT/SIGTERM: graceful shutdown.
 * `--solo-ipc`: the desktop's own server for a team of one, driven over IPC (solo-protocol.ts).
 */
import { constants, setPriority } from 'node:os';
import { join } from 'node:path';
import { createServer, type ModeratorServer } from './app';
import { createSession } from './auth/sessions';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { SchemaTooNewError } from './db/migrations';
import { SOLO_FOLDER, SOLO_SESSION_TTL_MS, soloToServer, type SoloFromServer } from './solo-protocol';

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

/** `--solo-ipc`: see solo-protocol.ts. */
function runSoloIpc(): void {
  const send = (message: SoloFromServer) => {
    if (process.connected) process.send?.(message);
  };
  if (!process.send) {
    console.error('--solo-ipc is for the desktop app, which starts this server itself.');
    process.exit(2);
  }
  // A team of one's server works for the desktop in the background: below the window's process.
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not permitted here: the default priority.
  }
  const log = createLogger('warn');
  let server: ModeratorServer | null = null;
  let starting: Promise<void> | null = null;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void Promise.resolve(starting)
      .catch(() => undefined)
      .then(() => server?.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };

  process.on('message', (raw) => {
    const parsed = soloToServer.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'stop') return stop();
    if (message.type === 'start') {
      if (starting) return;
      starting = (async () => {
        try {
          server = await createServer(
            {
              port: 0,
              host: '127.0.0.1',
              database: { kind: 'pglite', dataDir: join(message.dataFolder, SOLO_FOLDER) },
              sessionTtlMs: SOLO_SESSION_TTL_MS,
              logLevel: 'warn',
              seed: message.demoItems > 0 ? 'demo' : 'none',
              demoItems: message.demoItems,
              ...(message.demoSeed === undefined ? {} : { demoSeed: message.demoSeed }),
            },
            { logger: log },
          );
          send({ type: 'listening', url: await server.listen() });
        } catch (error) {
          log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'solo server failed to start');
          send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
          stop();
        }
      })();
      return;
    }
    const { id, userId } = message;
    void (async () => {
      if (!server) return send({ type: 'session', id, token: null });
      try {
        const session = await createSession(server.db, userId, Date.now(), SOLO_SESSION_TTL_MS);
        send({ type: 'session', id, token: session.token });
      } catch (error) {
        log.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'solo session refused');
        send({ type: 'session', id, token: null });
      }
    })();
  });
  // The core stopped (or crashed): the server goes with it. Ctrl-C reaches the whole process
  // group; the core stops this server itself once it has closed its own work.
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', () => undefined);
}

if (process.argv.includes('--solo-ipc')) runSoloIpc();
else void main();
