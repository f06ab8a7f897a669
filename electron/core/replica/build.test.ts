import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../../../shared/demo';
import { queueListArgs } from '../../../shared/contract/queue';
import { queueCounts } from './counts';
import { writeOrder } from './build';
import { replicaTables } from './columns';
import { buildWorkerSource, type BuildWorkerData } from './buildWorker';
import type { ReadableDb } from './db';
import { ReplicaError } from './errors';
import { ingest, type ReplicaBatch } from './ingest';
import { queuePage } from './queue';
import { searchBacklog } from './search';
import { seedDemo } from './seedDemo';
import { sql, SqlFragment } from './sql';
import { openReplica } from './open';
import { openTempReplica, recordingLog, tempDir, TEST_NOW, type TempReplica } from './testing';
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
  db.rows(sql`SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL
    AND name NOT LIKE 'sqlite_%' ORDER BY type, name`);

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

  it('makes the same replica from a stream in server snapshot order (every interaction before any item)', async () => {
    const batches = [...demo(800)];
    const kinds = ['contacts', 'threads', 'interactions', 'items', 'replies', 'notes'] as const;
    const head = batches.map(({ workspace, clients, users, channels, savedReplies }) => ({
      ...(workspace ? { workspace } : {}),
      clients,
      users,
      channels,
      savedReplies,
    }));
    // One kind of row after another, in slices of 100, as the snapshot pages bring them.
    const ordered = [
      ...head,
      ...kinds.flatMap((kind) => {
        const rows = batches.flatMap((batch): unknown[] => batch[kind] ?? []);
        return Array.from(
          { length: Math.ceil(rows.length / 100) },
          (_, i) => ({ [kind]: rows.slice(i * 100, (i + 1) * 100) }) as ReplicaBatch,
        );
      }),
    ];
    const built = await fresh();
    const stepwise = await fresh();
    const progress = await ingest(built.replica.writer, ordered, { mode: 'build-if-empty' });
    await ingest(stepwise.replica.writer, demo(800), { mode: 'incremental' });
    expect(progress.mode).toBe('build');
    expect(dump(built.replica.reader)).toEqual(dump(stepwise.replica.reader));
  }, 30_000);

  it('keeps the latest version of a person met again later in the stream, as the incremental path does', async () => {
    const built = await fresh();
    const stepwise = await fresh();
    function* stream() {
      const batches = [...demo(300)];
      yield* batches;
      // The first person again, renamed, on another platform, one handle and label dropped.
      const first = batches[0]?.contacts[0];
      if (!first) throw new Error('no demo contact');
      yield {
        contacts: [
          {
            ...first,
            displayName: 'Zoe Zanzibar',
            handles: [{ platform: 'x' as const, handle: '@zoe_z' }, ...first.handles.slice(1)],
            labels: ['vip'],
          },
        ],
      };
    }
    await ingest(built.replica.writer, stream(), { mode: 'build-if-empty' });
    await ingest(stepwise.replica.writer, stream(), { mode: 'incremental' });

    const found = (db: ReadableDb) =>
      queuePage(db, queueListArgs.parse({ view: 'all', sort: 'newest', filters: { search: 'zanzibar' } })).rows;
    expect(found(built.replica.reader).length).toBeGreaterThan(0);
    expect(found(built.replica.reader)).toEqual(found(stepwise.replica.reader));
    expect(dump(built.replica.reader)).toEqual(dump(stepwise.replica.reader));
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
    const refusals: string[] = [];
    const tryWrite = () => {
      try {
        opened.replica.writer.transaction(() => opened.replica.writer.run(sql`UPDATE sync_meta SET cursor = 1`));
        return 'written';
      } catch (error) {
        return error instanceof ReplicaError ? error.code : String(error);
      }
    };
    const progress = await seedDemo(
      opened.replica.writer,
      { seed: 5, items: 600, now: TEST_NOW, batchSize: 40 },
      {
        onProgress: (p) => {
          seenDuring.push(opened.replica.reader.column<number>(sql`SELECT count(*) FROM items`)[0] ?? -1);
          // A write meanwhile is refused at once rather than waiting for the worker's lock.
          if (p.items > 0 && p.items < 600) refusals.push(tryWrite());
        },
      },
    );
    ticking = false;
    expect(progress.mode).toBe('build');
    expect(seenDuring.slice(0, -1).every((n) => n === 0)).toBe(true);
    expect(seenDuring.at(-1)).toBe(600);
    expect(turns).toBeGreaterThanOrEqual(progress.chunks);
    expect(refusals.length).toBeGreaterThan(0);
    expect(new Set(refusals)).toEqual(new Set(['unavailable']));
    expect(tryWrite()).toBe('written');
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

  it('drops planner statistics taken while the replica was empty', async () => {
    const opened = await fresh();
    // What ANALYZE records for a table of one row (an empty one gets no row at all).
    opened.replica.writer.execScript(
      "ANALYZE; INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('items', 'ix_items_queue_created', '1 1 1')",
    );
    await seedDemo(opened.replica.writer, { seed: 5, items: 200, now: TEST_NOW });
    const stale = opened.replica.reader.column<number>(
      sql`SELECT count(*) FROM sqlite_stat1 WHERE tbl IN ('items', 'interactions', 'contacts')`,
    );
    expect(stale).toEqual([0]);
  });

  it('takes the incremental path when the replica already has rows', async () => {
    const opened = await fresh();
    await seedDemo(opened.replica.writer, { seed: 5, items: 100, now: TEST_NOW });
    const more = await ingest(opened.replica.writer, demo(150), { mode: 'build-if-empty' });
    expect(more.mode).toBe('incremental');
    expect(opened.replica.reader.column<number>(sql`SELECT count(*) FROM items`)[0]).toBe(150);
  });
});

describe('new-replica build, process killed mid-build', () => {
  it('leaves an empty replica with its schema intact, which the next start builds again', async () => {
    const dir = tempDir('replica-crash-');
    try {
      const file = dir.file();
      const first = await openReplica({ file, log: recordingLog(), integrityCheck: 'inline' });
      const schemaBefore = schemaOf(first.replica.reader);
      await first.replica.close();

      // A separate Node process runs the build worker on the file, hands it every row, and
      // is killed (SIGKILL: no cleanup of any kind) after the rows are in and before the commit.
      writeFileSync(dir.file('worker.js'), buildWorkerSource());
      writeFileSync(dir.file('batches.json'), JSON.stringify([...demo(300)]));
      const data: BuildWorkerData = {
        modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
        file,
        nativeBinding: null,
        tables: replicaTables,
        order: writeOrder(),
      };
      const harness = `
        const { Worker } = require('node:worker_threads');
        const fs = require('node:fs');
        const [source, batches] = ['worker.js', 'batches.json'].map((name) => fs.readFileSync(process.argv[1] + '/' + name, 'utf8'));
        const list = JSON.parse(batches);
        const worker = new Worker(source, { eval: true, workerData: JSON.parse(process.argv[2]) });
        let acks = 0;
        worker.on('message', (reply) => {
          if (reply.type === 'ready') for (const batch of list) worker.postMessage({ type: 'batch', batch });
          if (reply.type === 'ack' && ++acks === list.length) {
            console.log('rows in: ' + reply.rows);
            process.kill(process.pid, 'SIGKILL');
          }
          if (reply.type === 'error') console.log('error: ' + reply.message);
        });`;
      const child = spawnSync(process.execPath, ['-e', harness, dir.path, JSON.stringify(data)], { encoding: 'utf8' });
      expect(child.signal).toBe('SIGKILL');
      expect(child.stdout).toMatch(/rows in: \d{3,}/);

      const reopened = await openReplica({ file, log: recordingLog(), integrityCheck: 'inline' });
      try {
        const db = reopened.replica.writer;
        expect(reopened.recovery).toBeNull();
        expect(db.column<number>(sql`SELECT count(*) FROM interactions`)[0]).toBe(0);
        expect(schemaOf(db)).toEqual(schemaBefore);
        const again = await seedDemo(db, { seed: 5, items: 300, now: TEST_NOW });
        expect(again.mode).toBe('build');
        expect(db.column<number>(sql`SELECT count(*) FROM items`)[0]).toBe(300);
      } finally {
        await reopened.replica.close();
      }
    } finally {
      dir.remove();
    }
  }, 30_000);
});
