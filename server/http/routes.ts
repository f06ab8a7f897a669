/**
 * HTTP routes: health, readiness, login/logout, push, pull, snapshot. Every input is validated
 * with zod here (never trusted), every failure answers `{error:{code,message}}`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { replicaId } from '../../shared/domain/entities';
import { pushRequest } from '../../shared/sync/protocol';
import { loginRequest } from '../../shared/sync/server-api';
import type { LoginResponse } from '../../shared/sync/server-api';
import { signIn } from '../auth/login';
import { revokeSession } from '../auth/sessions';
import { recordAuthEvent } from '../audit/auth-events';
import { latestVersion, schemaVersion } from '../db/migrations';
import { pullChanges, CursorAheadError } from '../sync/pull';
import { claimReplica, ClientIdTakenError, pushBatch } from '../sync/push';
import { visibilityOf } from '../sync/scope';
import { BadPageTokenError, snapshotPageJson } from '../sync/snapshot';
import { authenticate } from './authenticate';
import { socketCloseCodes } from './socket';
import type { ServerContext } from './context';
import { HttpError, parseInput } from './errors';

const PUSH_BODY_LIMIT = 16 * 1024 * 1024;

const wholeNumber = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a whole number')
  .transform(Number);
const clientId = replicaId;
const pullQuery = z
  .object({
    clientId,
    cursor: wholeNumber,
    limit: wholeNumber.pipe(z.number().int().min(1).max(5000)).optional(),
  })
  .strict();
const snapshotQuery = z
  .object({
    clientId,
    limit: wholeNumber.pipe(z.number().int().min(1).max(5000)).optional(),
    page: z.string().min(1).max(512).optional(),
  })
  .strict();

function rethrowSyncErrors(error: unknown): never {
  if (error instanceof ClientIdTakenError) throw new HttpError(403, 'client_id_taken', error.message);
  if (error instanceof CursorAheadError) throw new HttpError(409, 'cursor_ahead', error.message);
  if (error instanceof BadPageTokenError) throw new HttpError(400, 'invalid_request', `query.page: ${error.message}`);
  throw error;
}

export function registerRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now, lifecycle } = context;
  const refuseWhileClosing = () => {
    if (lifecycle.closing)
      throw new HttpError(503, 'not_ready', 'the server is shutting down; try again shortly', { 'retry-after': '2' });
  };

  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (_request, reply) => {
    try {
      const version = await schemaVersion(db);
      if (lifecycle.ready && !lifecycle.closing && version === latestVersion())
        return { status: 'ready', schemaVersion: version };
    } catch {
      // not ready: answered below
    }
    return reply
      .status(503)
      .send({ error: { code: 'not_ready', message: 'the database is not reachable or not migrated' } });
  });

  app.post('/auth/login', async (request): Promise<LoginResponse> => {
    refuseWhileClosing();
    const body = parseInput(loginRequest, request.body, 'body');
    const signed = await signIn(context, { email: body.email, password: body.password, ip: request.ip, kind: 'api' });
    if (signed.ok) {
      request.log.info({ userId: signed.user.id }, 'login');
      return { token: signed.session.token, expiresAt: signed.session.expiresAt, user: signed.user };
    }
    if (signed.code === 'rate_limited') {
      const seconds = Math.ceil(signed.retryAfterMs / 1000);
      request.log.warn({ code: 'rate_limited' }, 'login refused');
      throw new HttpError(429, 'rate_limited', `too many failed logins: try again in ${seconds} s`, {
        'retry-after': String(seconds),
      });
    }
    const userId = signed.code === 'invalid_credentials' ? signed.userId : signed.user.id;
    request.log.info({ code: 'invalid_credentials', userId }, 'login failed');
    throw new HttpError(401, 'invalid_credentials', 'wrong email or password');
  });

  app.post('/auth/logout', async (request, reply) => {
    const auth = await authenticate(db, request, now());
    await revokeSession(db, auth.tokenHash, now());
    context.hub.endSession(auth.tokenHash, socketCloseCodes.unauthorized);
    await recordAuthEvent(db, { kind: 'logout', user: auth.user, at: now(), ip: request.ip });
    request.log.info({ userId: auth.user.id }, 'logout');
    return reply.status(204).send();
  });

  app.get('/auth/me', async (request) => ({ user: (await authenticate(db, request, now())).user }));

  app.post('/sync/push', { bodyLimit: PUSH_BODY_LIMIT }, async (request) => {
    refuseWhileClosing();
    const { user } = await authenticate(db, request, now());
    // Mutation arguments are checked one by one (server/sync/mutation.ts): a bad one is refused
    // with its reason and the replica moves on, instead of the whole batch answering 400 forever.
    const body = parseInput(pushRequest, request.body, 'body', ['args']);
    const foreign = body.mutations.findIndex((mutation) => mutation.clientId !== body.clientId);
    if (foreign >= 0)
      throw new HttpError(400, 'invalid_request', `body.mutations.${foreign}.clientId: differs from body.clientId`);
    const work = (async () => {
      try {
        return await context.pushSlots.run(() => pushBatch({ db, now }, user, body.clientId, body.mutations));
      } finally {
        // Answer only once our mutations carry a cursor, so the next pull sees them.
        await context.sequencer.sequence();
      }
    })();
    const report = await lifecycle.track(work).catch(rethrowSyncErrors);
    request.log.info(
      {
        userId: user.id,
        clientId: body.clientId,
        applied: report.applied,
        refused: report.refused,
        duplicates: report.duplicates,
        lastMutationId: report.lastMutationId,
        gapAt: report.gapAt,
        reusedAt: report.reusedAt ?? null,
      },
      'push',
    );
    const reused = report.reusedAt ?? null;
    return {
      lastMutationId: report.lastMutationId,
      gapAt: report.gapAt,
      ...(reused === null ? {} : { reusedAt: reused }),
    };
  });

  app.get('/sync/pull', async (request) => {
    const { user } = await authenticate(db, request, now());
    const query = parseInput(pullQuery, request.query, 'query');
    try {
      await claimReplica(db, query.clientId, user.id, now());
      return await pullChanges(db, visibilityOf(user), {
        clientId: query.clientId,
        cursor: query.cursor,
        limit: query.limit ?? 1000,
      });
    } catch (error) {
      return rethrowSyncErrors(error);
    }
  });

  app.get('/sync/snapshot', async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const query = parseInput(snapshotQuery, request.query, 'query');
    try {
      await claimReplica(db, query.clientId, user.id, now());
      // Already JSON text (the rows are not parsed and serialised again): sent as is.
      const page = await snapshotPageJson(db, visibilityOf(user), {
        limit: query.limit ?? 1000,
        page: query.page ?? null,
      });
      return reply.type('application/json; charset=utf-8').send(page);
    } catch (error) {
      return rethrowSyncErrors(error);
    }
  });
}
