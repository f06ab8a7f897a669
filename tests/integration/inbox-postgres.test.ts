/**
 * The webhook inbox on a real PostgreSQL, where processors do run at the same time (PGlite runs
 * transactions one by one): two processors on two connections pools drain the same inbox at once,
 * and every stored delivery is ingested exactly once (server/platforms/processor.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { migrate } from '../../server/db/migrations';
import { openPostgres } from '../../server/db/postgres';
import { createLogger } from '../../server/log';
import { readInboxRows, storeDelivery } from '../../server/platforms/inbox';
import { TEST_APP_SECRET } from '../../server/platforms/meta/fixtures';
import { signMetaBody } from '../../server/platforms/meta/signature';
import { parseMetaWebhook } from '../../server/platforms/meta/webhook';
import type { Ingest } from '../../server/platforms/processor';
import { InboxProcessor } from '../../server/platforms/processor';
import type { PostgresCluster } from './support/postgres';
import { startPostgres } from './support/postgres';

const DELIVERIES = 300;
let cluster: PostgresCluster;
let pools: Db[] = [];

function delivery(index: number): { body: Buffer; headers: Record<string, string> } {
  const value = {
    item: 'comment',
    verb: 'add',
    comment_id: `1_${index}`,
    post_id: '1_0',
    message: 'Ciao',
    from: { id: '9' },
  };
  const body = Buffer.from(
    JSON.stringify({ object: 'page', entry: [{ id: '1', time: 1, changes: [{ field: 'feed', value }] }] }),
  );
  return { body, headers: { 'x-hub-signature-256': signMetaBody(body, TEST_APP_SECRET) } };
}

beforeAll(async () => {
  cluster = await startPostgres();
  pools = [await openPostgres({ url: cluster.url, max: 4 }), await openPostgres({ url: cluster.url, max: 4 })];
  await migrate(pools[0] as Db);
  for (let index = 0; index < DELIVERIES; index += 1) {
    await storeDelivery(pools[0] as Db, { platform: 'meta', receivedAt: index, ...delivery(index) });
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  await cluster?.stop();
});

describe('inbox processors on PostgreSQL', () => {
  it('two processors draining at once ingest every delivery exactly once', async () => {
    const ingested = new Map<number, number>();
    const byProcessor = [0, 0];
    const ingestFor =
      (which: number): Ingest =>
      async (events, { delivery: stored }) => {
        // Some work inside the transaction, so the two processors' batches overlap.
        await new Promise((resolve) => setTimeout(resolve, 1));
        ingested.set(stored.id, (ingested.get(stored.id) ?? 0) + 1);
        byProcessor[which] = (byProcessor[which] ?? 0) + 1;
        return { events: events.length };
      };
    const processors = pools.map(
      (db, which) =>
        new InboxProcessor({
          db,
          now: () => 1,
          log: createLogger('silent'),
          parsers: { meta: (body, headers) => parseMetaWebhook(body, headers, TEST_APP_SECRET) },
          ingest: ingestFor(which),
          batchSize: 10,
        }),
    );
    const settled = await Promise.all(processors.map((processor) => processor.drain()));

    expect(settled.reduce((sum, count) => sum + count, 0)).toBe(DELIVERIES);
    expect(ingested.size).toBe(DELIVERIES);
    expect([...ingested.values()].every((count) => count === 1)).toBe(true);
    expect(byProcessor.every((count) => count > 0)).toBe(true);
    const rows = await readInboxRows(pools[0] as Db);
    expect(rows.filter((row) => row.status === 'processed' && row.attempts === 1)).toHaveLength(DELIVERIES);
  });
});
