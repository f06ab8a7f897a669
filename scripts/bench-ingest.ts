/**
 * `npm run bench:ingest` (tsx scripts/bench-ingest.ts): how fast the ingest pipeline
 * (server/platforms/ingest/) turns platform events into change-log rows — a viral post: deliveries
 * of 100–1,000 comments, 10 % of them delivered again (in the same or a later delivery), each
 * delivery in one transaction as the inbox processor runs it.
 *
 * Figures: ingest_per_s_pglite (and ingest_per_s_pg when DATABASE_URL points at a PostgreSQL to
 * use; it is migrated and gets the test world), events per second including the duplicates; and
 * lost / duplicated: interactions and items missing from, or written twice to, the change log
 * (both must be 0; the script fails otherwise).
 *
 * Options: --json (one JSON object on stdout: { figures }), --events N (default 20000), --only pg|pglite.
 */
import { parseArgs } from 'node:util';
import type { Db } from '../server/db/db';
import { toInt } from '../server/db/db';
import { migrate } from '../server/db/migrations';
import { openPglite } from '../server/db/pglite';
import { openPostgres } from '../server/db/postgres';
import { sql } from '../server/db/sql';
import { createLogger } from '../server/log';
import type { NormalizedEvent } from '../server/platforms/connector';
import { ingestEvents } from '../server/platforms/ingest/ingest';
import { connectChannel } from '../server/platforms/ingest/testing';
import { mulberry32 } from '../shared/demo/prng';
import { PHARMA, seedWorld } from '../server/testing/world';

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note: string;
}

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    events: { type: 'string', default: '20000' },
    only: { type: 'string' },
  },
  strict: true,
});
const only = values.only ?? null;
if (only !== null && only !== 'pg' && only !== 'pglite') throw new Error('--only must be pg or pglite');
const total = Number(values.events);
const log = (line: string) => {
  if (!values.json) console.error(line);
};

const PAGE = '104857600000001';
const NOW = Date.UTC(2026, 0, 10, 12);

/** Deliveries of 100–1,000 events; about 10 % of the events are earlier ones again. */
function deliveries(prefix: string): { batches: NormalizedEvent[][]; unique: number } {
  const random = mulberry32(7);
  const sent: NormalizedEvent[] = [];
  const batches: NormalizedEvent[][] = [];
  let unique = 0;
  let count = 0;
  while (count < total) {
    const size = Math.min(total - count, 100 + Math.floor(random() * 901));
    const batch: NormalizedEvent[] = [];
    for (let index = 0; index < size; index += 1) {
      const again = sent.length > 0 && random() < 0.1;
      if (again) batch.push(sent[Math.floor(random() * sent.length)] as NormalizedEvent);
      else {
        unique += 1;
        const author = `${prefix}a${Math.floor(random() * 5000)}`;
        const event: NormalizedEvent = {
          platform: 'facebook',
          accountId: PAGE,
          kind: 'comment',
          verb: 'add',
          externalId: `${prefix}c${unique}`,
          parentId: `${PAGE}_viral`,
          postId: `${PAGE}_viral`,
          author: { id: author, name: `Persona ${author}` },
          text: random() < 0.05 ? 'Che effetti collaterali ha a 20 mg?' : 'Bellissimo, dove lo trovo?',
          createdAt: new Date(NOW - 3_600_000 + unique * 100).toISOString(),
          isOwn: false,
          idsOnly: false,
          version: 'add',
          rawRef: `entry[0].changes[${index}]`,
        };
        sent.push(event);
        batch.push(event);
      }
    }
    count += size;
    batches.push(batch);
  }
  return { batches, unique };
}

async function measure(label: 'pg' | 'pglite', db: Db): Promise<Figure[]> {
  await migrate(db);
  const [seeded] = await db.query(sql`SELECT count(*) AS n FROM entities WHERE entity = 'client' AND id = ${PHARMA}`);
  if (toInt(seeded?.n) === 0) await seedWorld(db);
  await db.query(sql`DELETE FROM channel_credentials WHERE channel_id = 'ch-pharma' OR external_account_id = ${PAGE}`);
  await connectChannel(db, 'ch-pharma', PHARMA, PAGE);
  const prefix = `${label}${Date.now().toString(36)}-`;
  const deps = { now: () => NOW, log: createLogger('silent') };
  // Warm-up: plans, caches, the sensitivity matcher.
  const warm = deliveries(`${prefix}w-`).batches[0] ?? [];
  await db.transaction((tx) => ingestEvents(tx, warm.slice(0, 100), deps));

  const { batches, unique } = deliveries(prefix);
  const [before] = await db.query(sql`SELECT count(*) AS n FROM changes`);
  log(`${label}: ${batches.length} deliveries, ${total} events (${unique} distinct)…`);
  const started = performance.now();
  for (const batch of batches) await db.transaction((tx) => ingestEvents(tx, batch, deps));
  const seconds = (performance.now() - started) / 1000;

  const [logged] = await db.query(sql`
    WITH ours AS (
      SELECT interaction_id AS id FROM platform_objects WHERE external_id LIKE ${`${prefix}c%`}
      UNION ALL SELECT item_id FROM platform_objects WHERE external_id LIKE ${`${prefix}c%`}
    )
    SELECT count(*) FILTER (WHERE ch.entity = 'interaction') AS interactions,
      count(DISTINCT ch.id) FILTER (WHERE ch.entity = 'interaction') AS distinct_interactions,
      count(*) FILTER (WHERE ch.entity = 'item') AS items
    FROM changes ch JOIN ours ON ours.id = ch.id`);
  const interactions = toInt(logged?.interactions);
  const lost = unique - toInt(logged?.distinct_interactions);
  const duplicated =
    interactions - toInt(logged?.distinct_interactions) + Math.abs(toInt(logged?.items) - interactions);
  const [after] = await db.query(sql`SELECT count(*) AS n FROM changes`);
  log(`${label}: ${toInt(after?.n) - toInt(before?.n)} change-log rows written`);
  if (lost !== 0 || duplicated !== 0) {
    throw new Error(`bench: ${lost} interactions lost, ${duplicated} written twice in the change log`);
  }
  return [
    {
      name: `ingest_per_s_${label}`,
      value: Math.round(total / seconds),
      unit: 'events/s',
      note: `${batches.length} deliveries of 100–1000, 10 % duplicates`,
    },
    { name: `lost_${label}`, value: lost, unit: 'interactions', note: 'missing from the change log' },
    { name: `duplicated_${label}`, value: duplicated, unit: 'rows', note: 'written twice to the change log' },
  ];
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  if (only === null || only === 'pglite') {
    const db = await openPglite();
    try {
      figures.push(...(await measure('pglite', db)));
    } finally {
      await db.close();
    }
  }
  const url = process.env.DATABASE_URL;
  if ((only === null || only === 'pg') && url !== undefined && url !== '') {
    const db = await openPostgres({ url, max: 4 });
    try {
      figures.push(...(await measure('pg', db)));
    } finally {
      await db.close();
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
