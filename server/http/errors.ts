/**
 * Every answer that is not a success is `{ error: { code, message } }` with a code from
 * shared/sync/server-api.ts, whatever failed: our validation, Fastify's body parser, a route
 * that does not exist, or a bug (500, logged with the request id, never with the body).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { findUnsafeText } from '../../shared/domain/text';
import type { ApiError, ServerErrorCode } from '../../shared/sync/server-api';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function errorBody(code: ServerErrorCode, message: string): ApiError {
  return { error: { code, message } };
}

/**
 * Parses a body or query with a zod schema; the first problem becomes a 400 that names the field.
 * Any text in it holding a NUL or a broken character (shared/domain/text.ts) is refused first,
 * whatever the field: 400 `invalid_text`. `uncheckedKeys` names fields checked elsewhere (a push's
 * mutation arguments, refused one by one so the replica moves on).
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: 'body' | 'query',
  uncheckedKeys: readonly string[] = [],
): z.infer<T> {
  if (value === undefined || value === null) {
    throw new HttpError(
      400,
      'invalid_request',
      what === 'body' ? 'a JSON body is required' : 'query parameters are required',
    );
  }
  const unsafe = findUnsafeText(value, uncheckedKeys);
  if (unsafe !== null) {
    const path = [what, ...unsafe.path].join('.');
    const problem = unsafe.problem === 'nul' ? 'a NUL character' : 'a broken character (half of an emoji?)';
    throw new HttpError(400, 'invalid_text', `${path}: holds ${problem}`);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue === undefined || issue.path.length === 0 ? what : `${what}.${issue.path.join('.')}`;
  throw new HttpError(400, 'invalid_request', `${path}: ${issue?.message ?? 'invalid'}`);
}

/**
 * The last line of defence: PostgreSQL's class 22 ("data exception": a NUL or broken Unicode in
 * text or JSON, a number out of a column's range…) is the client's input the validation missed,
 * answered 400 `invalid_input` instead of 500. The validation at the edges is what should refuse it.
 */
export function fromDatabase(error: unknown): HttpError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/u.test(code)) return null;
  return new HttpError(400, 'invalid_input', 'a value of the request cannot be stored (text or number out of range)');
}

function fromFastify(error: FastifyError): HttpError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'invalid_json', 'the body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'body_too_large', 'the body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'unsupported_media_type', 'send application/json');
    default:
      break;
  }
  if (error instanceof SyntaxError) return new HttpError(400, 'invalid_json', 'the body is not valid JSON');
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new HttpError(status, 'invalid_request', 'the request is not valid');
  return null;
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const fromDb = fromDatabase(error);
    // Logged: each one is a hole in the validation to close (the code only, never the value).
    if (fromDb !== null) request.log.warn({ err: { type: error.name, code: error.code } }, 'database refused an input');
    const known = error instanceof HttpError ? error : (fromDb ?? fromFastify(error));
    if (known === null) {
      request.log.error({ err: { type: error.name, code: error.code, stack: error.stack } }, 'request failed');
      return reply.status(500).send(errorBody('server_error', 'the server failed; try again'));
    }
    if (known.status >= 500) request.log.warn({ code: known.code }, 'request not served');
    return reply.status(known.status).headers(known.headers).send(errorBody(known.code, known.message));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );
}
