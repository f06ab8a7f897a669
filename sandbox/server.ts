/**
 * The sandbox platform: a local HTTP server speaking the Graph API's shapes for a few Pages and
 * Instagram accounts, a webhook sender signing deliveries as Meta does, a traffic generator and
 * fault injection. For training, demos and tests only (docs/platforms.md); nothing is real.
 * Start it with `npm run sandbox`, or in-process on port 0 from a test.
 */
import formbody from '@fastify/formbody';
import { fastify } from 'fastify';
import { FaultPlan } from './faults';
import { registerGraphRoutes } from './graph-routes';
import { mulberry32 } from '../shared/demo/prng';
import { nextInteraction, seedDemoWorld } from './traffic';
import { commentDelivery, messageDelivery, WebhookSender } from './webhooks';
import { SandboxWorld } from './world';

export interface SandboxOptions {
  readonly appSecret: string;
  /** Where signed webhook deliveries go (the team server's `/webhooks/meta`); none → polling only. */
  readonly callbackUrl?: string;
  readonly host?: string;
  readonly port?: number;
  readonly seed?: number;
  /** Leave the world empty instead of seeding the demo accounts. */
  readonly empty?: boolean;
  readonly timeoutHoldMs?: number;
  readonly clock?: () => number;
}

export interface Sandbox {
  /** e.g. `http://127.0.0.1:41234`: the base URL the Meta connector is given instead of graph.facebook.com. */
  readonly url: string;
  readonly world: SandboxWorld;
  readonly faults: FaultPlan;
  readonly webhooks: WebhookSender;
  /** Makes `count` new interactions and delivers each as a webhook (subject to webhook faults). */
  generate(count: number): Promise<void>;
  /** Announces an existing comment or message as a webhook, e.g. after changing it in `world`. */
  announce(
    item: { kind: 'comment'; commentId: string; verb?: string } | { kind: 'message'; mid: string },
  ): Promise<void>;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const world = new SandboxWorld(options.clock);
  if (!options.empty) seedDemoWorld(world);
  const faults = new FaultPlan();
  const webhooks = new WebhookSender(options.appSecret, options.callbackUrl);
  const random = mulberry32(options.seed ?? 42);

  const app = fastify({ logger: false, forceCloseConnections: true });
  await app.register(formbody);
  registerGraphRoutes(app, {
    world,
    faults,
    webhooks,
    appSecret: options.appSecret,
    timeoutHoldMs: options.timeoutHoldMs ?? 30_000,
  });
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host ?? '127.0.0.1';

  const announce: Sandbox['announce'] = (item) => {
    if (item.kind === 'message') {
      const message = world.messages.find((candidate) => candidate.mid === item.mid);
      return message ? webhooks.deliver(messageDelivery(world, message)) : Promise.resolve();
    }
    const comment = world.comment(item.commentId);
    return comment ? webhooks.deliver(commentDelivery(world, comment, item.verb ?? 'add')) : Promise.resolve();
  };

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    world,
    faults,
    webhooks,
    async generate(count) {
      for (let i = 0; i < count; i += 1) await announce(nextInteraction(world, random));
    },
    announce,
    async close() {
      await webhooks.flush();
      await app.close();
    },
  };
}
