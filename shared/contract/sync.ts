import { z } from 'zod';
import { approvalDecision, epochMs, id, language, reply, user } from '../domain/entities';
import { presenceActivity } from '../sync/server-api';

/** How this desktop works: alone (an in-process server), with a team server, or not chosen yet. */
export const connectionModes = ['solo', 'team'] as const;
export const connectionMode = z.enum(connectionModes);

export const presenceEntry = z.object({
  itemId: id,
  userId: id,
  name: z.string(),
  activity: presenceActivity,
  at: epochMs,
});
export type PresenceEntry = z.infer<typeof presenceEntry>;

export const syncStates = ['online', 'offline', 'syncing'] as const;
export const syncState = z.enum(syncStates);

/**
 * Why the last sync attempt failed, as a closed set the UI words in its language
 * (`connection.syncProblem.<code>`); `lastError` keeps the core's English sentence for logs.
 */
export const syncProblemCodes = [
  /** The team server's database was restored from a backup: restart the app to reload it. */
  'restored',
  /** The server ended or refused the session (revoked token, signed out elsewhere). */
  'session_ended',
  /** The session expired: sign in again. */
  'session_expired',
  /** This computer's replica id belongs to another user: sign in again. */
  'client_id_taken',
  /** No answer: the network or the server is down, or it did not answer in time. */
  'unreachable',
  /** The server asked to slow down (it said when to retry). */
  'rate_limited',
  /** The server is starting, updating or shutting down. */
  'not_ready',
  /** The server does not allow this account to sync. */
  'forbidden',
  /** The server's answer or our request does not fit the protocol: app and server versions differ. */
  'incompatible',
  /** The server failed (HTTP 5xx or an unknown answer): `status` says which. */
  'server_error',
  /** The server did not take the local changes; they are kept and sent again. */
  'push_not_taken',
  /** A row from the server does not fit this app's data. */
  'bad_row',
  /** Anything else: it will be retried, the details are in the log. */
  'unexpected',
] as const;
export const syncProblemCode = z.enum(syncProblemCodes);
export type SyncProblemCode = (typeof syncProblemCodes)[number];

export const syncProblem = z.object({
  code: syncProblemCode,
  /** The HTTP status, for `server_error`. */
  status: z.number().int().optional(),
});
export type SyncProblem = z.infer<typeof syncProblem>;

/** How the sync goes: the `sync:status` event and call. */
export const syncStatus = z.object({
  state: syncState,
  /**
   * Pokes can arrive: the socket to the team server is open AND the last push/pull succeeded, so a
   * colleague's change shows within a moment. `state: 'online'` without it: changes go out and come
   * in, but only at the next sync (the socket is reconnecting). Absent counts as false.
   */
  live: z.boolean().optional(),
  /** Local changes not yet confirmed by the team server. */
  pending: z.number().int().nonnegative(),
  lastSyncAt: z.number().int().nonnegative().nullable(),
  /** Set when the last attempt failed: the core's English, for logs and devtools only. */
  lastError: z.string().nullable(),
  /** Why the last attempt failed, as a code the UI words. Absent or null: it did not fail. */
  problem: syncProblem.nullable().optional(),
  /** While a new replica is filled from the server: rows done of total. */
  progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable(),
  /** Local changes the server refused, waiting to be seen (`sync:refused`). */
  refused: z.number().int().nonnegative(),
});
export type SyncStatusPayload = z.infer<typeof syncStatus>;

/** The refused-changes list comes in pages of at most this many, newest first. */
export const REFUSED_PAGE_MAX = 500;

/** A local change the team server refused, kept with its reason until the user dismisses it. */
export const refusedChange = z.object({
  id: z.number().int().positive(),
  /** The mutation's name, e.g. `reply.send`. */
  name: z.string(),
  code: z.string(),
  message: z.string(),
  createdAt: epochMs,
  itemId: id.nullable(),
  /** The reply or note text the change carried: kept, so nothing typed is lost. */
  text: z.string().nullable(),
});
export type RefusedChange = z.infer<typeof refusedChange>;

const serverUrl = z
  .string()
  .trim()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, error: 'Enter the team server address, e.g. https://moderation.example.com' }));

export const syncCalls = {
  'connection:get': {
    args: z.object({}).strict(),
    result: z.object({
      mode: connectionMode.nullable(),
      serverUrl: z.string().nullable(),
      user: user.nullable(),
    }),
  },
  'connection:signIn': {
    args: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('solo') }).strict(),
      z
        .object({
          mode: z.literal('team'),
          serverUrl,
          email: z.string().trim().max(254),
          password: z.string().min(1).max(1024),
        })
        .strict(),
    ]),
    result: z.object({ user }),
  },
  'connection:signOut': {
    args: z.object({}).strict(),
    result: z.object({}),
  },
  'sync:retry': {
    args: z.object({}).strict(),
    result: z.object({}),
  },
  /** The current sync status, as the last `sync:status` event said it (for a window opening late). */
  'sync:status': {
    args: z.object({}).strict(),
    result: syncStatus,
  },
  /** Refused changes, newest first, a page at a time: those with an id below `before` (all: omit it). */
  'sync:refused': {
    args: z
      .object({
        before: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(REFUSED_PAGE_MAX).optional(),
      })
      .strict(),
    result: z.object({ changes: z.array(refusedChange) }),
  },
  'sync:dismiss': {
    args: z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) }).strict(),
    result: z.object({}),
  },
  /**
   * An approver's e-signed decision (issue 6): online only — the password goes to the team server
   * once and is never stored. The decision comes back by the normal sync.
   */
  'approval:decide': {
    args: z
      .object({
        replyId: id,
        stepIndex: z.number().int().min(0).max(2),
        decision: approvalDecision,
        /** The hash of the exact text and visibility the approver was shown. */
        textHash: z.string().min(1).max(128),
        /** Required with a rejection: the reason the moderator will read. */
        comment: z.string().trim().max(2000).nullable(),
        password: z.string().min(1).max(1024),
        /** Edit-and-approve: the corrected text, signed as it will be published. */
        editedText: z.string().min(1).max(10_000).nullable(),
        lang: language,
      })
      .strict(),
    result: z.object({ reply }),
  },
  'presence:set': {
    args: z.object({ itemId: id.nullable(), activity: presenceActivity.nullable() }).strict(),
    result: z.object({}),
  },
  'presence:get': {
    args: z.object({}).strict(),
    result: z.object({ entries: z.array(presenceEntry) }),
  },
} as const;
