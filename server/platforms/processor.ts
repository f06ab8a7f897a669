/**
 * The inbox processor (docs/platforms.md): claims `received` webhook deliveries in batches
 * (`FOR UPDATE SKIP LOCKED`, so processors on several instances never take the same row), parses
 * each with its platform's connector, and hands the normalized events to `ingest` inside the same
 * transaction — what ingest writes and the row's new status commit together, so a delivery is
 * processed exactly once, and a crash in between leaves it `received`.
 *
 * - The connector refuses the delivery (its signature no longer matches, the body is not JSON…):
 *   `failed` with the refusal code, for good (replay after fixing the cause).
 * - No events (reactions only, an object we do not handle): `ignored`, with the ignored codes.
 * - `ingest` throws, or what it answered cannot be stored: its writes are rolled back (a savepoint
 *   per row), the row stays `received` with one more attempt and `processing_failed`; after
 *   `maxAttempts` it is `failed`.
 */
import type { Db, Transaction } from '../db/db';
import { sql } from '../db/sql';
import type { Logger } from '../log';
import type { NormalizedEvent, RawHeaders, WebhookParse } from './connector';
import type { InboxPlatform, Settled, StoredDelivery } from './inbox';
import { claimReceived, peekReceived, replayInbox, settleDelivery } from './inbox';

export interface IngestContext {
  /** The processor's transaction: ingest writes through it, so they commit with the row's status. */
  readonly tx: Transaction;
  readonly delivery: Pick<StoredDelivery, 'id' | 'platform' | 'receivedAt'>;
}

/** What ingest answers is recorded in the row (`outcome`): JSON, ids and counts only. */
export type Ingest = (events: readonly NormalizedEvent[], context: IngestContext) => Promise<unknown>;

export type WebhookParser = (rawBody: Uint8Array, headers: RawHeaders) => WebhookParse;

export interface ProcessorOptions {
  readonly db: Db;
  readonly now: () => number;
  readonly log: Logger;
  /** The parser of each inbox platform (the connector's `parseWebhook`); a platform without one fails its rows. */
  readonly parsers: Partial<Readonly<Record<InboxPlatform, WebhookParser>>>;
  readonly ingest: Ingest;
  readonly batchSize?: number;
  readonly maxAttempts?: number;
  /**
   * After a batch's transaction has COMMITTED with at least one row settled: what ingest wrote is
   * now visible, so the server numbers it and pokes the desktops (wiring.ts: the sequencer).
   */
  readonly afterCommit?: () => Promise<unknown>;
}

/** A delivery as its connector read it, or why it could not be read. */
type Parsed =
  | WebhookParse
  | { readonly ok: false; readonly refusal: 'platform_not_configured' }
  | { readonly ok: false; readonly refusal: 'parser_threw'; readonly error: unknown };

export interface BatchReport {
  readonly claimed: number;
  /** Rows that reached processed, ignored or failed (not a retry). */
  readonly settled: number;
}

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

function countCodes(codes: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

export class InboxProcessor {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: ProcessorOptions) {}

  /**
   * One batch in one transaction. The rows waiting first are read and parsed BEFORE it (parsing
   * needs no database): on PGlite, whose one connection makes the webhook route's insert wait for
   * a running transaction, the transaction then holds only the database work. Rows claimed that
   * were not read before (another processor took those, new ones came) are parsed inside.
   */
  async runOnce(): Promise<BatchReport> {
    const { db, batchSize = 50 } = this.options;
    const early = new Map<number, Parsed>();
    for (const delivery of await peekReceived(db, batchSize)) {
      early.set(delivery.id, this.parse(delivery));
      // Parsing is CPU on the server's one thread: let waiting requests (webhooks) in between.
      await yieldToRequests();
    }
    const report = await db.transaction(async (tx) => {
      const claimed = await claimReceived(tx, batchSize);
      let settled = 0;
      for (const delivery of claimed) {
        const parsed = early.get(delivery.id) ?? this.parse(delivery);
        const result = await this.settle(tx, delivery, parsed);
        if (result !== 'retry') settled += 1;
      }
      return { claimed: claimed.length, settled };
    });
    if (report.settled > 0) await this.options.afterCommit?.();
    return report;
  }

  private parse(delivery: StoredDelivery): Parsed {
    const parser = this.options.parsers[delivery.platform];
    if (parser === undefined) return { ok: false, refusal: 'platform_not_configured' };
    try {
      return parser(delivery.body, delivery.headers);
    } catch (error) {
      // A connector never throws (connector.ts); if one does, the row takes the failure path.
      return { ok: false, refusal: 'parser_threw', error };
    }
  }

  /**
   * One row under a savepoint: whatever fails in it (ingest, or storing what ingest answered) is
   * rolled back to the savepoint, so one bad row never blocks the batch or the rows after it.
   */
  private async settle(tx: Transaction, delivery: StoredDelivery, parsed: Parsed): Promise<Settled['status']> {
    const { log, maxAttempts = 5 } = this.options;
    await tx.query(sql`SAVEPOINT inbox_delivery`);
    try {
      const result = await this.handle(tx, delivery, parsed);
      await settleDelivery(tx, delivery.id, result, this.options.now());
      await tx.query(sql`RELEASE SAVEPOINT inbox_delivery`);
      return result.status;
    } catch (error) {
      await tx.query(sql`ROLLBACK TO SAVEPOINT inbox_delivery`);
      await tx.query(sql`RELEASE SAVEPOINT inbox_delivery`);
      const final = delivery.attempts + 1 >= maxAttempts;
      log.warn(
        {
          inboxId: delivery.id,
          attempts: delivery.attempts + 1,
          err: { type: error instanceof Error ? error.name : 'unknown' },
        },
        final ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
      );
      const result: Settled = final
        ? { status: 'failed', code: 'processing_failed' }
        : { status: 'retry', code: 'processing_failed' };
      await settleDelivery(tx, delivery.id, result, this.options.now());
      return result.status;
    }
  }

  private async handle(tx: Transaction, delivery: StoredDelivery, parsed: Parsed): Promise<Settled> {
    if (!parsed.ok && parsed.refusal === 'parser_threw') throw parsed.error;
    if (!parsed.ok) {
      this.options.log.warn(
        { inboxId: delivery.id, code: parsed.refusal },
        'webhook delivery refused by its connector',
      );
      return { status: 'failed', code: parsed.refusal };
    }
    if (parsed.events.length === 0) return { status: 'ignored', outcome: { ignored: countCodes(parsed.ignored) } };
    const outcome = await this.options.ingest(parsed.events, {
      tx,
      delivery: { id: delivery.id, platform: delivery.platform, receivedAt: delivery.receivedAt },
    });
    return { status: 'processed', outcome: outcome ?? null };
  }

  /** Batches until the inbox has no received row left that a batch can settle. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const report = await this.runOnce();
      total += report.settled;
      if (report.claimed < (this.options.batchSize ?? 50) || report.settled === 0) return total;
    }
  }

  /** Asks for a drain soon (after a delivery was stored); calls during a drain make one more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.drain();
        } catch (error) {
          this.options.log.warn(
            { err: { type: error instanceof Error ? error.name : 'unknown' } },
            'inbox drain failed',
          );
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  /** A drain every `intervalMs` as a safety net (a kick lost to a crash, retries). */
  start(intervalMs: number): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Resets rows received since `fromTime` to `received` and processes them again. */
  async replay(fromTime: number): Promise<number> {
    const count = await replayInbox(this.options.db, fromTime);
    this.kick();
    return count;
  }

  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  /** No new drains; waits for the one under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.idle();
  }
}
