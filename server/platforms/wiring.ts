/**
 * The platform side of the team server, registered by createServer (server/app.ts): the token
 * vault, the webhook routes (server/http/webhooks.ts), the inbox processor with its ingest, and
 * the channel routes. Until the ingest pipeline lands, ingest counts events per account
 * (./ingest-count.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config';
import type { ServerContext } from '../http/context';
import { registerWebhooks } from '../http/webhooks';
import { registerChannelRoutes } from './channels/routes';
import { platformHostsSchema } from './connector';
import { countingIngest } from './ingest-count';
import { createMetaConnector } from './meta/connector';
import type { Ingest, WebhookParser } from './processor';
import { InboxProcessor } from './processor';
import { openVault } from './vault-source';

export interface Platforms {
  readonly processor: InboxProcessor;
  /** Starts the processor's safety-net timer (after the server is ready). */
  start(): void;
  /** Stops the processor and waits for the batch under way (before the database closes). */
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Replaces the counting ingest (the ingest pipeline, tests). */
  readonly ingest?: Ingest;
  readonly inboxIntervalMs?: number;
}

export async function registerPlatforms(
  app: FastifyInstance,
  context: ServerContext,
  config: ServerConfig,
  options: PlatformOptions = {},
): Promise<Platforms> {
  const { log } = context;
  const opened = openVault(config.tokenVault, config.database);
  if (opened.from === 'memory')
    log.warn('token vault: a key in memory only; stored tokens will not open after a restart');
  else if (opened.from !== 'configured')
    log.info({ file: opened.from.file, created: opened.from.created }, 'token vault: key file');

  const parsers: { meta?: WebhookParser } = {};
  const appSecret = config.meta?.appSecret;
  if (appSecret !== undefined) {
    const meta = createMetaConnector({
      appSecret,
      verifyToken: config.meta?.verifyToken ?? '',
      baseUrl: platformHostsSchema.parse({}).metaGraph,
    });
    parsers.meta = (body, headers) => meta.parseWebhook(body, headers);
  }
  const processor = new InboxProcessor({
    db: context.db,
    now: context.now,
    log,
    parsers,
    ingest: options.ingest ?? countingIngest(log),
  });

  await registerWebhooks(app, context, {
    ...(config.meta === undefined ? {} : { meta: config.meta }),
    onStored: () => processor.kick(),
  });
  registerChannelRoutes(app, context, { vault: opened.vault });
  return {
    processor,
    start: () => processor.start(options.inboxIntervalMs ?? 5000),
    close: () => processor.stop(),
  };
}
