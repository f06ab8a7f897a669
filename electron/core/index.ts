/**
 * The desktop core: plain Node, no `electron` import. The Electron shell and the browser host
 * construct it with what differs between them (data folder, locale, host kind, logger, native
 * SQLite build) and carry its contract to the renderer over their own transport.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ContractFailure, notificationSettingsOf, type HandlersFor, type Settings } from '../../shared/contract';
import type { appCalls } from '../../shared/contract/app';
import type { User } from '../../shared/domain';
import { createActionHandlers, refusingActionHandlers, type ActionHandlers } from './api/action-handlers';
import { mergeHandlers, type Handlers } from './api/dispatch';
import { createItemActions, readUser } from './api/item-actions';
import { createQueueHandlers, refusingQueueHandlers, type QueueHandlers } from './api/queue-handlers';
import { createReplyActions } from './api/replies';
import { warmUpFirstScreen } from './api/warmup';
import { EventHub } from './events';
import type { Logger } from './log';
import { notifyPrefsOf, startNotifications, type Notifications } from './notify/run';
import type { NotifierOutput } from './notify/types';
import { openReplica, type Replica } from './replica/open';
import { ReplicaError } from './replica/errors';
import { seedDemo } from './replica/seedDemo';
import { sql } from './replica/sql';
import { SettingsStore } from './settings/store';
import { replayMutation, type ReplayTargets } from './sync/replay';
import { SyncService, type SyncHandlers } from './sync/service';
import { SessionStore, type SecretBox, type StoredSession } from './sync/session';
import { ensureReplicaFor } from './sync/identity';
import { createPolicyHandlers } from './sync/policy';

export interface CoreOptions {
  appName: string;
  appVersion: string;
  dataFolder: string;
  /** BCP 47 tag of the operating system's locale, e.g. "it-IT"; null when unknown. */
  systemLocale: string | null;
  host: 'electron' | 'web';
  log: Logger;
  /** better-sqlite3 built for the host's ABI (the Electron shell passes one in development). */
  nativeBinding?: string;
  /** A new, empty replica is filled with the demo workspace of this many items (0: none). */
  demoItems?: number;
  demoSeed?: number;
  /**
   * How the desktop finds its team server when no session is stored: `ask` (the first-run
   * screen: a team server or "work on this computer"), `solo` (work on this computer at once),
   * or `off` (no server at all: the replica is seeded with the demo workspace directly and the
   * desktop acts as `userId` — for benchmarks that need a large replica fast).
   */
  sync?: 'ask' | 'solo' | 'off';
  /** The OS keychain for the stored session (the Electron shell's safeStorage); null: a 0600 file. */
  secretBox?: SecretBox | null;
  /** The user of `sync: 'off'` and of solo mode (the demo workspace's lead). */
  userId?: string;
  now?: () => number;
  /** How long after start the notifier reads the replica (default `NOTIFY_START_DELAY_MS`). */
  notifyDelayMs?: number;
}

export interface Core {
  readonly handlers: Handlers;
  readonly events: EventHub;
  /** The current settings, for the shell (tray and notification language). */
  settings(): Settings;
  /** Resolves when the demo workspace (if any) is in the replica; tests and benchmarks wait on it. */
  readonly ready: Promise<void>;
  /** What to notify (system notifications, the badge), for the shell; returns the unsubscribe. */
  onNotify(listener: (output: NotifierOutput) => void): () => void;
  close(): Promise<void>;
}

export const REPLICA_FILE = 'replica.sqlite';
export const DEFAULT_DEMO_ITEMS = 3000;
export const DEFAULT_USER_ID = 'us-giulia';
/**
 * The notifier reads the replica this long after start: after the first screen (reading every
 * live item while the queue opens slowed the cold open by ~0.3 s at 100k items), and after the
 * first catch-up pull, whose backlog is counted in the badge rather than announced one by one.
 */
export const NOTIFY_START_DELAY_MS = 5000;

/** What the user is told at start about the local data (shown once, in both languages by code). */
export type StartupNotice = 'replica_recovered' | 'replica_newer';

export async function startCore(options: CoreOptions): Promise<Core> {
  const { log } = options;
  const now = options.now ?? Date.now;
  await mkdir(options.dataFolder, { recursive: true });
  const settings = await SettingsStore.open(options.dataFolder, log);
  const events = new EventHub((name, issues) => log.error('contract.event_mismatch', { event: name, issues }));
  const notices: StartupNotice[] = [];
  events.emit('sync:status', {
    state: 'offline',
    pending: 0,
    lastSyncAt: null,
    lastError: null,
    progress: null,
    refused: 0,
  });

  let replica: Replica | null = null;
  let replicaProblem: ContractFailure | null = null;
  const mode = options.sync ?? 'ask';
  const userId = options.userId ?? DEFAULT_USER_ID;
  const file = join(options.dataFolder, REPLICA_FILE);
  const open = () =>
    openReplica({
      file,
      log: {
        info: (message, fields) => log.info(message, flat(fields)),
        warn: (message, fields) => log.warn(message, flat(fields)),
        error: (message, fields) => log.error(message, flat(fields)),
      },
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  // The session this desktop resumes (the stored one, or solo when the host chose it).
  let session: StoredSession | null = null;
  try {
    const opened = await open();
    replica = opened.replica;
    if (opened.recovery) notices.push('replica_recovered');
    if (mode !== 'off') {
      // The replica must belong to the session about to resume (or be new) before any sync.
      const stored = await new SessionStore(options.dataFolder, options.secretBox ?? null).load();
      session = stored ?? (mode === 'solo' ? { mode: 'solo', userId } : null);
      replica = await ensureReplicaFor({
        replica,
        file,
        identity:
          session === null
            ? null
            : { serverUrl: session.mode === 'team' ? session.serverUrl : 'solo', userId: session.userId },
        reopen: async () => (await open()).replica,
        log,
        now,
      });
    }
  } catch (error) {
    // The app still starts: the user sees what happened and what to do.
    if (error instanceof ReplicaError && error.code === 'replica_newer') {
      notices.push('replica_newer');
      replicaProblem = error;
    } else {
      throw error;
    }
  }

  const ready = replica && mode === 'off' ? seedIfEmpty(replica, options, now, log) : Promise.resolve();
  replica?.onChange((change) => events.emit('replica:changed', change));

  const opened = replica;
  let sync: SyncService | null = null;
  const actorId = () => (mode === 'off' ? userId : (sync?.userId() ?? null));
  const actor = () => {
    const id = actorId();
    return id === null || !opened ? null : readUser(opened.reader, id);
  };
  const local = opened ? replicaHandlers(opened, actor, now, () => sync?.localChange()) : null;
  if (opened && local && mode !== 'off') {
    sync = await SyncService.start({
      dataFolder: options.dataFolder,
      replica: opened,
      events,
      log,
      now,
      secretBox: options.secretBox ?? null,
      demoItems: options.demoItems ?? DEFAULT_DEMO_ITEMS,
      ...(options.demoSeed === undefined ? {} : { demoSeed: options.demoSeed }),
      soloUserId: userId,
      resume: session,
      replay: (mutation) => replayMutation(local.replayTargets, mutation),
      readUser: (id) => readUser(opened.reader, id),
    });
  }
  const problem = replicaProblem ?? new ContractFailure('unavailable', 'The local data is not open.');
  // The one handler map: each area's part, every call handled exactly once (./api/dispatch.ts).
  const handlers: Handlers = mergeHandlers(
    appHandlers(options, notices, settings, events),
    local?.queue ?? refusingQueueHandlers(problem),
    local?.actions ?? refusingActionHandlers(problem),
    sync?.handlers ?? offlineConnection(mode, actor, problem),
    sync?.policyHandlers ?? createPolicyHandlers({ server: () => null, saved: () => undefined }),
  );

  // Started once the first screen had its turn: reading every live item is background work.
  let notifications: Notifications | null = null;
  const notifyListeners = new Set<(output: NotifierOutput) => void>();
  let closed = false;
  const notifyStart = setTimeout(() => {
    void ready.then(() => {
      if (closed || !opened) return;
      notifications = startNotifications({
        reader: opened.reader,
        onReplicaChange: (listener) => opened.onChange(listener),
        events,
        user: actor,
        now,
        log,
        prefs: () => notifyPrefsOf(notificationSettingsOf(settings.get())),
      });
      notifications.listen((output) => {
        for (const listener of notifyListeners) listener(output);
      });
    });
  }, options.notifyDelayMs ?? NOTIFY_START_DELAY_MS);
  notifyStart.unref();

  // The first screen's reads, made once while the window loads its code (see warmup.ts).
  if (local) void ready.then(() => (closed ? undefined : warmUpFirstScreen(handlers, log)));

  log.info('core.started', { host: options.host, notices: notices.join(',') || null });
  return {
    handlers,
    events,
    settings: () => settings.get(),
    ready,
    onNotify(listener) {
      notifyListeners.add(listener);
      return () => notifyListeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(notifyStart);
      notifications?.stop();
      await ready.catch(() => undefined);
      await sync?.close();
      await replica?.close();
      log.info('core.closed');
    },
  };
}

/** The app's own calls: what it is, and this device's settings. */
function appHandlers(
  options: CoreOptions,
  notices: readonly StartupNotice[],
  settings: SettingsStore,
  events: EventHub,
): HandlersFor<typeof appCalls> {
  return {
    'app:info': () => ({
      name: options.appName,
      version: options.appVersion,
      systemLocale: options.systemLocale,
      dataFolder: options.dataFolder,
      host: options.host,
      notices: [...notices],
    }),
    'settings:get': () => settings.get(),
    'settings:set': async (patch) => {
      const next = await settings.update(patch);
      events.emit('settings:changed', next);
      return next;
    },
  };
}

/**
 * The calls answered from the local replica. Every local change tells `changed` so the sync
 * pushes it; `replayTargets` are the same actions for the rebase (no new outbox rows).
 */
function replicaHandlers(
  replica: Replica,
  actor: () => User | null,
  now: () => number,
  changed: () => void,
): { queue: QueueHandlers; actions: ActionHandlers; replayTargets: ReplayTargets } {
  const actions = createItemActions({ db: replica.writer, actor, now });
  const replies = createReplyActions({ db: replica.writer, actor, client: actions.client, now });
  return {
    queue: createQueueHandlers(replica.reader),
    actions: createActionHandlers({ actions, replies, actor, changed }),
    replayTargets: { act: actions.act, ...replies },
  };
}

/** Without a sync service (`sync: 'off'`, or the replica could not open): no server to talk to. */
function offlineConnection(mode: string, actor: () => User | null, problem: ContractFailure): SyncHandlers {
  const noServer = () => {
    throw mode === 'off' ? new ContractFailure('unavailable', 'This desktop runs without a server.') : problem;
  };
  return {
    'connection:get': () => ({ mode: null, serverUrl: null, user: actor() }),
    'connection:signIn': noServer,
    'connection:signOut': noServer,
    'sync:retry': () => ({}),
    'sync:status': () => ({
      state: 'offline',
      pending: 0,
      lastSyncAt: null,
      lastError: null,
      progress: null,
      refused: 0,
    }),
    'sync:refused': () => ({ changes: [] }),
    'sync:dismiss': () => ({}),
    'approval:decide': noServer,
    'presence:set': () => ({}),
    'presence:get': () => ({ entries: [] }),
  };
}

async function seedIfEmpty(replica: Replica, options: CoreOptions, now: () => number, log: Logger): Promise<void> {
  const items = options.demoItems ?? DEFAULT_DEMO_ITEMS;
  const empty = replica.reader.get<{ n: number }>(sql`SELECT count(*) AS n FROM workspace`)?.n === 0;
  if (!empty || items <= 0) return;
  const started = now();
  const progress = await seedDemo(replica.writer, { seed: options.demoSeed ?? 1, items, now: now() });
  log.info('core.demo_seeded', { items, rows: progress.rows, ms: now() - started });
}

function flat(fields: Record<string, unknown> | undefined) {
  if (!fields) return undefined;
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as string) : String(value),
    ]),
  );
}
