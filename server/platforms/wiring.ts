/**
 * The platform side of the team server, registered by createServer (server/app.ts): the token
 * vault, the webhook routes (server/http/webhooks.ts), the inbox processor with its ingest, and
 * the channel routes. Ingest is the pipeline of ./ingest/ (events → entities in the change log);
 * after each batch commits, the sequencer numbers what it wrote and the desktops are poked.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config';
import type { ServerContext } from '../http/context';
import { registerWebhooks } from '../http/webhooks';
import { registerChannelRoutes } from './channels/routes';
import { platformHostsSchema } from './connector';
import type { FetchObject } from './ingest/fetch';
import { connectorFetch } from './ingest/fetch';
import { pipelineIngest } from './ingest/ingest';
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
  /** Replaces the ingest pipeline (tests). */
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
  let fetchObject: FetchObject | undefined;
  const appSecret = config.meta?.appSecret;
  if (appSecret !== undefined) {
    const meta = createMetaConnector({
      appSecret,
      verifyToken: config.meta?.verifyToken ?? '',
      baseUrl: platformHostsSchema.parse({}).metaGraph,
    });
    parsers.meta = (body, headers) => meta.parseWebhook(body, headers);
    fetchObject = connectorFetch(meta, opened.vault, context.now);
  }
  const processor = new InboxProcessor({
    db: context.db,
    now: context.now,
    log,
    parsers,
    ingest:
      options.ingest ??
      pipelineIngest({ now: context.now, log, ...(fetchObject === undefined ? {} : { fetchObject }) }),
    afterCommit: () => context.sequencer.sequence(),
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
