/**
 * `npm run bench:audit` (tsx scripts/bench-audit.ts): what the audit trail costs a write.
 *
 * Each figure is transactions (or events) per second for one kind of transaction, run by
 * `--workers` connections at once (PGlite: one, it has one connection):
 *   plain           one INSERT of a typical row, no audit: the baseline
 *   audit_1         the same INSERT plus appendAudit of one event (a push of one mutation)
 *   audit_1_spread  the same, each worker on its own client's chain (PostgreSQL only)
 *   batch_100       one transaction appending 100 events (a batched push), as events/s
 * On PostgreSQL the cluster is durable (fsync and synchronous_commit on), like production.
 *
 * Options: --json (one JSON object on stdout: { figures, details }), --only pg|pglite,
 * --transactions N (per figure; default 2000 on PostgreSQL, 1000 on PGlite), --workers N (8).
 */
import { parseArgs } from 'node:util';
import type { AuditContent } from '../shared/domain/audit';
import type { Db } from '../server/db/db';
import { openPglite } from '../server/db/pglite';
import { openPostgres } from '../server/db/postgres';
import { migrate } from '../server/db/migrations';
import { sql } from '../server/db/sql';
import { appendAudit } from '../server/audit/store';
import { verifyStoredChain } from '../server/audit/verify';
import { startPostgres } from '../tests/integration/support/postgres';

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note: string;
}

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    transactions: { type: 'string' },
    workers: { type: 'string', default: '8' },
  },
  strict: true,
});
const only = values.only ?? null;
if (only !== null && only !== 'pg' && only !== 'pglite') throw new Error('--only must be pg or pglite');
const workers = Number(values.workers);
const log = (line: string) => {
  if (!values.json) console.error(line);
};

const item = (index: number) => ({
  id: `it-bench-${index}`,
  interactionId: `ix-bench-${index}`,
  clientId: 'c-bench',
  channelId: 'ch-bench',
  status: 'open',
  priority: 42,
  assigneeId: 'us-moderator-1',
  labels: ['spedizione', 'reclamo'],
  dueAt: 1_767_225_600_000 + index,
  snoozedUntil: null,
  closedReason: null,
  createdAt: 1_767_225_600_000,
  updatedAt: 1_767_225_600_000 + index,
});

function event(index: number, clientId: string): AuditContent {
  return {
    at: 1_767_225_600_000 + index,
    actor: { id: 'us-moderator-1', name: 'Giulia Conti', role: 'moderator' },
    action: 'label',
    entity: 'item',
    entityId: `it-bench-${index}`,
    clientId,
    before: item(index),
    after: { ...item(index), labels: ['spedizione', 'reclamo', 'urgente'] },
    signature: null,
  };
}

type Kind = 'plain' | 'audit_1' | 'audit_1_spread' | 'batch_100';

async function run(db: Db, kind: Kind, transactions: number, parallel: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async (_, worker) => {
      for (let index = next++; index < transactions; index = next++) {
        await db.transaction(async (tx) => {
          await tx.query(sql`INSERT INTO bench_rows (id, data) VALUES (${index}, ${sql.json(item(index))}::jsonb)`);
          const chain = kind === 'audit_1_spread' ? `c-bench-${worker}` : 'c-bench';
          if (kind === 'audit_1' || kind === 'audit_1_spread') appendAudit(tx, [event(index, chain)]);
          if (kind === 'batch_100') {
            appendAudit(
              tx,
              Array.from({ length: 100 }, (_, offset) => event(index * 100 + offset, 'c-bench-batch')),
            );
          }
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return Math.round(((kind === 'batch_100' ? 100 : 1) * transactions) / seconds);
}

async function measure(label: 'pg' | 'pglite', db: Db, transactions: number, parallel: number): Promise<Figure[]> {
  await migrate(db);
  const kinds: Kind[] =
    label === 'pg' ? ['plain', 'audit_1', 'audit_1_spread', 'batch_100'] : ['plain', 'audit_1', 'batch_100'];
  const figures: Figure[] = [];
  // Warm-up: plans, caches, the first heads.
  await db.query(sql`CREATE TABLE bench_rows (id bigint, data jsonb)`);
  await run(db, 'audit_1', 50, parallel);
  for (const kind of kinds) {
    await db.query(sql`TRUNCATE bench_rows`);
    const count = kind === 'batch_100' ? Math.max(10, Math.round(transactions / 20)) : transactions;
    log(`${label}: ${kind} × ${count}…`);
    const value = await run(db, kind, count, parallel);
    figures.push({
      name: `${kind}_per_s_${label}`,
      value,
      unit: kind === 'batch_100' ? 'events/s' : 'tx/s',
      note: `${parallel} connection${parallel === 1 ? '' : 's'}`,
    });
  }
  const verdict = await verifyStoredChain(db, 'c-bench');
  if (!verdict.ok) throw new Error(`bench: the chain does not verify: ${JSON.stringify(verdict)}`);
  const started = performance.now();
  const batch = await verifyStoredChain(db, 'c-bench-batch');
  const verifySeconds = (performance.now() - started) / 1000;
  if (batch.ok) {
    figures.push({
      name: `verify_per_s_${label}`,
      value: Math.round(batch.events / verifySeconds),
      unit: 'events/s',
      note: `${batch.events} events, pages of 5000`,
    });
  }
  return figures;
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  if (only === null || only === 'pglite') {
    const db = await openPglite();
    try {
      figures.push(...(await measure('pglite', db, Number(values.transactions ?? 1000), 1)));
    } finally {
      await db.close();
    }
  }
  if (only === null || only === 'pg') {
    const cluster = await startPostgres({ durable: true, maxConnections: 40 });
    try {
      const db = await openPostgres({ url: cluster.socketUrl, max: workers });
      try {
        figures.push(...(await measure('pg', db, Number(values.transactions ?? 2000), workers)));
      } finally {
        await db.close();
      }
    } finally {
      await cluster.stop();
    }
  }
  if (values.json) {
    console.log(JSON.stringify({ figures: Object.fromEntries(figures.map((figure) => [figure.name, figure.value])) }));
    return;
  }
  const width = Math.max(...figures.map((figure) => figure.name.length), 6);
  console.log(`\n${'figure'.padEnd(width)}  ${'value'.padStart(10)}  unit          note`);
  for (const figure of figures) {
    console.log(
      `${figure.name.padEnd(width)}  ${String(figure.value).padStart(10)}  ${figure.unit.padEnd(12)}  ${figure.note}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
