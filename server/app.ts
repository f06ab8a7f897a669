/**
 * `createServer(config, deps)`: the team server as an object, so `server/main.ts`, the tests and
 * the desktop's solo mode start the same thing in-process. Opening it migrates the database and
 * (on an empty one, when asked) seeds the demo workspace; `close()` stops accepting, finishes the
 * pushes in flight, then closes the database.
 */
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { ServerConfig } from './config';
import type { Db } from './db/db';
import { migrate } from './db/migrations';
import { openPglite } from './db/pglite';
import { openPostgres } from './db/postgres';
import type { Logger } from './log';
import { createLogger } from './log';
import type { LoginLimit } from './auth/rate-limit';
import { DEFAULT_LOGIN_LIMIT } from './auth/rate-limit';
import { isEmpty, seedDemo } from './seed/demo';
import { SocketHub } from './sync/hub';
import { currentCursor, Sequencer, SYNC_CHANNEL } from './sync/sequencer';
import type { ServerContext } from './http/context';
import { Lifecycle, Semaphore } from './http/context';
import { installErrorHandlers } from './http/errors';
import { registerRoutes } from './http/routes';
import { registerSocket, socketCloseCodes } from './http/socket';
import { registerAuditRoutes } from './audit/routes';
import { registerApprovals } from './approvals/routes';
import { registerPolicyRoutes } from './policy/routes';
import type { Ingest } from './platforms/processor';
import { registerPlatforms } from './platforms/wiring';

export interface ServerDeps {
  /** The clock (tests move it: session expiry, rate-limit windows, snoozes). */
  readonly now?: () => number;
  readonly logger?: Logger;
  /** An open database to use instead of the configured one; the caller keeps ownership. */
  readonly db?: Db;
  readonly loginLimit?: LoginLimit;
  /** Safety net for commits no round numbered (an instance that died between commit and round). */
  readonly sequencerIntervalMs?: number;
  readonly socketRecheckMs?: number;
  /** Push batches applied at once (each holds a connection); default 8, pool of 20 on PostgreSQL. */
  readonly pushConcurrency?: number;
  /** What the webhook inbox processor hands events to (server/platforms/wiring.ts). */
  readonly ingest?: Ingest;
}

export interface ModeratorServer {
  readonly app: FastifyInstance;
  readonly db: Db;
  /** Set by `listen()`: `http://host:port`. */
  readonly url: string | null;
  listen(): Promise<string>;
  close(): Promise<void>;
}

async function openDatabase(config: ServerConfig, log: Logger): Promise<Db> {
  if (config.database.kind === 'postgres') {
    return openPostgres({
      url: config.database.url,
      // Pushes hold at most pushConcurrency (8) of these; pulls, logins and pokes use the rest.
      max: 20,
      onError: (error) => log.warn({ err: { type: error.name } }, 'database connection error'),
    });
  }
  return openPglite({ dataDir: config.database.dataDir });
}

export async function createServer(config: ServerConfig, deps: ServerDeps = {}): Promise<ModeratorServer> {
  const log = deps.logger ?? createLogger(config.logLevel);
  const now = deps.now ?? Date.now;
  const db = deps.db ?? (await openDatabase(config, log));
  const ownsDb = deps.db === undefined;
  const lifecycle = new Lifecycle();
  let stopListening: (() => Promise<void>) | null = null;
  let timer: NodeJS.Timeout | null = null;
  try {
    const migrated = await migrate(db);
    if (migrated.applied.length > 0) log.info({ from: migrated.from, to: migrated.to }, 'database migrated');
    if (config.seed === 'demo' && (await isEmpty(db))) {
      const seeded = await seedDemo(db, {
        items: config.demoItems,
        now: now(),
        ...(config.demoSeed === undefined ? {} : { seed: config.demoSeed }),
      });
      log.info({ users: seeded.users.length, items: seeded.items }, 'demo workspace seeded');
    }
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }

  const hub = new SocketHub(db, await currentCursor(db));
  const sequencer = new Sequencer(
    db,
    () => void hub.poke().catch((error: unknown) => log.warn({ err: String(error) }, 'poke failed')),
  );
  const context: ServerContext = {
    db,
    now,
    log,
    sequencer,
    hub,
    loginLimit: deps.loginLimit ?? DEFAULT_LOGIN_LIMIT,
    sessionTtlMs: config.sessionTtlMs,
    socketRecheckMs: deps.socketRecheckMs ?? 30_000,
    pushSlots: new Semaphore(deps.pushConcurrency ?? 8),
    lifecycle,
  };

  const loggerInstance: FastifyBaseLogger = log;
  const app = Fastify({
    loggerInstance,
    // Behind a proxy the operator sets it up; request.ip is the socket's address otherwise.
    trustProxy: false,
  });
  installErrorHandlers(app);
  // JSON only: every other body type is answered 415 instead of reaching a handler as a string.
  app.removeContentTypeParser('text/plain');
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  registerRoutes(app, context);
  registerAuditRoutes(app, context);
  await registerApprovals(app, context);
  registerPolicyRoutes(app, context);
  registerSocket(app, context);
  const platforms = await registerPlatforms(
    app,
    context,
    config,
    deps.ingest === undefined ? {} : { ingest: deps.ingest },
  );
  app.addHook('preClose', async () => {
    for (const client of app.websocketServer.clients)
      client.close(socketCloseCodes.shuttingDown, 'server shutting down');
  });
  await app.ready();

  // Other instances' commits (PostgreSQL NOTIFY, no payload) and ours alike end in one poke round.
  const stopPokes = await db.listen(SYNC_CHANNEL, () => void hub.poke().catch(() => undefined));
  // Presence crosses instances too (sync/hub.ts); nothing to share on PGlite (one process).
  const stopPresence = await hub.sharePresence(db);
  stopListening = async () => {
    await stopPresence();
    await stopPokes();
  };
  await sequencer.sequence();
  timer = setInterval(() => void sequencer.sequence().catch(() => undefined), deps.sequencerIntervalMs ?? 5000);
  timer.unref();
  platforms.start();
  lifecycle.ready = true;

  let url: string | null = null;
  let closed: Promise<void> | null = null;
  return {
    app,
    db,
    get url() {
      return url;
    },
    async listen() {
      url = await app.listen({ port: config.port, host: config.host });
      log.info({ url }, 'listening');
      return url;
    },
    close() {
      closed ??= (async () => {
        lifecycle.closing = true;
        if (timer !== null) clearInterval(timer);
        await app.close();
        await platforms.close();
        await lifecycle.drain();
        await sequencer.idle();
        await hub.idle();
        if (stopListening !== null) await stopListening();
        if (ownsDb) await db.close();
        log.info('closed');
      })();
      return closed;
    },
  };
}
