/**
 * The desktop's sync loop (docs/sync.md): push the outbox, pull the change log, rebase, and say how
 * it went. One cycle runs at a time; anything that asks for a sync while one runs (a local
 * change, a poke) gets one more cycle after it. Failures back off with jitter and honour
 * Retry-After; a refused or expired token stops the loop until the user signs in again.
 */
import { MAX_PUSH_BATCH } from '../../../shared/sync/protocol';
import type { Mutation, MutationName } from '../../../shared/sync/mutations';
import type { Replica } from '../replica/open';
import { pendingCount, pendingMutations, type PendingMutation } from '../replica/outbox';
import { sql } from '../replica/sql';
import { raiseMutationCounter, readSyncMeta, recordPull, renumberPending } from '../replica/syncMeta';
import { applyChanges, rebase, recordRefusals, type ApplyLog } from './apply';
import type { BuildProgress } from '../replica/build';
import { fillFromSnapshot } from './snapshot';
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from './backoff';
import { SyncHttpError, SyncNetworkError, type SyncTransport } from './transport';
import { SyncPushError, syncProblemOf } from './problem';
import type { SyncProblem } from '../../../shared/contract';

export const PULL_LIMIT = 1000;
export const PULL_INTERVAL_MS = 60_000;
export const RESTORED_MESSAGE =
  "The team server's data was restored from a backup: restart the app to reload it (your pending changes are kept).";

export type SyncState = 'online' | 'offline' | 'syncing';

export interface SyncStatus {
  state: SyncState;
  pending: number;
  lastSyncAt: number | null;
  /** The core's English, for logs; the UI words `problem`. */
  lastError: string | null;
  problem: SyncProblem | null;
  /** While a new replica is filled from the server: rows done of total. */
  progress: { done: number; total: number } | null;
}

export interface SyncEngineDeps {
  replica: Replica;
  transport: SyncTransport;
  /** The session token; null when signed out. */
  token: () => string | null;
  /** Applies a still-pending mutation again on top of the server's rows (no new outbox row). */
  replay: (mutation: PendingMutation) => void;
  onStatus: (status: SyncStatus) => void;
  /** The server refused the token (revoked, expired): the user must sign in again. */
  onSignedOut: (message: string) => void;
  /** New refusals were recorded: the user is told. */
  onRefused?: (count: number) => void;
  log: ApplyLog & { info(message: string, fields?: Record<string, string | number | null>): void };
  now?: () => number;
  random?: () => number;
  /** Retry delays after failures (tests use long ones to show what does not wait for them). */
  backoff?: BackoffPolicy;
  pullIntervalMs?: number;
}

export class SyncEngine {
  private running = false;
  private cycle: Promise<void> | null = null;
  private again = false;
  /** `retryNow` during a cycle: run again as soon as it ends, even if it failed. */
  private retryAfterCycle = false;
  private serverAskedToWait = false;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private pushedUpTo = 0;
  /** Ids above this were handed out by this process (the file's counter at start). */
  private readonly sessionFloor: number;
  /** The highest id this process sent to the server. */
  private sentUpTo = 0;
  private status: SyncStatus;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly deps: SyncEngineDeps) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    const meta = readSyncMeta(deps.replica.reader);
    this.sessionFloor = meta.lastMutationId;
    this.status = {
      state: 'offline',
      pending: pendingCount(deps.replica.reader),
      lastSyncAt: meta.lastSyncAt,
      lastError: null,
      problem: null,
      progress: null,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.trigger();
  }

  /** Stops the loop; resolves when the cycle in flight (if any) has finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer();
    await this.cycle;
  }

  current(): SyncStatus {
    return { ...this.status };
  }

  /** Sync soon: a local change, a poke. During a backoff this waits for the backoff. */
  trigger(): void {
    if (!this.running) return;
    if (this.cycle) {
      this.again = true;
      return;
    }
    if (this.timer && this.failures > 0) return;
    this.run();
  }

  /**
   * Sync now, whatever the backoff says: the user asked, or the server is reachable again (the
   * socket reconnected). A cycle in flight may be one that started during the outage and is about
   * to fail: another one follows it at once rather than after its backoff.
   */
  retryNow(): void {
    if (!this.running) return;
    this.failures = 0;
    this.clearTimer();
    if (this.cycle) this.retryAfterCycle = true;
    this.trigger();
  }

  /** The local outbox changed: the pending count is shown at once, the push follows. */
  localChange(): void {
    this.setStatus({ pending: pendingCount(this.deps.replica.reader) });
    this.trigger();
  }

  private run(): void {
    this.clearTimer();
    this.again = false;
    this.retryAfterCycle = false;
    this.cycle = this.syncOnce()
      .then(
        () => {
          this.failures = 0;
          this.schedule(this.again ? 0 : (this.deps.pullIntervalMs ?? PULL_INTERVAL_MS));
        },
        (error: unknown) => this.failed(error),
      )
      .finally(() => {
        this.cycle = null;
        // Not when the server itself asked to wait (Retry-After): it is up, and busy.
        const retry = this.retryAfterCycle && this.failures > 0 && !this.serverAskedToWait;
        this.retryAfterCycle = false;
        if (this.running && ((this.again && this.failures === 0) || retry)) this.run();
      });
  }

  private failed(error: unknown): void {
    if (error instanceof SyncHttpError && error.code === 'cursor_ahead') {
      // The server's database went back in time (a restore): this replica is rebuilt at next start.
      this.deps.replica.writer.transaction(() =>
        this.deps.replica.writer.run(sql`UPDATE sync_meta SET snapshot_done = 0 WHERE singleton = 1`),
      );
      this.setStatus({ state: 'offline', lastError: RESTORED_MESSAGE, problem: { code: 'restored' }, progress: null });
      return;
    }
    if (error instanceof SyncHttpError && (error.status === 401 || error.code === 'client_id_taken')) {
      this.setStatus({ state: 'offline', lastError: error.message, problem: syncProblemOf(error), progress: null });
      this.deps.onSignedOut(error.message);
      return;
    }
    this.failures += 1;
    const retryAfter = error instanceof SyncHttpError ? error.retryAfterMs : null;
    this.serverAskedToWait = retryAfter !== null;
    const delay = retryDelay(this.failures, this.random, retryAfter, this.deps.backoff ?? DEFAULT_BACKOFF);
    const message = describe(error);
    this.deps.log.warn('sync.failed', {
      failures: this.failures,
      retryInMs: delay,
      code: error instanceof SyncHttpError ? error.code : error instanceof Error ? error.name : 'unknown',
    });
    this.setStatus({ state: 'offline', lastError: message, problem: syncProblemOf(error) });
    this.schedule(delay);
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running && !this.cycle) this.run();
    }, delayMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private setStatus(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    this.deps.onStatus({ ...this.status });
  }

  private async syncOnce(): Promise<void> {
    const token = this.deps.token();
    if (token === null) {
      this.setStatus({ state: 'offline', lastError: null, problem: null });
      return;
    }
    this.setStatus({ state: 'syncing' });
    const { reader, writer } = this.deps.replica;
    if (!readSnapshotDone(reader)) await this.snapshot(token);
    await this.push(token);
    await this.pull(token);
    this.setStatus({
      state: 'online',
      lastError: null,
      problem: null,
      pending: pendingCount(reader),
      lastSyncAt: readSyncMeta(writer).lastSyncAt,
      progress: null,
    });
  }

  /** Fills a new replica from the server's snapshot (snapshot.ts) and logs what it cost. */
  private async snapshot(token: string): Promise<void> {
    const report = await fillFromSnapshot({
      replica: this.deps.replica,
      transport: this.deps.transport,
      token,
      clientId: readSyncMeta(this.deps.replica.writer).clientId,
      log: this.deps.log,
      onProgress: (progress) => this.setStatus({ progress }),
    });
    const phases = report.build && 'phases' in report.build ? (report.build as BuildProgress).phases : null;
    this.deps.log.info('sync.snapshot_done', {
      cursor: report.cursor,
      rows: report.rows,
      pages: report.pages,
      mode: report.mode,
      ms: Math.round(report.ms),
      waitMs: Math.round(report.waitMs),
      validateMs: Math.round(report.validateMs),
      longestSliceMs: Math.round(report.longestSliceMs),
      buildLongestMs: report.build === null ? null : Math.round(report.build.longestMs),
      buildRowsMs: phases === null ? null : Math.round(phases.rowsMs),
      buildFinishMs:
        phases === null
          ? null
          : Math.round(phases.indexesMs + phases.searchMs + phases.countersMs + phases.commitMs + phases.checkpointMs),
    });
  }

  /**
   * The server holds this replica's ids up to `serverLast`. Ids handed out by this process and
   * never sent are the server's already when the file lost writes after pushing them (a power cut
   * rolls SQLite back to its last checkpoint): they are numbered again above it, or the server
   * would skip them as resends and the rebase drop them as confirmed. In the caller's transaction.
   */
  private guardCounter(serverLast: number): void {
    const { writer } = this.deps.replica;
    const floor = Math.max(this.sentUpTo, this.sessionFloor);
    if (serverLast > floor) {
      const renumbered = renumberPending(writer, floor + 1, serverLast);
      if (renumbered > 0) this.deps.log.warn('sync.counter_behind', { lastMutationId: serverLast, renumbered });
    }
    raiseMutationCounter(writer, serverLast);
  }

  private async push(token: string): Promise<void> {
    const { reader, writer } = this.deps.replica;
    let renumberings = 0;
    for (;;) {
      const batch = pendingMutations(reader, MAX_PUSH_BATCH * 4)
        .filter((mutation) => mutation.id > this.pushedUpTo)
        .slice(0, MAX_PUSH_BATCH);
      if (batch.length === 0) return;
      const mutations: Mutation[] = batch.map((m) => ({
        clientId: m.clientId,
        id: m.id,
        name: m.name as MutationName,
        args: m.args,
        createdAt: m.createdAt,
      }));
      this.sentUpTo = Math.max(this.sentUpTo, mutations.at(-1)?.id ?? 0);
      const answer = await this.deps.transport.push(token, mutations[0]?.clientId ?? '', mutations);
      if (answer.gapAt !== null) {
        // The server misses ids before ours: only a replica that lost outbox rows gets here.
        this.deps.log.warn('sync.push_gap', { gapAt: answer.gapAt, lastMutationId: answer.lastMutationId });
        this.pushedUpTo = answer.lastMutationId;
        throw new SyncPushError(`The team server is missing local changes before #${answer.gapAt}.`);
      }
      const reusedAt = answer.reusedAt ?? null;
      if (reusedAt !== null) {
        // The server applied other content under this id: ours go out again under new ids.
        renumberings += 1;
        if (renumberings > 3)
          throw new SyncPushError('The team server keeps refusing the ids of local changes; they are kept.');
        const renumbered = writer.transaction(() => renumberPending(writer, reusedAt, answer.lastMutationId));
        this.deps.log.warn('sync.mutation_id_reused', { reusedAt, lastMutationId: answer.lastMutationId, renumbered });
        this.pushedUpTo = answer.lastMutationId;
        continue;
      }
      const last = mutations.at(-1)?.id ?? 0;
      if (answer.lastMutationId < last) {
        // Neither applied nor a gap: a server that misbehaves. Retry later rather than loop.
        throw new SyncPushError('The team server did not take the local changes; they are kept and sent again later.');
      }
      writer.transaction(() => this.guardCounter(answer.lastMutationId));
      this.pushedUpTo = answer.lastMutationId;
    }
  }

  private async pull(token: string): Promise<void> {
    const { writer } = this.deps.replica;
    for (;;) {
      const meta = readSyncMeta(writer);
      const answer = await this.deps.transport.pull(token, meta.clientId, meta.cursor, PULL_LIMIT);
      const at = this.now();
      writer.transaction(() => {
        // First: a refusal or confirmation of an id this process never sent is not about its change.
        this.guardCounter(answer.lastMutationId);
        applyChanges(writer, answer.changes, this.deps.log);
        recordRefusals(writer, meta.clientId, answer.refused);
        recordPull(writer, { cursor: answer.cursor, confirmedMutationId: answer.lastMutationId, at });
        if (!answer.more) rebase(writer, meta.clientId, answer.lastMutationId, this.deps.replay, this.deps.log);
      });
      if (answer.refused.length > 0) this.deps.onRefused?.(answer.refused.length);
      // Mutations the server has never seen (a restored server database) go out again.
      if (answer.lastMutationId < this.pushedUpTo) this.pushedUpTo = answer.lastMutationId;
      if (!answer.more) return;
    }
  }
}

function readSnapshotDone(db: Replica['reader']): boolean {
  return db.column<number>(sql`SELECT snapshot_done FROM sync_meta WHERE singleton = 1`)[0] === 1;
}

function describe(error: unknown): string {
  if (error instanceof SyncHttpError || error instanceof SyncNetworkError) return error.message;
  if (error instanceof Error && error.message.startsWith('The team server')) return error.message;
  if (error instanceof Error && error.name === 'SyncRowError') return error.message;
  return 'Sync failed unexpectedly; it will be retried.';
}
