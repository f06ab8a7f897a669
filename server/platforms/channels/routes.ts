/**
 * Channel management (issue 15 point 1, docs/platforms.md):
 * - `GET /channels`: every signed-in user; the channels of the clients they may see, each with its
 *   connection state, reason and last event — never a token;
 * - `POST /channels` (admins): a new channel from a pasted Meta system-user token; the channel
 *   entity goes through the change log (desktops receive it), the token is sealed server-side;
 * - `PATCH /channels/:channelId` `{ paused }` (admins, leads): pause or resume;
 * - `POST /channels/:channelId/reconnect` (admins): a new pasted token; back to `connected`.
 * Roles and client scope are enforced on every route; a channel outside the user's clients is
 * answered 404 like one that does not exist. Every change is audited by ids (`policy_change` on
 * entity `channel`), never with the token.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AuditContent } from '../../../shared/domain/audit';
import type { Actor, Channel, User } from '../../../shared/domain/entities';
import { id } from '../../../shared/domain/entities';
import { can, inScope } from '../../../shared/domain/permissions';
import { appendAudit } from '../../audit/store';
import type { Transaction } from '../../db/db';
import { authenticate } from '../../http/authenticate';
import type { ServerContext } from '../../http/context';
import { parseInput } from '../../http/errors';
import { readClient } from '../../policy/store';
import { writeBatch } from '../../seed/write';
import { actorOf } from '../../sync/apply';
import { visibilityOf } from '../../sync/scope';
import type { TokenVault } from '../vault';
import {
  accountTaken,
  insertCredentials,
  listChannels,
  readChannelView,
  readCredentials,
  replaceToken,
  setState,
} from './store';
import type { ChannelState } from './store';

export type ChannelErrorCode = 'forbidden' | 'not_found' | 'channel_exists' | 'channel_needs_reconnect' | 'not_ready';

export class ChannelError extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 503,
    readonly code: ChannelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** A pasted token: Meta system-user tokens are a few hundred characters of [A-Za-z0-9]. */
const credentials = z
  .object({
    accessToken: z
      .string()
      .trim()
      .min(16)
      .max(4096)
      .regex(/^[\x21-\x7e]+$/u),
  })
  .strict();

export const createChannelRequest = z
  .object({
    clientId: id,
    /** Pasted tokens are Meta system-user tokens; other platforms connect through OAuth (later). */
    platform: z.enum(['facebook', 'instagram']),
    externalAccountId: z.string().regex(/^\d{1,32}$/u, 'must be the Page or Instagram account id (digits)'),
    name: z.string().trim().min(1).max(200),
    handle: z.string().trim().min(1).max(200).optional(),
    credentials,
  })
  .strict();
const patchRequest = z.object({ paused: z.boolean() }).strict();
const reconnectRequest = z.object({ credentials }).strict();
const channelParams = z.object({ channelId: id }).strict();

export interface ChannelRoutesOptions {
  readonly vault: TokenVault;
}

function auditOf(
  user: User,
  at: number,
  target: { id: string; clientId: string },
  after: object,
  before: object | null = null,
): AuditContent {
  return {
    at,
    actor: { id: user.id, name: user.name, role: user.role },
    action: 'policy_change',
    entity: 'channel',
    entityId: target.id,
    clientId: target.clientId,
    before: before as AuditContent['before'],
    after: after as AuditContent['after'],
    signature: null,
  };
}

async function answering<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ChannelError)) throw error;
    return reply.status(error.status).send({ error: { code: error.code, message: error.message } });
  }
}

export function registerChannelRoutes(
  app: FastifyInstance,
  context: ServerContext,
  options: ChannelRoutesOptions,
): void {
  const { db, now, lifecycle } = context;
  const { vault } = options;
  const opts = { bodyLimit: 64 * 1024 };

  /** One transaction, then the sequencer numbers its commit and pokes the replicas. */
  const write = async <T>(work: (tx: Transaction) => Promise<T>): Promise<T> => {
    if (lifecycle.closing) throw new ChannelError(503, 'not_ready', 'the server is shutting down; try again');
    const run = (async () => {
      try {
        return await db.transaction(work);
      } finally {
        await context.sequencer.sequence();
      }
    })();
    return lifecycle.track(run);
  };

  /** The credentials of a channel the actor may manage; 404 when missing or outside their clients. */
  const managed = async (tx: Transaction, actor: Actor, channelId: string) => {
    const found = await readCredentials(tx, channelId, true);
    if (found === null || !inScope(actor, found.clientId))
      throw new ChannelError(404, 'not_found', 'no such connected channel among your clients');
    return found;
  };

  app.get('/channels', async (request) => {
    const { user } = await authenticate(db, request, now());
    return { channels: await listChannels(db, visibilityOf(user)) };
  });

  app.post('/channels', opts, async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const body = parseInput(createChannelRequest, request.body, 'body');
    return answering(reply, async () => {
      const actor = actorOf(user);
      if (!can(actor, 'settings.channels', { clientId: body.clientId }).ok)
        throw new ChannelError(403, 'forbidden', 'only admins connect channels, for clients in their scope');
      const channelId = `ch-${randomUUID()}`;
      const sealedToken = vault.seal(body.credentials.accessToken, channelId);
      const at = now();
      await write(async (tx) => {
        if ((await readClient(tx, body.clientId, true)) === null)
          throw new ChannelError(404, 'not_found', 'no such client');
        if (await accountTaken(tx, body.platform, body.externalAccountId))
          throw new ChannelError(409, 'channel_exists', 'this account is already connected as a channel');
        const channel: Channel = {
          id: channelId,
          clientId: body.clientId,
          platform: body.platform,
          name: body.name,
          handle: body.handle ?? body.name,
        };
        await insertCredentials(
          tx,
          {
            ...channel,
            channelId,
            externalAccountId: body.externalAccountId,
            sealedToken,
            keyId: vault.keyIdOf(sealedToken),
          },
          at,
        );
        await writeBatch(tx, { channels: [channel] }, at);
        const after = {
          change: 'connect',
          platform: body.platform,
          externalAccountId: body.externalAccountId,
          state: 'connected',
        };
        appendAudit(tx, [auditOf(user, at, channel, after)]);
      });
      request.log.info({ userId: user.id, clientId: body.clientId, channelId }, 'channel connected');
      return reply.status(201).send({ channel: await readChannelView(db, channelId) });
    });
  });

  app.patch('/channels/:channelId', opts, async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const { channelId } = parseInput(channelParams, request.params, 'query');
    const { paused } = parseInput(patchRequest, request.body, 'body');
    return answering(reply, async () => {
      const actor = actorOf(user);
      if (actor.role !== 'admin' && actor.role !== 'lead')
        throw new ChannelError(403, 'forbidden', 'only admins and leads pause or resume channels');
      const at = now();
      await write(async (tx) => {
        const found = await managed(tx, actor, channelId);
        const next: ChannelState = paused ? 'paused' : 'connected';
        if (!paused && found.state === 'reconnect_needed')
          throw new ChannelError(409, 'channel_needs_reconnect', 'the channel needs a new token: reconnect it');
        if (found.state === next) return;
        await setState(tx, channelId, next, paused ? 'paused_by_user' : null, at);
        const after = { change: paused ? 'pause' : 'resume', state: next };
        const before = { state: found.state, stateReason: found.stateReason };
        appendAudit(tx, [auditOf(user, at, { id: channelId, clientId: found.clientId }, after, before)]);
      });
      request.log.info({ userId: user.id, channelId, paused }, 'channel state changed');
      return { channel: await readChannelView(db, channelId) };
    });
  });

  app.post('/channels/:channelId/reconnect', opts, async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const { channelId } = parseInput(channelParams, request.params, 'query');
    const body = parseInput(reconnectRequest, request.body, 'body');
    return answering(reply, async () => {
      const actor = actorOf(user);
      if (actor.role !== 'admin') throw new ChannelError(403, 'forbidden', 'only admins reconnect channels');
      const at = now();
      await write(async (tx) => {
        const found = await managed(tx, actor, channelId);
        const sealedToken = vault.seal(body.credentials.accessToken, channelId);
        await replaceToken(tx, channelId, { sealedToken, keyId: vault.keyIdOf(sealedToken) }, at);
        const after = { change: 'reconnect', state: 'connected' };
        const before = { state: found.state, stateReason: found.stateReason };
        appendAudit(tx, [auditOf(user, at, { id: channelId, clientId: found.clientId }, after, before)]);
      });
      request.log.info({ userId: user.id, channelId }, 'channel reconnected');
      return { channel: await readChannelView(db, channelId) };
    });
  });
}
