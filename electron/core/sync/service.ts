/**
 * The desktop's connection to a team server — or to the solo one it starts in a process of its
 * own — and the contract calls about it: sign in / out, sync status, refused changes, presence.
 * Owns the sync engine and the socket for the current session.
 */
import {
  ContractFailure,
  type EventPayload,
  type HandlersFor,
  type RefusedChange,
  type SyncProblem,
} from '../../../shared/contract';
import type { syncCalls } from '../../../shared/contract/sync';
import type { User } from '../../../shared/domain';
import type { EventHub } from '../events';
import type { Logger } from '../log';
import { dismissRefused, pendingCount, refusedCount, refusedMutations, type PendingMutation } from '../replica/outbox';
import type { Replica } from '../replica/open';
import { sql } from '../replica/sql';
import { readSyncMeta } from '../replica/syncMeta';
import type { BackoffPolicy } from './backoff';
import { SyncEngine, type SyncStatus } from './engine';
import { LiveLink } from './live';
import { createPolicyHandlers, type PolicyHandlers } from './policy';
import { PresenceBoard } from './presence';
import { SessionStore, type SecretBox, type StoredSession } from './session';
import { SyncSocket } from './socket';
import { startSoloServer, type SoloServer } from './solo';
import { httpTransport, SyncHttpError, SyncNetworkError, type SyncTransport } from './transport';

export interface SyncServiceOptions {
  dataFolder: string;
  replica: Replica;
  events: EventHub;
  log: Logger;
  now: () => number;
  secretBox: SecretBox | null;
  /** Items of the demo workspace the solo server starts with. */
  demoItems: number;
  demoSeed?: number;
  /** The user a solo desktop works as (the demo workspace's lead). */
  soloUserId: string;
  /**
   * The session to resume at start, as the core read it (the stored one, or solo when the host
   * chose it, e.g. `npm run web -- --solo`); null: wait for the first-run sign-in.
   */
  resume: StoredSession | null;
  replay: (mutation: PendingMutation) => void;
  readUser: (userId: string) => User | null;
  transportFor?: (serverUrl: string) => SyncTransport;
  /** Retry delays of the sync and the socket (tests use long ones to show what does not wait). */
  backoff?: BackoffPolicy;
}

/** The refused-changes list's page when the caller names none. */
const REFUSED_PAGE = 200;

/** The connection's part of the core's handler map (electron/core/api/dispatch.ts `mergeHandlers`). */
export type SyncHandlers = HandlersFor<typeof syncCalls>;

interface Connection {
  session: StoredSession;
  serverUrl: string;
  token: string;
  engine: SyncEngine;
  socket: SyncSocket;
  live: LiveLink;
}

export class SyncService {
  private readonly store: SessionStore;
  private solo: SoloServer | null = null;
  private connection: Connection | null = null;
  /** A stored session being resumed at start (the server may take seconds to come up). */
  private resuming: { session: StoredSession; done: Promise<void> } | null = null;
  private readonly presence: PresenceBoard;
  private status: SyncStatus;

  private constructor(private readonly options: SyncServiceOptions) {
    this.store = new SessionStore(options.dataFolder, options.secretBox);
    this.presence = new PresenceBoard(() => this.connection?.session.userId ?? null);
    this.status = {
      state: 'offline',
      pending: pendingCount(options.replica.reader),
      // What the replica knows from an earlier run: "never synced" only when it never did.
      lastSyncAt: readSyncMeta(options.replica.reader).lastSyncAt,
      lastError: null,
      problem: null,
      progress: null,
    };
  }

  /** Resumes the stored session (or solo when the host asks); otherwise waits for a sign-in. */
  static async start(options: SyncServiceOptions): Promise<SyncService> {
    const service = new SyncService(options);
    const stored = options.resume;
    service.emitStatus();
    if (stored) {
      // Not awaited: the replica serves the queue at once; the (solo) server comes up meanwhile.
      service.resuming = { session: stored, done: service.connect(stored) };
      void service.resuming.done
        .catch((error: unknown) => {
          options.log.warn('sync.resume_failed', { reason: error instanceof Error ? error.message : 'unknown' });
        })
        .finally(() => {
          service.resuming = null;
        });
    }
    return service;
  }

  /** The signed-in user's id (the actor of local actions); null when signed out. */
  userId(): string | null {
    return this.connection?.session.userId ?? this.resuming?.session.userId ?? null;
  }

  /** A local change entered the outbox: push it soon. */
  localChange(): void {
    this.connection?.engine.localChange();
  }

  async close(): Promise<void> {
    await this.resuming?.done.catch(() => undefined);
    await this.disconnect();
    await this.solo?.close();
    this.solo = null;
  }

  readonly handlers: SyncHandlers = {
    'connection:get': () => ({
      mode: this.connection?.session.mode ?? this.resuming?.session.mode ?? null,
      serverUrl: this.connection?.session.mode === 'team' ? this.connection.serverUrl : null,
      user: this.currentUser(),
    }),
    'connection:signIn': async (args) => {
      if (this.connection || this.resuming) throw new ContractFailure('refused', 'Already signed in: sign out first.');
      let session: StoredSession;
      if (args.mode === 'solo') {
        session = { mode: 'solo', userId: this.options.soloUserId };
      } else {
        const transport = this.transportFor(args.serverUrl);
        const answer = await transport.login(args.email, args.password).catch((error: unknown) => {
          throw toContractFailure(error);
        });
        session = {
          mode: 'team',
          serverUrl: args.serverUrl,
          userId: answer.user.id,
          token: answer.token,
          expiresAt: answer.expiresAt,
        };
      }
      this.assertSameIdentity(session);
      await this.connect(session);
      await this.store.save(session);
      const user = await this.waitForUser(session.userId);
      return { user };
    },
    'connection:signOut': async () => {
      await this.resuming?.done.catch(() => undefined);
      const connection = this.connection;
      await this.disconnect();
      await this.store.clear();
      if (connection?.session.mode === 'team') {
        await this.transportFor(connection.serverUrl)
          .logout(connection.token)
          .catch(() => undefined);
      }
      this.options.events.emit('connection:changed', { mode: null, user: null });
      return {};
    },
    'sync:retry': () => {
      this.connection?.engine.retryNow();
      return {};
    },
    'sync:status': () => this.currentStatus(),
    'sync:refused': ({ before, limit }) => ({
      changes: refusedMutations(this.options.replica.reader, limit ?? REFUSED_PAGE, before ?? null).map(
        describeRefused,
      ),
    }),
    'sync:dismiss': ({ ids }) => {
      dismissRefused(this.options.replica.writer, ids);
      this.emitStatus();
      return {};
    },
    'approval:decide': async (args) => {
      const connection = this.connection;
      if (!connection) throw new ContractFailure('unavailable', 'Sign in to decide on approvals.');
      const answer = await this.transportFor(connection.serverUrl)
        .decide(connection.token, args)
        .catch((error: unknown) => {
          throw toDecisionFailure(error);
        });
      // The signed decision comes back through the change log, like any other change.
      connection.engine.retryNow();
      return { reply: answer.reply };
    },
    'presence:set': ({ itemId, activity }) => {
      this.connection?.socket.setPresence(itemId, activity);
      return {};
    },
    'presence:get': () => ({ entries: this.presence.list(this.options.now()) }),
  };

  /** Policy editing is online only: the server answers, the new policy comes back by pull. */
  readonly policyHandlers: PolicyHandlers = createPolicyHandlers({
    server: () => (this.connection ? { serverUrl: this.connection.serverUrl, token: this.connection.token } : null),
    saved: () => this.connection?.engine.retryNow(),
  });

  private currentUser(): User | null {
    const id = this.userId();
    return id === null ? null : this.options.readUser(id);
  }

  private transportFor(serverUrl: string): SyncTransport {
    return this.options.transportFor?.(serverUrl) ?? httpTransport(serverUrl, { now: this.options.now });
  }

  /** A replica holds one identity's rows: another server or user needs a new one (at next start). */
  private assertSameIdentity(session: StoredSession): void {
    const meta = this.options.replica.reader.get<{ serverUrl: string | null; userId: string | null }>(
      sql`SELECT server_url AS serverUrl, user_id AS userId FROM sync_meta WHERE singleton = 1`,
    );
    const serverUrl = session.mode === 'team' ? session.serverUrl : 'solo';
    if (meta?.userId && (meta.userId !== session.userId || meta.serverUrl !== serverUrl)) {
      void this.store.save(session);
      throw new ContractFailure(
        'refused',
        'This computer holds the data of another account: restart the app to load this one (its local data is set aside and rebuilt from the server).',
      );
    }
  }

  private async connect(session: StoredSession): Promise<void> {
    const { options } = this;
    let serverUrl: string;
    let token: string;
    if (session.mode === 'solo') {
      this.solo ??= await startSoloServer({
        dataFolder: options.dataFolder,
        demoItems: options.demoItems,
        demoSeed: options.demoSeed ?? 1,
      });
      serverUrl = this.solo.url;
      // Where client approvers open /approve/ on this computer (and tests find the server).
      options.log.info('sync.solo_server', { url: serverUrl });
      token = await this.solo.signIn(session.userId);
    } else {
      serverUrl = session.serverUrl;
      token = session.token;
    }
    const identity = session.mode === 'team' ? session.serverUrl : 'solo';
    options.replica.writer.transaction(() =>
      options.replica.writer.run(
        sql`UPDATE sync_meta SET server_url = ${identity}, user_id = ${session.userId} WHERE singleton = 1`,
      ),
    );
    const engine: SyncEngine = new SyncEngine({
      replica: options.replica,
      transport: this.transportFor(serverUrl),
      token: (): string | null => (this.connection?.engine === engine ? token : null),
      replay: options.replay,
      onStatus: (status) => {
        this.status = status;
        live.engineState(status.state);
        this.emitStatus();
      },
      onSignedOut: (message) => void this.sessionLost(message, this.status.problem),
      onRefused: () => this.emitStatus(),
      log: {
        info: (message, fields) => options.log.info(message, fields),
        warn: (message, fields) => options.log.warn(message, fields),
      },
      now: options.now,
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    const live = new LiveLink({ retrySync: () => engine.retryNow(), reconnectSocket: () => socket.retryNow() });
    const socket: SyncSocket = new SyncSocket({
      url: serverUrl,
      token: () => token,
      onPoke: () => engine.trigger(),
      onPresence: (message) => {
        if (this.presence.apply(message))
          options.events.emit('presence:changed', { entries: this.presence.list(options.now()) });
      },
      onConnected: (connected) => {
        live.socketConnected(connected);
        this.emitStatus();
        if (!connected && this.presence.list(options.now()).length > 0) {
          this.presence.clear();
          options.events.emit('presence:changed', { entries: [] });
        }
      },
      onUnauthorized: () =>
        void this.sessionLost('The team server ended this session: sign in again.', { code: 'session_ended' }),
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    this.connection = { session, serverUrl, token, engine, socket, live };
    engine.start();
    socket.start();
    options.events.emit('connection:changed', { mode: session.mode, user: this.currentUser() });
  }

  private async disconnect(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    if (!connection) return;
    connection.socket.stop();
    await connection.engine.stop();
    this.presence.clear();
    this.status = { ...this.status, state: 'offline', progress: null };
    this.emitStatus();
  }

  private async sessionLost(message: string, problem: SyncProblem | null): Promise<void> {
    this.options.log.warn('sync.session_lost');
    await this.disconnect();
    await this.store.clear();
    this.status = { ...this.status, lastError: message, problem: problem ?? { code: 'session_ended' } };
    this.emitStatus();
    this.options.events.emit('connection:changed', { mode: null, user: null });
  }

  /** After a first sign-in the user's row arrives with the snapshot. */
  private async waitForUser(userId: string): Promise<User> {
    for (let waited = 0; waited < 120_000; waited += 100) {
      const user = this.options.readUser(userId);
      if (user) {
        this.options.events.emit('connection:changed', { mode: this.connection?.session.mode ?? null, user });
        return user;
      }
      if (!this.connection) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new ContractFailure('unavailable', 'Signed in, but your account did not arrive from the server yet: retry.');
  }

  /** The status every window is told: the engine's, whether pokes can arrive, and the counts. */
  private currentStatus(): EventPayload<'sync:status'> {
    const { reader } = this.options.replica;
    return {
      ...this.status,
      live: this.connection?.live.live() ?? false,
      pending: pendingCount(reader),
      refused: refusedCount(reader),
    };
  }

  private emitStatus(): void {
    this.options.events.emit('sync:status', this.currentStatus());
  }
}

function toContractFailure(error: unknown): ContractFailure {
  if (error instanceof SyncHttpError) {
    // The server's code leads, so the UI words it (renderer/src/i18n/errors.ts).
    if (error.code === 'invalid_credentials')
      return new ContractFailure('refused', 'invalid_credentials: wrong e-mail or password');
    if (error.code === 'rate_limited') return new ContractFailure('refused', `rate_limited: ${error.message}`);
    return new ContractFailure('unavailable', error.message);
  }
  if (error instanceof SyncNetworkError) return new ContractFailure('unavailable', error.message);
  return new ContractFailure('internal', 'Signing in failed unexpectedly.');
}

/** The server's refusal of a decision, in words the approver can act on; nothing was recorded. */
function toDecisionFailure(error: unknown): ContractFailure {
  if (error instanceof SyncHttpError) {
    if (error.code === 'invalid_credentials')
      return new ContractFailure('refused', 'invalid_credentials: wrong password; nothing was recorded.');
    if (error.status >= 400 && error.status < 500)
      return new ContractFailure('refused', `${error.code}: ${error.message}`);
    return new ContractFailure('unavailable', error.message);
  }
  if (error instanceof SyncNetworkError)
    return new ContractFailure(
      'unavailable',
      `Deciding needs the team server, which cannot be reached: ${error.message}`,
    );
  return new ContractFailure('internal', 'The decision failed unexpectedly; nothing was recorded.');
}

function describeRefused(mutation: PendingMutation): RefusedChange {
  const args = (typeof mutation.args === 'object' && mutation.args !== null ? mutation.args : {}) as Record<
    string,
    unknown
  >;
  const text = typeof args.text === 'string' ? args.text : null;
  const itemId = typeof args.itemId === 'string' ? args.itemId : null;
  return {
    id: mutation.id,
    name: mutation.name,
    code: mutation.refusedCode ?? 'refused',
    message: mutation.refusedMessage ?? '',
    createdAt: mutation.createdAt,
    itemId,
    text,
  };
}
