/**
 * Solo use is a team of one (docs/architecture.md): with no team server configured, the desktop
 * starts the same server in-process on PGlite in its data folder, seeded with the demo
 * workspace, and syncs with it over loopback — the same code path as a team.
 */
import { join } from 'node:path';
import { createServer, type ModeratorServer } from '../../../server/app';
import { createSession } from '../../../server/auth/sessions';
import type { Logger as ServerLogger } from '../../../server/log';
import { createLogger } from '../../../server/log';

export const SOLO_FOLDER = 'server';
const SOLO_SESSION_TTL_MS = 30 * 24 * 3600_000;

export interface SoloServer {
  readonly url: string;
  /** A session for the local user, made in-process: there is no password on this computer. */
  signIn(userId: string): Promise<string>;
  close(): Promise<void>;
}

export async function startSoloServer(options: {
  dataFolder: string;
  demoItems: number;
  demoSeed?: number;
  logger?: ServerLogger;
  now?: () => number;
}): Promise<SoloServer> {
  const now = options.now ?? Date.now;
  const server: ModeratorServer = await createServer(
    {
      port: 0,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: join(options.dataFolder, SOLO_FOLDER) },
      sessionTtlMs: SOLO_SESSION_TTL_MS,
      logLevel: 'warn',
      seed: options.demoItems > 0 ? 'demo' : 'none',
      demoItems: options.demoItems,
      ...(options.demoSeed === undefined ? {} : { demoSeed: options.demoSeed }),
    },
    { logger: options.logger ?? createLogger('warn'), now },
  );
  const url = await server.listen();
  return {
    url,
    async signIn(userId) {
      return (await createSession(server.db, userId, now(), SOLO_SESSION_TTL_MS)).token;
    },
    close: () => server.close(),
  };
}
