/**
 * The durable webhook inbox (migration 006, docs/platforms.md): a delivery whose signature
 * matched is stored raw — the exact bytes, the signature header, a SHA-256 of the body — before
 * anything else, so the webhook route answers at once and nothing is lost if processing fails.
 * Identical redeliveries (same platform, same bytes) are stored once. The processor
 * (./processor.ts) claims `received` rows, and `replayInbox` puts rows back to `received`.
 */
import { createHash } from 'node:crypto';
import type { Queryable, Row } from '../db/db';
import { toInt, toJson } from '../db/db';
import { sql } from '../db/sql';
import type { RawHeaders } from './connector';

/** The webhook routes a delivery came through (one route serves several platforms: Meta). */
export const inboxPlatforms = ['meta', 'x', 'google', 'linkedin'] as const;
export type InboxPlatform = (typeof inboxPlatforms)[number];

export const inboxStatuses = ['received', 'processed', 'failed', 'ignored'] as const;
export type InboxStatus = (typeof inboxStatuses)[number];

export interface Delivery {
  readonly platform: InboxPlatform;
  readonly receivedAt: number;
  /** The signature-relevant headers only, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface StoredDelivery extends Delivery {
  readonly id: number;
  readonly attempts: number;
}

export function bodyHash(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Stores a delivery; an identical one already stored is not stored again (`duplicate`). */
export async function storeDelivery(db: Queryable, delivery: Delivery): Promise<{ id: number; duplicate: boolean }> {
  const hash = bodyHash(delivery.body);
  const base64 = Buffer.from(delivery.body).toString('base64');
  const [inserted] = await db.query(sql`
    INSERT INTO webhook_inbox (platform, received_at, headers, body, body_sha256)
    VALUES (${delivery.platform}, ${delivery.receivedAt}, ${sql.json(delivery.headers)}::jsonb,
      decode(${base64}, 'base64'), ${hash})
    ON CONFLICT (platform, body_sha256) DO NOTHING
    RETURNING id`);
  if (inserted !== undefined) return { id: toInt(inserted.id), duplicate: false };
  const [known] = await db.query(
    sql`SELECT id FROM webhook_inbox WHERE platform = ${delivery.platform} AND body_sha256 = ${hash}`,
  );
  return { id: toInt(known?.id ?? 0), duplicate: true };
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new TypeError('db: expected bytea');
}

function headersOf(value: unknown): Record<string, string> {
  const parsed = toJson(value);
  if (parsed === null || typeof parsed !== 'object') return {};
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).filter((entry): entry is [string, string] => {
      return typeof entry[1] === 'string';
    }),
  );
}

function deliveryOf(row: Row): StoredDelivery {
  return {
    id: toInt(row.id),
    platform: row.platform as InboxPlatform,
    receivedAt: toInt(row.received_at),
    headers: headersOf(row.headers),
    body: toBytes(row.body),
    attempts: toInt(row.attempts),
  };
}

/** The first `limit` received rows, without locking them (the processor parses them before it claims). */
export async function peekReceived(db: Queryable, limit: number): Promise<StoredDelivery[]> {
  const rows = await db.query(sql`
    SELECT id, platform, received_at, headers, body, attempts FROM webhook_inbox
    WHERE status = 'received' ORDER BY id LIMIT ${limit}`);
  return rows.map(deliveryOf);
}

/**
 * Locks up to `limit` received rows, oldest first, for the caller's transaction. Rows another
 * transaction holds are skipped (`SKIP LOCKED`), so processors running at once never share one;
 * the lock lasts until the caller's transaction ends, when the rows are no longer `received`.
 */
export async function claimReceived(tx: Queryable, limit: number): Promise<StoredDelivery[]> {
  const rows = await tx.query(sql`
    SELECT id, platform, received_at, headers, body, attempts FROM webhook_inbox
    WHERE status = 'received' ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`);
  return rows.map(deliveryOf);
}

export type Settled =
  | { readonly status: 'processed' | 'ignored'; readonly outcome: unknown }
  | { readonly status: 'failed'; readonly code: string }
  /** A passing failure: stays `received` for the next round, with the code and one more attempt. */
  | { readonly status: 'retry'; readonly code: string };

export async function settleDelivery(tx: Queryable, id: number, settled: Settled, now: number): Promise<void> {
  switch (settled.status) {
    case 'processed':
    case 'ignored':
      await tx.query(sql`UPDATE webhook_inbox SET status = ${settled.status}, attempts = attempts + 1,
        last_error = NULL, processed_at = ${now}, outcome = ${sql.json(settled.outcome)}::jsonb WHERE id = ${id}`);
      return;
    case 'failed':
      await tx.query(sql`UPDATE webhook_inbox SET status = 'failed', attempts = attempts + 1,
        last_error = ${settled.code}, processed_at = ${now}, outcome = NULL WHERE id = ${id}`);
      return;
    case 'retry':
      await tx.query(sql`UPDATE webhook_inbox SET attempts = attempts + 1, last_error = ${settled.code}
        WHERE id = ${id}`);
      return;
  }
}

/**
 * Puts every row received at or after `fromTime` (epoch ms) back to `received`, its attempts,
 * error and outcome cleared, to be processed again. Answers how many rows it reset.
 */
export async function replayInbox(db: Queryable, fromTime: number): Promise<number> {
  const rows = await db.query(sql`
    UPDATE webhook_inbox SET status = 'received', attempts = 0, last_error = NULL, processed_at = NULL, outcome = NULL
    WHERE received_at >= ${fromTime} RETURNING id`);
  return rows.length;
}

export interface InboxRow {
  readonly id: number;
  readonly status: InboxStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly outcome: unknown;
}

/** Status of rows by id (operators' tools and tests). */
export async function readInboxRows(db: Queryable): Promise<InboxRow[]> {
  const rows = await db.query(sql`SELECT id, status, attempts, last_error, outcome FROM webhook_inbox ORDER BY id`);
  return rows.map((row) => ({
    id: toInt(row.id),
    status: row.status as InboxStatus,
    attempts: toInt(row.attempts),
    lastError: typeof row.last_error === 'string' ? row.last_error : null,
    outcome: row.outcome === null || row.outcome === undefined ? null : toJson(row.outcome),
  }));
}

/** The headers a platform's signature check reads, kept with the raw body. */
export function signatureHeaders(headers: RawHeaders, names: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    const first = typeof value === 'string' ? value : value?.[0];
    if (first !== undefined) kept[name] = first;
  }
  return kept;
}
