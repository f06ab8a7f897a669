/**
 * The policy endpoints (shared/contract/policy.ts describes them), for admins and leads:
 * - `GET /clients`: the clients whose policy the user may open;
 * - `GET /clients/:clientId/policy`, `PUT /clients/:clientId/policy` ({ version, policy });
 * - `POST /clients/:clientId/saved-replies`, `PUT|DELETE /clients/:clientId/saved-replies/:id`
 *   (PUT carries `version` in the body, DELETE as `?version=`).
 * Refusals answer `{ error: { code, message } }`: 400 invalid_request | invalid_pattern |
 * invalid_approver, 403 forbidden, 404 not_found, 409 conflict.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  createSavedReplyRequest,
  savePolicyRequest,
  updateSavedReplyRequest,
  type PolicyClientList,
} from '../../shared/contract/policy';
import { id } from '../../shared/domain/entities';
import { inScope } from '../../shared/domain/permissions';
import type { ServerContext } from '../http/context';
import { authenticate } from '../http/authenticate';
import { parseInput } from '../http/errors';
import { actorOf } from '../sync/apply';
import { PolicyError } from './errors';
import { deleteSavedReply, policyView, savePolicy, saveSavedReply } from './edit';
import { readClients } from './store';

const clientParams = z.object({ clientId: id }).strict();
const savedReplyParams = z.object({ clientId: id, savedReplyId: id }).strict();
const deleteQuery = z.object({ version: z.string().min(1).max(128) }).strict();

async function answering<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return reply.status(error.status).send({ error: { code: error.code, message: error.message } });
  }
}

export function registerPolicyRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now } = context;
  const opts = { bodyLimit: 512 * 1024 };

  app.get('/clients', async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const actor = actorOf(user);
    if (actor.role !== 'admin' && actor.role !== 'lead') {
      return reply
        .status(403)
        .send({ error: { code: 'forbidden', message: 'only admins and leads may edit client policies' } });
    }
    const clients = (await readClients(db)).filter((client) => inScope(actor, client.id));
    const answer: PolicyClientList = {
      clients: clients.map((client) => ({ id: client.id, name: client.name, regulation: client.regulation })),
    };
    return answer;
  });

  app.get('/clients/:clientId/policy', async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const { clientId } = parseInput(clientParams, request.params, 'query');
    return answering(reply, () => policyView(db, user, clientId));
  });

  app.put('/clients/:clientId/policy', opts, async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const { clientId } = parseInput(clientParams, request.params, 'query');
    const body = parseInput(savePolicyRequest, request.body, 'body');
    return answering(reply, async () => {
      const saved = await savePolicy(context, user, clientId, body);
      request.log.info({ userId: user.id, clientId }, 'policy saved');
      return saved;
    });
  });

  app.post('/clients/:clientId/saved-replies', opts, async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const { clientId } = parseInput(clientParams, request.params, 'query');
    const body = parseInput(createSavedReplyRequest, request.body, 'body');
    return answering(reply, async () => {
      const saved = await saveSavedReply(context, user, clientId, null, body);
      request.log.info({ userId: user.id, clientId, savedReplyId: saved.savedReply.id }, 'saved reply created');
      return reply.status(201).send(saved);
    });
  });

  app.put('/clients/:clientId/saved-replies/:savedReplyId', opts, async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const { clientId, savedReplyId } = parseInput(savedReplyParams, request.params, 'query');
    const { version, ...input } = parseInput(updateSavedReplyRequest, request.body, 'body');
    return answering(reply, async () => {
      const saved = await saveSavedReply(context, user, clientId, { id: savedReplyId, version }, input);
      request.log.info({ userId: user.id, clientId, savedReplyId }, 'saved reply updated');
      return saved;
    });
  });

  app.delete('/clients/:clientId/saved-replies/:savedReplyId', async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const { clientId, savedReplyId } = parseInput(savedReplyParams, request.params, 'query');
    const { version } = parseInput(deleteQuery, request.query, 'query');
    return answering(reply, async () => {
      await deleteSavedReply(context, user, clientId, { id: savedReplyId, version });
      request.log.info({ userId: user.id, clientId, savedReplyId }, 'saved reply deleted');
      return reply.status(204).send();
    });
  });
}
