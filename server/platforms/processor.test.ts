/**
 * The inbox processor on PGlite (one connection: processors take turns; the concurrent case runs
 * on a real PostgreSQL in tests/integration/inbox-postgres.test.ts): every stored delivery ends
 * processed, ignored or failed exactly once, a failing ingest is retried then given up, and a
 * replay processes rows again.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { sql } from '../db/sql';
import { createLogger } from '../log';
import { openWorldDb } from '../testing/harness';
import type { NormalizedEvent } from './connector';
import { readInboxRows, storeDelivery } from './inbox';
import { signedFixture, TEST_APP_SECRET } from './meta/fixtures';
import { signMetaBody } from './meta/signature';
import { parseMetaWebhook } from './meta/webhook';
import type { Ingest, ProcessorOptions } from './processor';
import { InboxProcessor } from './processor';

let db: Db;
let clock = 1_000;
const log = createLogger('silent');

beforeAll(async () => {
  db = await openWorldDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.query(sql`DELETE FROM webhook_inbox`);
});

async function deliver(name: string): Promise<number> {
  const { body, headers } = signedFixture(name);
  clock += 1;
  return (await storeDelivery(db, { platform: 'meta', receivedAt: clock, headers, body })).id;
}

function processor(ingest: Ingest, extra: Partial<ProcessorOptions> = {}): InboxProcessor {
  return new InboxProcessor({
    db,
    now: () => clock,
    log,
    parsers: { meta: (body, headers) => parseMetaWebhook(body, headers, TEST_APP_SECRET) },
    ingest,
    batchSize: 2,
    ...extra,
  });
}

describe('InboxProcessor', () => {
  it('hands each delivery to ingest once, in batches, and records what it answered', async () => {
    const seen: (readonly NormalizedEvent[])[] = [];
    const ingest: Ingest = async (events) => {
      seen.push(events);
      return { count: events.length };
    };
    const names = [
      'feed-comment-add-from',
      'messaging-message',
      'instagram-comments',
      'feed-comment-edited',
      'mention-post-add',
    ];
    for (const name of names) await deliver(name);
    const first = processor(ingest);
    const second = processor(ingest);
    await Promise.all([first.drain(), second.drain(), first.drain()]);
    expect(seen).toHaveLength(names.length);
    const rows = await readInboxRows(db);
    expect(rows.map((row) => row.status)).toEqual(names.map(() => 'processed'));
    expect(rows.map((row) => row.attempts)).toEqual(names.map(() => 1));
    expect(rows[0]?.outcome).toEqual({ count: 1 });
    expect(await first.drain()).toBe(0);
  });

  it('marks a delivery its connector refuses as failed with the refusal code, and one with no events as ignored', async () => {
    const { body } = signedFixture('feed-comment-add-from');
    await storeDelivery(db, {
      platform: 'meta',
      receivedAt: 5,
      headers: { 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) },
      body,
    });
    await deliver('feed-reaction-add');
    await storeDelivery(db, { platform: 'x', receivedAt: 6, headers: {}, body: new Uint8Array([1]) });
    let calls = 0;
    await processor(async () => {
      calls += 1;
      return null;
    }).drain();
    const rows = await readInboxRows(db);
    expect(rows.map((row) => [row.status, row.lastError])).toEqual([
      ['failed', 'signature_mismatch'],
      ['ignored', null],
      ['failed', 'platform_not_configured'],
    ]);
    expect(calls).toBe(0);
  });

  it('rolls back a failing ingest, retries it, and gives up after maxAttempts', async () => {
    await db.query(sql`INSERT INTO channel_credentials (channel_id, client_id, platform, external_account_id,
        sealed_token, key_id, state, created_at, updated_at)
      VALUES ('ch-rollback', 'c-pharma', 'facebook', '999', 'v1.k.a.b.c', 'k', 'connected', 1, 1)`);
    await deliver('feed-comment-add-from');
    let calls = 0;
    const failing = processor(
      async ({ length }, { tx }) => {
        calls += 1;
        await tx.query(sql`UPDATE channel_credentials SET state = 'paused'`);
        throw new Error(`boom ${length}`);
      },
      { maxAttempts: 3 },
    );
    await failing.runOnce();
    expect((await readInboxRows(db))[0]).toMatchObject({
      status: 'received',
      attempts: 1,
      lastError: 'processing_failed',
    });
    await failing.drain();
    await failing.drain();
    expect((await readInboxRows(db))[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'processing_failed',
    });
    expect(calls).toBe(3);
    const [channel] = await db.query(sql`SELECT state FROM channel_credentials WHERE channel_id = 'ch-rollback'`);
    expect(channel?.state).toBe('connected');
  });

  it('gives up on a row whose events cannot be stored (a NUL in an id) and goes on with the next ones', async () => {
    const poison = Buffer.from(
      '{"object":"page","entry":[{"id":"12\\u00003","time":1,"changes":[{"field":"feed",' +
        '"value":{"item":"comment","verb":"add","comment_id":"1_2","post_id":"1_3","message":"x","from":{"id":"9"}}}]}]}',
    );
    await storeDelivery(db, {
      platform: 'meta',
      receivedAt: 7,
      headers: { 'x-hub-signature-256': signMetaBody(poison, TEST_APP_SECRET) },
      body: poison,
    });
    await deliver('messaging-message');
    await processor(async (events) => ({ accounts: events.map((event) => event.accountId) }), {
      maxAttempts: 1,
    }).drain();
    expect((await readInboxRows(db)).map((row) => [row.status, row.lastError])).toEqual([
      ['failed', 'processing_failed'],
      ['processed', null],
    ]);
  });

  it('replays rows received since a time: processed again, the earlier ones left alone', async () => {
    const old = await deliver('feed-comment-add-from');
    const since = clock + 1;
    const recent = await deliver('messaging-message');
    const ingested: number[] = [];
    const counting = processor(async (_events, { delivery }) => {
      ingested.push(delivery.id);
      return null;
    });
    await counting.drain();
    expect(await counting.replay(since)).toBe(1);
    await counting.idle();
    expect(ingested).toEqual([old, recent, recent]);
    expect((await readInboxRows(db)).map((row) => row.status)).toEqual(['processed', 'processed']);
  });
});
