/**
 * The team server's HTTP and WebSocket messages besides push/pull (protocol.ts): login, the
 * paged snapshot a new replica starts from, the socket's messages and the error body every 4xx
 * and 5xx answer carries. Pure schemas: the server validates requests with them, the desktop
 * answers.
 */
import { z } from 'zod';
import { epochMs, id, user } from '../domain/entities';
import { syncEntity } from './protocol';

/** Codes of `{ error: { code, message } }` answers (HTTP status in brackets). */
export const serverErrorCodes = [
  'invalid_json', // 400: the body is not JSON
  'invalid_request', // 400: body or query does not fit the schema
  'invalid_text', // 400: a text holds a NUL or a broken character (half an emoji): refused, never repaired
  'invalid_input', // 400: a value the database cannot take (PostgreSQL 22xxx), caught after the validation missed it
  'unauthorized', // 401: no, unknown or revoked token
  'session_expired', // 401
  'invalid_credentials', // 401: wrong email or password (never says which)
  'forbidden', // 403
  'client_id_taken', // 403: the replica id belongs to another user
  'not_found', // 404: no such route
  'cursor_ahead', // 409: the cursor is beyond the server's log (restored database): snapshot again
  'body_too_large', // 413
  'unsupported_media_type', // 415
  'rate_limited', // 429: with Retry-After (seconds)
  'server_error', // 500
  'not_ready', // 503: database unreachable or migrations pending; or shutting down
] as const;
export type ServerErrorCode = (typeof serverErrorCodes)[number];

export const apiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiError = z.infer<typeof apiError>;

export const loginRequest = z
  .object({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
    password: z.string().min(1).max(1024),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequest>;

export const loginResponse = z.object({ token: z.string(), expiresAt: epochMs, user });
export type LoginResponse = z.infer<typeof loginResponse>;

export const snapshotRow = z.object({ entity: syncEntity, id, data: z.unknown() });
export type SnapshotRow = z.infer<typeof snapshotRow>;

/**
 * `GET /sync/snapshot?clientId=&limit=&page=`: the current rows the user may see, parents first,
 * in pages. The first page (no `page`) fixes `cursor`; the replica applies every page, then pulls
 * from that cursor (the changes after it bring rows that moved meanwhile up to date).
 */
export const snapshotResponse = z.object({
  cursor: z.number().int().nonnegative(),
  rows: z.array(snapshotRow),
  /** Pass as `page` for the next page; null on the last one. */
  next: z.string().nullable(),
  progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
});
export type SnapshotResponse = z.infer<typeof snapshotResponse>;

export const presenceActivity = z.enum(['viewing', 'replying']);
export type PresenceActivity = z.infer<typeof presenceActivity>;

/** Desktop → server over `/sync/socket`. Authenticate with `?token=` or a first `auth` message. */
export const socketClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(256) }).strict(),
  /** What this user is doing on an item now; null: nothing any more. */
  z.object({ type: z.literal('presence'), itemId: id, activity: presenceActivity.nullable() }).strict(),
  z.object({ type: z.literal('ping') }).strict(),
]);
export type SocketClientMessage = z.infer<typeof socketClientMessage>;

/** Server → desktop. `poke` carries no data, by design: the desktop pulls. */
export const socketServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), userId: id }),
  z.object({ type: z.literal('poke') }),
  z.object({
    type: z.literal('presence'),
    itemId: id,
    userId: id,
    name: z.string(),
    activity: presenceActivity.nullable(),
    at: epochMs,
  }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('error'), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type SocketServerMessage = z.infer<typeof socketServerMessage>;
