/**
 * The audit trail on a real PostgreSQL, where transactions do run at the same time (PGlite runs
 * them one by one): many connections appending to the same chains never fork them, and the
 * append-only guard holds for every connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditContent } from '../../shared/domain/audit';
import { appendAudit, chainHead } from '../../server/audit/store';
import { verifyStoredChain } from '../../server/audit/verify';
import type { Db } from '../../server/db/db';
import { migrate } from '../../server/db/migrations';
import { openPostgres } from '../../server/db/postgres';
import { sql } from '../../server/db/sql';
import type { PostgresCluster } from './support/postgres';
import { startPostgres } from './support/postgres';

let cluster: PostgresCluster;
let db: Db;

beforeAll(async () => {
  cluster = await startPostgres();
  db = await openPostgres({ url: cluster.url, max: 12 });
  await migrate(db);
});

afterAll(async () => {
  await db.close();
  await cluster.stop();
});

const event = (index: number, clientId: string | null): AuditContent => ({
  at: 1_767_225_600_000 + index,
  actor: { id: 'u-mod', name: 'Giulia Conti', role: 'moderator' },
  action: 'label',
  entity: 'item',
  entityId: `it-${index}`,
  clientId,
  before: { labels: [] },
  after: { labels: [`l-${index}`] },
  signature: null,
});

describe('audit trail on PostgreSQL', () => {
  it('keeps every chain whole when 12 connections append at once, batches spanning several chains', async () => {
    const chains = ['c-a', 'c-b', null] as const;
    await Promise.all(
      Array.from({ length: 120 }, (_, transaction) =>
        db.transaction(async (tx) => {
          await tx.query(sql`SELECT pg_sleep(0.001)`);
          // Each transaction writes to two chains, in an order that differs between transactions.
          const first = chains[transaction % 3] ?? null;
          const second = chains[(transaction + 1) % 3] ?? null;
          appendAudit(tx, [
            event(transaction * 3, first),
            event(transaction * 3 + 1, second),
            event(transaction * 3 + 2, first),
          ]);
        }),
      ),
    );
    let total = 0;
    for (const clientId of chains) {
      const report = await verifyStoredChain(db, clientId, 50);
      expect(report, String(clientId)).toMatchObject({ ok: true });
      if (report.ok) total += report.events;
      expect((await chainHead(db, clientId)).seq).toBe(report.ok ? report.events : -1);
    }
    expect(total).toBe(360);
  });

  it('refuses UPDATE and DELETE of stored events', async () => {
    await expect(db.query(sql`UPDATE audit_events SET actor_name = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query(sql`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  });
});
