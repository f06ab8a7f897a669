/**
 * `/approve/`: the approver's browser page, rendered on the server (no build step, no script).
 * Encapsulated: the cookie, form-body, CSRF and security-header plugins apply to these routes
 * only, so the JSON API keeps answering 415 to anything but JSON. Every POST needs the CSRF token
 * of its form; every decision needs the password again (decide.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import type { Language, User } from '../../../shared/domain/entities';
import { id, language } from '../../../shared/domain/entities';
import { loginRequest } from '../../../shared/sync/server-api';
import { signIn } from '../../auth/login';
import { revokeSession } from '../../auth/sessions';
import { recordAuthEvent } from '../../audit/auth-events';
import type { ServerContext } from '../../http/context';
import { fromDatabase, HttpError, parseInput } from '../../http/errors';
import { DecisionError, decideSigned } from '../decide';
import { decideRequest } from '../decision';
import { approverTexts } from '../i18n';
import type { Html } from './html';
import type { DecisionFormState } from './item-views';
import { decidedView, emptyForm, itemView, previewView } from './item-views';
import type { PageFrame } from './layout';
import { BASE } from './layout';
import { pendingPreApprovals, preApprovalSection, registerPreApprovalRoutes } from './preApprovals';
import { pendingFor, replyInContext } from './queries';
import {
  clearSessionCookie,
  languageOf,
  mayApprove,
  pageUser,
  safeNext,
  setLanguageCookie,
  setSessionCookie,
} from './session';
import { errorView, listView, loginView } from './views';

export interface ApproverPageOptions {
  readonly context: ServerContext;
}

/**
 * Next to this module in the sources; beside the bundle in the built server (out/server/static,
 * scripts/build-server.mjs); from the working folder when bundled elsewhere.
 */
const STATIC_DIR =
  [
    fileURLToPath(new URL('../static/', import.meta.url)),
    fileURLToPath(new URL('./static/', import.meta.url)),
    resolve('server/approvals/static'),
  ].find((folder) => existsSync(folder)) ?? fileURLToPath(new URL('../static/', import.meta.url));

/** Strict: nothing inline, nothing from elsewhere, no framing, forms post only here. */
const CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

const loginForm = loginRequest.extend({ _csrf: z.string().max(512) }).strict();
const replyParams = z.object({ replyId: id }).strict();
const decidedParams = z.object({ replyId: id, approvalId: id }).strict();
const decideForm = z
  .object({
    _csrf: z.string().max(512),
    textHash: z.string().min(1).max(128),
    stepIndex: z
      .string()
      .regex(/^[0-2]$/, 'must be 0, 1 or 2')
      .transform(Number),
    decision: z.enum(['approved', 'rejected']),
    comment: z.string().max(2000).optional(),
    password: z.string().max(1024).optional(),
    editedText: z.string().max(10_000).optional(),
  })
  .strict();
const previewForm = z
  .object({
    _csrf: z.string().max(512),
    textHash: z.string().min(1).max(128),
    stepIndex: z.string().max(1),
    editedText: z.string().max(10_000),
  })
  .strict();

function send(reply: FastifyReply, page: Html, status = 200): FastifyReply {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page.value);
}

function minutesOf(headers: Readonly<Record<string, string>>): number {
  return Math.max(1, Math.ceil(Number(headers['retry-after'] ?? '60') / 60));
}

export async function approverPage(scope: FastifyInstance, options: ApproverPageOptions): Promise<void> {
  const { context } = options;
  const { db, now } = context;
  await scope.register(cookie);
  await scope.register(formbody, { bodyLimit: 64 * 1024 });
  await scope.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP },
    referrerPolicy: { policy: 'no-referrer' },
  });
  await scope.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'md_csrf',
    cookieOpts: { path: BASE, httpOnly: true, sameSite: 'strict', secure: 'auto', signed: false },
  });
  await scope.register(fastifyStatic, {
    root: STATIC_DIR,
    prefix: '/static/',
    decorateReply: false,
    index: false,
    maxAge: '1h',
  });

  const frameOf = async (request: FastifyRequest, title: (t: PageFrame['t']) => string, user: User | null) => {
    const lang: Language = languageOf(request);
    const t = await approverTexts(lang);
    const path = request.url.split('?')[0] ?? `${BASE}/`;
    return { t, lang, title: title(t), user, csrf: null, path } satisfies PageFrame;
  };

  scope.setErrorHandler(async (error: FastifyError, request, reply) => {
    const frame = await frameOf(request, (t) => t('error.title'), null);
    const { t } = frame;
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      return send(reply, errorView(frame, t('error.title'), t('error.csrf')), 403);
    }
    const known = error instanceof HttpError ? error : fromDatabase(error);
    if (known !== null) {
      const key =
        known.code === 'invalid_json' || known.code === 'unsupported_media_type' ? 'invalid_request' : known.code;
      return send(
        reply,
        errorView(frame, t('error.title'), t(`error.${key}`, { defaultValue: known.message })),
        known.status,
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return send(reply, errorView(frame, t('error.title'), t('error.invalid_request')), status);
    }
    request.log.error({ err: { type: error.name, code: error.code, stack: error.stack } }, 'approver page failed');
    return send(reply, errorView(frame, t('error.title'), t('error.server_error')), 500);
  });
  scope.setNotFoundHandler(async (request, reply) => {
    const frame = await frameOf(request, (t) => t('error.pageNotFound'), null);
    return send(reply, errorView(frame, frame.t('error.pageNotFound'), frame.t('error.not_found')), 404);
  });

  /** The signed-in approver, or a redirect to sign in (answered here). */
  const requireUser = async (request: FastifyRequest, reply: FastifyReply): Promise<User | null> => {
    const found = await pageUser(db, request, now());
    if (found.ok) return found.user;
    const reason = found.reason === 'none' ? '' : `&reason=${found.reason}`;
    const next = encodeURIComponent(safeNext(request.url));
    await reply.redirect(`${BASE}/login?next=${next}${reason}`, 303);
    return null;
  };
  const framed = async (
    request: FastifyRequest,
    reply: FastifyReply,
    user: User,
    title: (t: PageFrame['t']) => string,
  ) => {
    const frame = await frameOf(request, title, user);
    return { ...frame, csrf: reply.generateCsrf() } satisfies PageFrame;
  };

  scope.get('/', async (request, reply) => {
    const user = await requireUser(request, reply);
    if (user === null) return reply;
    const frame = await framed(request, reply, user, (t) => t('list.title'));
    const signed = (request.query as Record<string, unknown>).signed === '1';
    const preApprovals = preApprovalSection(frame, await pendingPreApprovals(db, user), signed);
    return send(reply, listView(frame, await pendingFor(db, user), now(), preApprovals));
  });

  scope.get('/login', async (request, reply) => {
    const found = await pageUser(db, request, now());
    const query = request.query as Record<string, unknown>;
    if (found.ok) return reply.redirect(safeNext(query.next), 303);
    const frame = await frameOf(request, (t) => t('login.title'), null);
    const notice =
      query.signedOut === '1'
        ? frame.t('login.signedOut')
        : query.reason === 'expired'
          ? frame.t('login.expired')
          : null;
    const message = query.reason === 'not_approver' ? frame.t('login.notApprover') : null;
    return send(reply, loginView(frame, { csrf: reply.generateCsrf(), email: '', message, notice }));
  });

  scope.post('/login', { preHandler: scope.csrfProtection }, async (request, reply) => {
    const body = parseInput(loginForm, request.body, 'body');
    const frame = await frameOf(request, (t) => t('login.title'), null);
    const again = (message: string, status: number) =>
      send(reply, loginView(frame, { csrf: reply.generateCsrf(), email: body.email, message, notice: null }), status);
    const signed = await signIn(context, {
      email: body.email,
      password: body.password,
      ip: request.ip,
      kind: 'page',
      mayUse: mayApprove,
    });
    if (!signed.ok) {
      if (signed.code === 'rate_limited') {
        const minutes = Math.max(1, Math.ceil(signed.retryAfterMs / 60_000));
        return again(frame.t('login.rateLimited', { minutes }), 429);
      }
      if (signed.code === 'not_allowed') return again(frame.t('login.notApprover'), 403);
      request.log.info({ code: 'invalid_credentials' }, 'approver page login failed');
      return again(frame.t('login.failed'), 401);
    }
    setSessionCookie(reply, signed.session.token, signed.session.expiresAt, signed.at);
    request.log.info({ userId: signed.user.id }, 'approver page login');
    return reply.redirect(safeNext((request.query as Record<string, unknown>).next), 303);
  });

  scope.post('/logout', { preHandler: scope.csrfProtection }, async (request, reply) => {
    const found = await pageUser(db, request, now());
    if (found.ok) {
      await revokeSession(db, found.tokenHash, now());
      await recordAuthEvent(db, { kind: 'logout', user: found.user, at: now(), ip: request.ip });
    }
    clearSessionCookie(reply);
    return reply.redirect(`${BASE}/login?signedOut=1`, 303);
  });

  scope.get('/lang/:lang', async (request, reply) => {
    const params = parseInput(z.object({ lang: language }).strict(), request.params, 'query');
    setLanguageCookie(reply, params.lang);
    return reply.redirect(safeNext((request.query as Record<string, unknown>).next), 303);
  });

  const itemPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    user: User,
    form: DecisionFormState,
    status = 200,
  ) => {
    const { replyId } = parseInput(replyParams, request.params, 'query');
    const found = await replyInContext(db, user, replyId);
    const frame = await framed(request, reply, user, (t) => t('item.decide'));
    if (found === null)
      return send(reply, errorView(frame, frame.t('error.pageNotFound'), frame.t('error.not_found')), 404);
    const titled = { ...frame, title: frame.t('item.title', { client: found.client.name }) };
    return send(reply, itemView(titled, found, titled.csrf, form), status);
  };

  scope.get('/items/:replyId', async (request, reply) => {
    const user = await requireUser(request, reply);
    if (user === null) return reply;
    return itemPage(request, reply, user, emptyForm);
  });

  scope.post('/items/:replyId/preview', { preHandler: scope.csrfProtection }, async (request, reply) => {
    const user = await requireUser(request, reply);
    if (user === null) return reply;
    const { replyId } = parseInput(replyParams, request.params, 'query');
    const body = parseInput(previewForm, request.body, 'body');
    const found = await replyInContext(db, user, replyId);
    const frame = await framed(request, reply, user, (t) => t('preview.title'));
    if (found === null)
      return send(reply, errorView(frame, frame.t('error.pageNotFound'), frame.t('error.not_found')), 404);
    const edited = body.editedText.trim();
    if (edited === '' || edited === found.reply.text.trim()) {
      const message = frame.t(edited === '' ? 'error.empty_reply' : 'error.no_change');
      return itemPage(request, reply, user, { ...emptyForm, message, editedText: body.editedText }, 400);
    }
    return send(reply, previewView(frame, found, frame.csrf, body.editedText, null));
  });

  scope.post('/items/:replyId/decide', { preHandler: scope.csrfProtection }, async (request, reply) => {
    const user = await requireUser(request, reply);
    if (user === null) return reply;
    const { replyId } = parseInput(replyParams, request.params, 'query');
    const form = parseInput(decideForm, request.body, 'body');
    const lang = languageOf(request);
    const t = await approverTexts(lang);
    const kept: DecisionFormState = {
      message: null,
      comment: form.decision === 'approved' ? (form.comment ?? '') : '',
      reason: form.decision === 'rejected' ? (form.comment ?? '') : '',
      editedText: form.editedText ?? null,
    };
    const editedText = form.editedText === undefined || form.editedText.trim() === '' ? null : form.editedText;
    const request_ = {
      replyId,
      stepIndex: form.stepIndex,
      decision: form.decision,
      textHash: form.textHash,
      comment: form.comment === undefined || form.comment.trim() === '' ? null : form.comment,
      password: form.password ?? '',
      editedText,
    };
    try {
      if (request_.password === '') throw new DecisionError(400, 'invalid_credentials', 'the password is required');
      const parsed = decideRequest.safeParse(request_);
      if (!parsed.success) throw new DecisionError(400, 'invalid_request', 'the form is not valid');
      const decided = await decideSigned(context, user, parsed.data, lang, request.ip);
      request.log.info({ userId: user.id, replyId, decision: form.decision }, 'approval signed');
      const edited = editedText === null ? '' : '?edited=1';
      const target = `${BASE}/items/${encodeURIComponent(replyId)}/decided/${encodeURIComponent(decided.approvalId)}`;
      return reply.redirect(`${target}${edited}`, 303);
    } catch (error) {
      if (!(error instanceof DecisionError)) throw error;
      const message = t(`error.${error.code}`, { minutes: minutesOf(error.headers), defaultValue: error.message });
      if (error.status === 404) return itemPage(request, reply, user, { ...kept, message }, 404);
      return itemPage(request, reply, user, { ...kept, message }, error.status);
    }
  });

  registerPreApprovalRoutes(scope, {
    context,
    requireUser,
    language: languageOf,
    fail: async (request, reply, user, error) => {
      const frame = await framed(request, reply, user, (t) => t('error.title'));
      const message = frame.t(`error.${error.code}`, {
        minutes: minutesOf(error.headers),
        defaultValue: error.message,
      });
      return send(reply, errorView(frame, frame.t('error.title'), message), error.status);
    },
  });

  scope.get('/items/:replyId/decided/:approvalId', async (request, reply) => {
    const user = await requireUser(request, reply);
    if (user === null) return reply;
    const { replyId, approvalId } = parseInput(decidedParams, request.params, 'query');
    const found = await replyInContext(db, user, replyId);
    const approval = found?.reply.approvals.find((entry) => entry.id === approvalId);
    const frame = await framed(request, reply, user, (t) => t('decided.recorded'));
    if (found === null || approval === undefined || approval.approverId !== user.id) {
      return send(reply, errorView(frame, frame.t('error.pageNotFound'), frame.t('error.not_found')), 404);
    }
    const edited = (request.query as Record<string, unknown>).edited === '1';
    return send(reply, decidedView(frame, found, approval, edited));
  });
}
