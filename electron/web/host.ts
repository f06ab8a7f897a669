import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import { MAX_MESSAGE_BYTES, WEB_CONTRACT_PATH } from '../../shared/contract/wire';
import type { Core } from '../core';
import { dispatchCall } from '../core/api/dispatch';
import type { Logger } from '../core/log';
import { resultText, type ResultText } from '../../shared/contract/resultText';
import { contentSecurityPolicy } from './csp';
import { serveContract } from './socket';

export interface WebHostOptions {
  /**
   * The core in-process, or its proxy (electron/remote/client.ts), whose `call` (the Result's
   * JSON text, as the core process made it) is used as is.
   */
  core: Core & { call?: (name: unknown, args: unknown) => Promise<ResultText> };
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  log: Logger;
}

export interface WebHost {
  url: string;
  close(): Promise<void>;
}

/**
 * The browser host: serves the built renderer and the typed contract over a WebSocket, on
 * 127.0.0.1 only. Used by `npm run web` and the end-to-end tests.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, log } = options;
  const call =
    core.call ??
    (async (name: unknown, args: unknown) => resultText(await dispatchCall(core.handlers, name, args, log)));
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  let origin = '';
  const allowedOrigins = new Set<string>();

  app.addHook('onSend', async (_request, reply) => {
    reply.header('Content-Security-Policy', contentSecurityPolicy(origin));
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
  await app.register(async (scope) => {
    scope.get(WEB_CONTRACT_PATH, { websocket: true }, (socket, request) => {
      // Only the page this host served may talk to the core: a web page on another origin
      // (or a DNS-rebinding attack) must not drive the app through the user's browser.
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && !allowedOrigins.has(requestOrigin)) {
        log.warn('web.origin_refused');
        socket.close(1008, 'origin not allowed');
        return;
      }
      serveContract(socket, { call, events: core.events, log });
    });
  });
  await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html' });

  await app.listen({ host: '127.0.0.1', port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  origin = `http://127.0.0.1:${port}`;
  allowedOrigins.add(origin);
  allowedOrigins.add(`http://localhost:${port}`);
  log.info('web.listening', { port });

  return {
    url: `${origin}/`,
    async close() {
      for (const client of app.websocketServer.clients) client.close(1001, 'host closing');
      await app.close();
    },
  };
}
