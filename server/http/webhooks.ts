/**
 * Webhook routes (docs/platforms.md): `GET /webhooks/meta` answers Meta's subscription handshake,
 * `POST /webhooks/meta` checks `X-Hub-Signature-256` on the RAW body bytes and stores the delivery
 * in the durable inbox (server/platforms/inbox.ts) — nothing else: no parsing, so it answers
 * within milliseconds; the inbox processor does the rest. A bad or missing signature answers 401
 * and stores nothing. An app secret or verify token left unset answers 404
 * `platform_not_configured`. Secrets are never logged.
 *
 * JSON bodies are kept as bytes in this plugin only (an encapsulated content-type parser); the
 * rest of the server keeps its own JSON parsing.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { MetaAppConfig } from '../config';
import { headerValue } from '../platforms/connector';
import { signatureHeaders, storeDelivery } from '../platforms/inbox';
import { answerMetaChallenge, checkMetaSignature } from '../platforms/meta/signature';
import type { ServerContext } from './context';

/** Meta batches up to 1,000 changes per delivery: 5 MB leaves room. */
export const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

const META_SIGNATURE_HEADERS = ['x-hub-signature-256'];

export interface WebhookOptions {
  readonly meta?: MetaAppConfig;
  /** Called after a delivery was stored (the processor's kick). */
  readonly onStored?: () => void;
}

/** Codes of this plugin's refusals besides the server's usual ones (server/http/errors.ts). */
export type WebhookErrorCode =
  | 'platform_not_configured'
  | 'signature_missing'
  | 'signature_malformed'
  | 'signature_mismatch'
  | 'forbidden'
  | 'not_ready';

function refuse(reply: FastifyReply, status: number, code: WebhookErrorCode, message: string): FastifyReply {
  return reply.status(status).send({ error: { code, message } });
}

const notConfigured = (reply: FastifyReply, variable: string) =>
  refuse(reply, 404, 'platform_not_configured', `the Meta webhook is off on this server (${variable} is not set)`);

export async function registerWebhooks(
  app: FastifyInstance,
  context: ServerContext,
  options: WebhookOptions,
): Promise<void> {
  const { db, now, lifecycle } = context;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );

    scope.get('/webhooks/meta', async (request, reply) => {
      const verifyToken = options.meta?.verifyToken;
      if (verifyToken === undefined) return notConfigured(reply, 'META_VERIFY_TOKEN');
      const query = (request.query ?? {}) as Readonly<Record<string, unknown>>;
      const answer = answerMetaChallenge(query, verifyToken);
      if (!answer.ok) {
        request.log.warn({ code: 'verify_token_mismatch' }, 'webhook handshake refused');
        return refuse(reply, 403, 'forbidden', 'the verify token or the handshake parameters are wrong');
      }
      return reply.type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(answer.body);
    });

    scope.post('/webhooks/meta', { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request, reply) => {
      const appSecret = options.meta?.appSecret;
      if (appSecret === undefined) return notConfigured(reply, 'META_APP_SECRET');
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const check = checkMetaSignature(body, headerValue(request.headers, 'x-hub-signature-256'), appSecret);
      if (check !== 'ok') {
        request.log.warn({ code: check, bytes: body.length }, 'webhook refused');
        return refuse(reply, 401, check, 'the X-Hub-Signature-256 header does not sign this body with the app secret');
      }
      if (lifecycle.closing) {
        reply.header('retry-after', '2');
        return refuse(reply, 503, 'not_ready', 'the server is shutting down; try again shortly');
      }
      const stored = await lifecycle.track(
        storeDelivery(db, {
          platform: 'meta',
          receivedAt: now(),
          headers: signatureHeaders(request.headers, META_SIGNATURE_HEADERS),
          body,
        }),
      );
      request.log.info({ inboxId: stored.id, duplicate: stored.duplicate, bytes: body.length }, 'webhook stored');
      options.onStored?.();
      return { status: stored.duplicate ? 'duplicate' : 'stored' };
    });
  });
}
