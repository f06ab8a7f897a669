import { afterEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../../../shared/demo';
import { queueListArgs } from '../../../shared/contract/queue';
import { queueCounts } from './counts';
import type { ReadableDb } from './db';
import { ingest } from './ingest';
import { queuePage } from './queue';
import { searchBacklog } from './search';
import { seedDemo } from './seedDemo';
import { sql, SqlFragment } from './sql';
import { openTempReplica, TEST_NOW, type TempReplica } from './testing';
import { fixtureInteraction } from './testing-fixtures';

const open: TempReplica[] = [];
const fresh = async () => {
  const replica = await openTempReplica();
  open.push(replica);
  return replica;
};
afterEach(async () => {
  for (const replica of open.splice(0)) await replica.dispose();
});

const demo = (items: number, batchSize = 50) => generateDemo({ seed: 5, items, now: TEST_NOW, batchSize });

/** Every row of every table the app reads, in key order (FTS by what a search finds). */
function dump(db: ReadableDb): Record<string, unknown[]> {
  const tables = db.column<string>(sql`SELECT name FROM sqlite_schema WHERE type = 'table'
    AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' AND name <> 'sync_meta' ORDER BY name`);
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    // Table names come from sqlite_schema, not from input; the tag binds values only.
    out[table] = db
      .rows(new SqlFragment(`SELECT * FROM "${table}"`, []))
      .map((row) => JSON.stringify(row))
      .sort();
  }
  for (const word of ['grazie', 'perche', 'nausea', 'cardio*']) {
    out[`fts:${word}`] = db.column(sql`SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ${word}
      ORDER BY rowid`);
  }
  out['fts:handles'] = db.column(sql`SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH 'a*' ORDER BY rowid`);
  return out;
}

const schemaOf = (db: ReadableDb) =>
  db.rows(sql`SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY type, name`);

describe('new-replica build (worker)', () => {
  it('makes the same replica as the incremental path: rows, search, counters, schema', async () => {
    const built = await fresh();
    const stepwise = await fresh();
    const schemaBefore = schemaOf(built.replica.reader);
    const progress = await ingest(built.replica.writer, demo(800), { mode: 'build-if-empty' });
    await ingest(stepwise.replica.writer, demo(800), { mode: 'incremental' });

    expect(progress.mode).toBe('build');
    expect(progress.items).toBe(800);
    expect(progress.interactions).toBe(800);
    expect(dump(built.replica.reader)).toEqual(dump(stepwise.replica.reader));
    expect(schemaOf(built.replica.reader)).toEqual(schemaBefore);
    expect(searchBacklog(built.replica.reader)).toBe(0);
    expect(queueCounts(built.replica.reader, { userId: 'us-giulia' })).toEqual(
      queueCounts(stepwise.replica.reader, { userId: 'us-giulia' }),
    );
  }, 30_000);

  it('leaves the replica live for ordinary writes afterwards (triggers and search back in place)', async () => {
    const opened = await fresh();
    await seedDemo(opened.replica.writer, { seed: 5, items: 300, now: TEST_NOW });
    const db = opened.replica.writer;
    const before = queueCounts(db, { userId: 'us-giulia' });
    const item = db.get<{ id: string; status: string }>(sql`SELECT id, status FROM items WHERE status = 'new' LIMIT 1`);
    expect(item).toBeDefined();
    db.transaction(() => db.run(sql`UPDATE items SET status = 'done' WHERE id = ${item?.id ?? ''}`));
    const after = queueCounts(db, { userId: 'us-giulia' });
    expect(after).not.toEqual(before);
    db.transaction(() =>
      db.run(sql`UPDATE interactions SET text = 'parola zanzibarica' WHERE pk = (SELECT min(pk) FROM interactions)`),
    );
    const found = queuePage(
      db,
      queueListArgs.parse({ view: 'all', sort: 'newest', filters: { search: 'zanzibarica ' } }),
    );
    expect(found.rows).toHaveLength(1);
  });

  it('shows nothing until it commits, and keeps the caller’s event loop turning meanwhile', async () => {
    const opened = await fresh();
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const seenDuring: number[] = [];
    const progress = await seedDemo(
      opened.replica.writer,
      { seed: 5, items: 600, now: TEST_NOW, batchSize: 40 },
      {
        onProgress: () =>
          seenDuring.push(opened.replica.reader.column<number>(sql`SELECT count(*) FROM items`)[0] ?? -1),
      },
    );
    ticking = false;
    expect(progress.mode).toBe('build');
    expect(seenDuring.slice(0, -1).every((n) => n === 0)).toBe(true);
    expect(seenDuring.at(-1)).toBe(600);
    expect(turns).toBeGreaterThanOrEqual(progress.chunks);
  });

  it('rolls back whole when it fails: the replica stays empty, its schema intact, and builds next time', async () => {
    const opened = await fresh();
    const schemaBefore = schemaOf(opened.replica.reader);
    function* broken() {
      yield* demo(200);
      yield {
        interactions: [
          fixtureInteraction({ id: 'x-orphan', threadId: 'th-missing', contactId: 'ct-missing', text: 'ciao' }),
        ],
      };
    }
    await expect(ingest(opened.replica.writer, broken(), { mode: 'build-if-empty' })).rejects.toThrow(/th-missing/);
    expect(opened.replica.reader.column<number>(sql`SELECT count(*) FROM interactions`)[0]).toBe(0);
    expect(schemaOf(opened.replica.reader)).toEqual(schemaBefore);

    const again = await seedDemo(opened.replica.writer, { seed: 5, items: 200, now: TEST_NOW });
    expect(again.mode).toBe('build');
    expect(opened.replica.reader.column<number>(sql`SELECT count(*) FROM items`)[0]).toBe(200);
  });

  it('stops when aborted, leaving an empty replica', async () => {
    const opened = await fresh();
    const controller = new AbortController();
    const run = seedDemo(
      opened.replica.writer,
      { seed: 5, items: 2000, now: TEST_NOW, batchSize: 20 },
      { signal: controller.signal, onProgress: (p) => (p.items > 100 ? controller.abort() : undefined) },
    );
    await expect(run).rejects.toThrow(/abort/i);
    expect(opened.replica.reader.column<number>(sql`SELECT count(*) FROM contacts`)[0]).toBe(0);
  });

  it('takes the incremental path when the replica already has rows', async () => {
    const opened = await fresh();
    await seedDemo(opened.replica.writer, { seed: 5, items: 100, now: TEST_NOW });
    const more = await ingest(opened.replica.writer, demo(150), { mode: 'build-if-empty' });
    expect(more.mode).toBe('incremental');
    expect(opened.replica.reader.column<number>(sql`SELECT count(*) FROM items`)[0]).toBe(150);
  });
});
