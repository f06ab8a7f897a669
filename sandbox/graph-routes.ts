/**
 * Graph API routes of the sandbox (`/v{N}/…`): the read edges with real cursor paging, the write
 * calls answering Meta's shapes, the token and `appsecret_proof` checks, and the faults.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { faultAnswer } from './faults';
import type { FaultPlan, GraphRoute } from './faults';
import { commentDelivery, messageDelivery } from './webhooks';
import type { WebhookSender } from './webhooks';
import type { SandboxAccount, SandboxComment, SandboxMessage, SandboxPost, SandboxWorld } from './world';

export interface GraphRouteDeps {
  readonly world: SandboxWorld;
  readonly faults: FaultPlan;
  readonly webhooks: WebhookSender;
  readonly appSecret: string;
  /** How long a `timeout` fault holds the request before giving up on it. */
  readonly timeoutHoldMs: number;
}

type Params = Record<string, string>;

function graphError(reply: FastifyReply, status: number, code: number, message: string, subcode?: number) {
  const error = {
    message,
    type: code === 190 ? 'OAuthException' : 'GraphMethodException',
    code,
    fbtrace_id: 'SandboxTrace',
  };
  return reply.code(status).send({ error: subcode === undefined ? error : { ...error, error_subcode: subcode } });
}

function params(request: FastifyRequest): Params {
  const merged: Params = {};
  for (const source of [request.query, request.body]) {
    if (source && typeof source === 'object') {
      for (const [key, value] of Object.entries(source)) if (typeof value === 'string') merged[key] = value;
    }
  }
  return merged;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** One page of `items` (newest first) with Graph's `paging.cursors` and `paging.next`. */
function paged<T>(request: FastifyRequest, items: readonly T[], p: Params, render: (item: T) => unknown) {
  const limit = Math.min(Math.max(Number(p['limit'] ?? 25) || 25, 1), 100);
  const start = p['after'] ? Number(Buffer.from(p['after'], 'base64url').toString()) || 0 : 0;
  const slice = items.slice(start, start + limit);
  const cursor = (index: number) => Buffer.from(String(index)).toString('base64url');
  const body: { data: unknown[]; paging?: unknown } = { data: slice.map(render) };
  if (slice.length === 0) return body;
  const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(start + slice.length) } };
  if (start + slice.length < items.length) {
    const next = new URL(`http://${request.headers.host ?? 'localhost'}${request.url}`);
    next.searchParams.set('after', cursor(start + slice.length));
    paging['next'] = next.toString();
  }
  return { ...body, paging };
}

/**
 * Time-based paging, as Graph pages a feed: `paging.previous`/`next` carry `since`/`until` and a
 * `__paging_token` (here: the id of the last post shown, to step over posts of the same second).
 */
function pagedByTime(
  request: FastifyRequest,
  posts: readonly SandboxPost[],
  p: Params,
  render: (post: SandboxPost) => unknown,
) {
  const limit = Math.min(Math.max(Number(p['limit'] ?? 25) || 25, 1), 100);
  const until = p['until'] === undefined ? Number.POSITIVE_INFINITY : Number(p['until']);
  const token = p['__paging_token'] ? Buffer.from(p['__paging_token'], 'base64url').toString() : undefined;
  const afterToken = token === undefined ? 0 : posts.findIndex((post) => post.id === token) + 1;
  const candidates = posts.slice(afterToken).filter((post) => post.createdTime <= until);
  const slice = candidates.slice(0, limit);
  const body: { data: unknown[]; paging?: unknown } = { data: slice.map(render) };
  const last = slice[slice.length - 1];
  if (!last || candidates.length <= limit) return body;
  const next = new URL(`http://${request.headers.host ?? 'localhost'}${request.url}`);
  next.searchParams.delete('after');
  next.searchParams.set('until', String(last.createdTime));
  next.searchParams.set('__paging_token', Buffer.from(last.id).toString('base64url'));
  return { ...body, paging: { next: next.toString() } };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '+0000');

function renderComment(world: SandboxWorld, comment: SandboxComment) {
  if (world.account(comment.accountId).platform === 'instagram') {
    return {
      id: comment.id,
      text: comment.message,
      timestamp: iso(comment.createdTime),
      username: comment.from.username,
      from: { id: comment.from.id, username: comment.from.username },
      hidden: comment.hidden,
      media: { id: comment.objectId },
      ...(comment.parentId === comment.objectId ? {} : { parent_id: comment.parentId }),
    };
  }
  return {
    id: comment.id,
    message: comment.message,
    created_time: iso(comment.createdTime),
    from: { id: comment.from.id, name: comment.from.name },
    is_hidden: comment.hidden,
    ...(comment.parentId === comment.objectId ? {} : { parent: { id: comment.parentId } }),
  };
}

function renderMessage(account: SandboxAccount, message: SandboxMessage) {
  const own = message.from.id === account.id;
  const other = { id: message.userId };
  return {
    id: message.mid,
    created_time: new Date(message.createdMs).toISOString().replace(/\.\d{3}Z$/, '+0000'),
    from: own ? { id: account.id, name: account.name } : { id: message.from.id, name: message.from.name },
    to: { data: [own ? other : { id: account.id, name: account.name }] },
    message: message.text,
  };
}

export function registerGraphRoutes(app: FastifyInstance, deps: GraphRouteDeps): void {
  const { world, faults, webhooks } = deps;

  /** Token, proof and faults; answers the request itself and returns undefined when it must stop. */
  async function guard(route: GraphRoute, request: FastifyRequest, reply: FastifyReply, objectId: string) {
    const p = params(request);
    const token = p['access_token'] ?? '';
    const account = world.accountByToken(token);
    if (!account)
      return void graphError(reply, 400, 190, 'Invalid OAuth access token - Cannot parse access token', 467);
    if (account.tokenState === 'expired')
      return void graphError(reply, 400, 190, 'Error validating access token: Session has expired', 463);
    if (account.tokenState === 'revoked')
      return void graphError(reply, 400, 190, 'Error validating access token: The session has been invalidated', 460);
    const proof = createHmac('sha256', deps.appSecret).update(token).digest('hex');
    if (!sameHex(p['appsecret_proof'] ?? '', proof))
      return void graphError(reply, 400, 100, 'Invalid appsecret_proof provided in the API argument');
    if (world.ownerOf(objectId) !== account.id) {
      return void graphError(reply, 400, 100, `Unsupported request. Object with ID '${objectId}' does not exist`, 33);
    }
    const fault = faults.take(route);
    if (fault?.kind === 'timeout') {
      await new Promise((resolve) => setTimeout(resolve, deps.timeoutHoldMs).unref());
      return void reply.code(504).send();
    }
    if (fault) {
      const answer = faultAnswer(fault, account.id);
      return void reply.code(answer.status).headers(answer.headers).send(answer.body);
    }
    return { account, p };
  }

  const version = '/:version(^v\\d+\\.\\d+$)';
  type Req = FastifyRequest<{ Params: { id: string } }>;

  app.get(`${version}/:id/feed`, async (request: Req, reply) => {
    const ok = await guard('feed', request, reply, request.params.id);
    if (!ok) return reply;
    const posts = world.posts.filter((post) => post.accountId === ok.account.id).reverse();
    return pagedByTime(request, posts, ok.p, (post) => ({
      id: post.id,
      message: post.message,
      created_time: iso(post.createdTime),
      updated_time: iso(post.createdTime),
      from: { id: post.from.id, name: post.from.name },
    }));
  });

  app.get(`${version}/:id/comments`, async (request: Req, reply) => {
    const ok = await guard('comments', request, reply, request.params.id);
    if (!ok) return reply;
    const id = request.params.id;
    const under = world.comments.filter((c) => !c.deleted && (c.objectId === id || c.parentId === id));
    return paged(request, [...under].reverse(), ok.p, (comment) => renderComment(world, comment));
  });

  app.get(`${version}/:id/conversations`, async (request: Req, reply) => {
    const ok = await guard('conversations', request, reply, request.params.id);
    if (!ok) return reply;
    const account = ok.account;
    const threads = [
      ...new Set(world.messages.filter((m) => m.accountId === account.id).map((m) => m.userId)),
    ].reverse();
    return paged(request, threads, ok.p, (userId) => {
      const messages = world.messages.filter((m) => m.accountId === account.id && m.userId === userId).reverse();
      const person = messages.find((m) => m.from.id === userId)?.from;
      return {
        id: `t_${userId}`,
        updated_time: renderMessage(account, messages[0] as SandboxMessage).created_time,
        participants: {
          data: [
            { id: userId, name: person?.name ?? 'Sandbox user' },
            { id: account.id, name: account.name },
          ],
        },
        messages: { data: messages.slice(0, 20).map((m) => renderMessage(account, m)) },
      };
    });
  });

  app.get(`${version}/:id`, async (request: Req, reply) => {
    const ok = await guard('object', request, reply, request.params.id);
    if (!ok) return reply;
    const comment = world.comment(request.params.id);
    if (comment && !comment.deleted) return renderComment(world, comment);
    const message = world.messages.find((m) => m.mid === request.params.id);
    if (message) return renderMessage(ok.account, message);
    const post = world.posts.find((candidate) => candidate.id === request.params.id);
    if (post)
      return {
        id: post.id,
        message: post.message,
        created_time: iso(post.createdTime),
        from: { id: post.from.id, name: post.from.name },
      };
    return graphError(
      reply,
      400,
      100,
      `Unsupported get request. Object with ID '${request.params.id}' does not exist`,
      33,
    );
  });

  const reply = async (request: Req, response: FastifyReply) => {
    const ok = await guard('reply', request, response, request.params.id);
    if (!ok) return response;
    const target = world.comment(request.params.id);
    const objectId = target?.objectId ?? request.params.id;
    const text = ok.p['message'];
    if (!text) return graphError(response, 400, 100, '(#100) The parameter message is required');
    const created = world.addComment(objectId, request.params.id, world.self(ok.account.id), text);
    void webhooks.deliver(commentDelivery(world, created, 'add'));
    return { id: created.id };
  };
  app.post(`${version}/:id/comments`, reply);
  app.post(`${version}/:id/replies`, reply);

  app.post(`${version}/:id/messages`, async (request: Req, response) => {
    const ok = await guard('messages', request, response, request.params.id);
    if (!ok) return response;
    let recipient: unknown;
    let message: unknown;
    try {
      recipient = JSON.parse(ok.p['recipient'] ?? 'null');
      message = JSON.parse(ok.p['message'] ?? 'null');
    } catch {
      return graphError(response, 400, 100, '(#100) Param recipient must be a JSON object');
    }
    const userId = (recipient as { id?: unknown } | null)?.id;
    const text = (message as { text?: unknown } | null)?.text;
    const metadata = (message as { metadata?: unknown } | null)?.metadata;
    if (typeof userId !== 'string' || typeof text !== 'string')
      return graphError(response, 400, 100, '(#100) Invalid parameter', 2018001);
    const sent = world.addMessage(
      ok.account.id,
      userId,
      world.self(ok.account.id),
      text,
      typeof metadata === 'string' ? metadata : undefined,
    );
    void webhooks.deliver(messageDelivery(world, sent));
    return { recipient_id: userId, message_id: sent.mid };
  });

  app.post(`${version}/:id`, async (request: Req, response) => {
    const ok = await guard('hide', request, response, request.params.id);
    if (!ok) return response;
    const comment = world.comment(request.params.id);
    const flag = ok.p['is_hidden'] ?? ok.p['hide'];
    if (!comment || comment.deleted || (flag !== 'true' && flag !== 'false')) {
      return graphError(response, 400, 100, '(#100) Invalid parameter');
    }
    comment.hidden = flag === 'true';
    void webhooks.deliver(commentDelivery(world, comment, comment.hidden ? 'hide' : 'unhide'));
    return { success: true };
  });

  app.delete(`${version}/:id`, async (request: Req, response) => {
    const ok = await guard('delete', request, response, request.params.id);
    if (!ok) return response;
    const comment = world.comment(request.params.id);
    if (!comment || comment.deleted) {
      return graphError(
        response,
        400,
        100,
        `Unsupported delete request. Object with ID '${request.params.id}' does not exist`,
        33,
      );
    }
    comment.deleted = true;
    void webhooks.deliver(commentDelivery(world, comment, 'remove'));
    return { success: true };
  });
}
