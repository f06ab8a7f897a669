/**
 * `GET /sync/socket` (WebSocket): pokes ("pull now", no data) and presence. The token comes as
 * `?token=` or in a first `{type:'auth'}` message within AUTH_TIMEOUT_MS; every message is
 * validated, a bad one answers an error message (and too many close the socket). The session is
 * checked again periodically, so a logout or an expiry closes the socket.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { socketClientMessage } from '../../shared/sync/server-api';
import type { PresenceActivity, SocketServerMessage } from '../../shared/sync/server-api';
import { toText } from '../db/db';
import { sql } from '../db/sql';
import { findSession } from '../auth/sessions';
import type { HubSocket } from '../sync/hub';
import { canSeeClient, visibilityOf } from '../sync/scope';
import type { ServerContext } from './context';
import { fromDatabase } from './errors';

const AUTH_TIMEOUT_MS = 10_000;
const MAX_INVALID_MESSAGES = 5;
const MAX_MESSAGE_BYTES = 16 * 1024;

/** Close codes in the application range (4000–4999) the desktop can act on. */
export const socketCloseCodes = { unauthorized: 4401, invalid: 4400, shuttingDown: 1001 } as const;

function parseMessage(raw: WebSocket.RawData): ReturnType<typeof socketClientMessage.safeParse> | null {
  const buffers = Array.isArray(raw) ? raw : [Buffer.from(raw as ArrayBuffer)];
  const text = Buffer.concat(buffers).toString('utf8');
  if (text.length > MAX_MESSAGE_BYTES) return null;
  try {
    return socketClientMessage.safeParse(JSON.parse(text));
  } catch {
    return null;
  }
}

export function registerSocket(app: FastifyInstance, context: ServerContext): void {
  const { db, hub, now } = context;

  app.get('/sync/socket', { websocket: true }, (socket, request) => {
    const send = (message: SocketServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const sendError = (code: string, message: string) => send({ type: 'error', error: { code, message } });
    let member: HubSocket | null = null;
    let invalid = 0;
    let recheck: NodeJS.Timeout | null = null;
    const presence = new Map<string, { clientId: string; activity: PresenceActivity }>();

    const close = (code: number, reason: string) => {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
    };
    const authTimer = setTimeout(() => close(socketCloseCodes.unauthorized, 'authenticate first'), AUTH_TIMEOUT_MS);

    const start = async (token: string): Promise<void> => {
      const session = await findSession(db, token, now());
      if (!session.ok) {
        sendError(
          session.reason === 'expired' ? 'session_expired' : 'unauthorized',
          'the session is not valid: log in again',
        );
        close(socketCloseCodes.unauthorized, 'unauthorized');
        return;
      }
      clearTimeout(authTimer);
      if (socket.readyState !== socket.OPEN) return;
      const { user } = session;
      member = {
        userId: user.id,
        name: user.name,
        visibility: visibilityOf(user),
        tokenHash: session.tokenHash,
        send,
        end: close,
      };
      hub.add(member);
      recheck = setInterval(() => {
        void findSession(db, token, now()).then(
          (again) => {
            if (!again.ok) close(socketCloseCodes.unauthorized, 'session ended');
          },
          () => undefined,
        );
      }, context.socketRecheckMs);
      recheck.unref();
      send({ type: 'ready', userId: user.id });
      request.log.info({ userId: user.id }, 'socket open');
    };

    const relayPresence = async (from: HubSocket, itemId: string, activity: PresenceActivity | null) => {
      const [found] = await db.query(
        sql`SELECT data->>'clientId' AS client_id FROM entities WHERE entity = 'item' AND id = ${itemId}`,
      );
      const clientId = found === undefined ? null : toText(found.client_id);
      // An item the sender may not see is answered like a missing one.
      if (clientId === null || !canSeeClient(from.visibility, clientId)) {
        sendError('not_found', 'no such item');
        return;
      }
      if (activity === null) presence.delete(itemId);
      else presence.set(itemId, { clientId, activity });
      hub.presence(from, { id: itemId, clientId }, activity, now());
    };

    const onMessage = async (raw: WebSocket.RawData) => {
      const parsed = parseMessage(raw);
      if (parsed === null || !parsed.success) {
        invalid += 1;
        const detail = parsed?.success === false ? parsed.error.issues[0]?.message : 'not JSON';
        sendError('invalid_request', `the message is not valid: ${detail ?? 'invalid'}`);
        if (invalid >= MAX_INVALID_MESSAGES) close(socketCloseCodes.invalid, 'too many invalid messages');
        return;
      }
      const message = parsed.data;
      if (member === null) {
        if (message.type === 'auth') await start(message.token);
        else sendError('unauthorized', 'authenticate first: {"type":"auth","token":"…"}');
        return;
      }
      switch (message.type) {
        case 'auth':
          sendError('invalid_request', 'already authenticated');
          return;
        case 'ping':
          send({ type: 'pong' });
          return;
        case 'presence':
          await relayPresence(member, message.itemId, message.activity);
          return;
      }
    };

    // One message at a time, in order, after the query-string authentication if any.
    let queue: Promise<void> = Promise.resolve();
    const enqueue = (work: () => Promise<void>) => {
      queue = queue.then(work).catch((error: unknown) => {
        if (fromDatabase(error) !== null) {
          // A value the validation missed and the database refused: the sender's fault, not ours.
          request.log.warn({ err: { code: (error as { code?: unknown }).code } }, 'database refused a socket input');
          sendError('invalid_request', 'the message holds a value that cannot be stored');
          return;
        }
        request.log.error(
          { err: { type: error instanceof Error ? error.name : typeof error } },
          'socket message failed',
        );
        sendError('server_error', 'the server failed; try again');
      });
    };
    socket.on('message', (raw) => enqueue(() => onMessage(raw)));
    socket.on('close', () => {
      clearTimeout(authTimer);
      if (recheck !== null) clearInterval(recheck);
      if (member === null) return;
      hub.remove(member);
      // Whoever saw "Giulia is replying" sees it end with her socket.
      for (const [itemId, entry] of presence)
        hub.presence(member, { id: itemId, clientId: entry.clientId }, null, now());
      request.log.info({ userId: member.userId }, 'socket closed');
    });

    const query = request.query as Record<string, unknown>;
    if (typeof query.token === 'string' && query.token.length > 0 && query.token.length <= 256) {
      const token = query.token;
      enqueue(() => start(token));
    }
  });
}
