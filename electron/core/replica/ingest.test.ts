import { afterEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../../../shared/demo';
import { queueListArgs } from '../../../shared/contract/queue';
import { queueCounts } from './counts';
import { queuePage } from './queue';
import type { ReplicaChange } from './db';
import { ingest, type IngestProgress } from './ingest';
import { sql } from './sql';
import { openTempReplica, TEST_NOW, type TempReplica } from './testing';
import { fixtureInteraction, fixtureThread } from './testing-fixtures';

const open: TempReplica[] = [];
const fresh = async () => {
  const replica = await openTempReplica();
  open.push(replica);
  return replica;
};
afterEach(async () => {
  for (const replica of open.splice(0)) await replica.dispose();
});

const demo = (items: number) => generateDemo({ seed: 21, items, now: TEST_NOW, batchSize: 120 });
const countOf = (opened: TempReplica, table: 'items' | 'interactions' | 'contacts' | 'replies' | 'threads') =>
  opened.replica.reader.column<number>(sql`SELECT count(*) FROM ${tableName(table)}`)[0];
function tableName(table: 'items' | 'interactions' | 'contacts' | 'replies' | 'threads') {
  switch (table) {
    case 'items':
      return sql`items`;
    case 'interactions':
      return sql`interactions`;
    case 'contacts':
      return sql`contacts`;
    case 'replies':
      return sql`replies`;
    case 'threads':
      return sql`threads`;
  }
}

describe('ingest', () => {
  it('writes in bounded chunks, each committed on its own, and lets the event loop run between them', async () => {
    const opened = await fresh();
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: { progress: IngestProgress; turns: number; itemsInDb: number | undefined }[] = [];
    const changes: ReplicaChange[] = [];
    const stop = opened.replica.onChange((change) => changes.push(change));

    const total = await ingest(opened.replica.writer, demo(300), {
      chunkRows: 50,
      onProgress: (progress) => seen.push({ progress, turns, itemsInDb: countOf(opened, 'items') }),
    });
    ticking = false;
    stop();

    expect(total.items).toBe(300);
    expect(seen.length).toBe(total.chunks);
    expect(seen.length).toBeGreaterThan(10);
    let rowsBefore = 0;
    for (const [index, step] of seen.entries()) {
      expect(step.progress.rows - rowsBefore).toBeLessThanOrEqual(50);
      rowsBefore = step.progress.rows;
      // What a chunk wrote is committed (visible) when its progress is reported.
      expect(step.itemsInDb).toBe(step.progress.items);
      const previous = seen[index - 1];
      if (previous) expect(step.turns).toBeGreaterThan(previous.turns);
    }
    expect(changes).toHaveLength(total.chunks);
    expect(changes.every((change) => change.reset)).toBe(true);
  });

  it('sizes chunks by time when not told: a chunk stops taking rows once it has used its budget', async () => {
    const sizesWith = async (chunkBudgetMs: number) => {
      const opened = await fresh();
      const sizes: number[] = [];
      let rows = 0;
      await ingest(opened.replica.writer, demo(400), {
        chunkBudgetMs,
        onProgress: (progress) => {
          sizes.push(progress.rows - rows);
          rows = progress.rows;
        },
      });
      expect(countOf(opened, 'items')).toBe(400);
      return sizes;
    };
    // No budget at all: one step of rows per transaction, never more.
    const tight = await sizesWith(0);
    expect(tight.length).toBeGreaterThan(10);
    expect(Math.max(...tight)).toBeLessThanOrEqual(64);
    // A budget nothing reaches: a batch's rows go in one transaction.
    const loose = await sizesWith(60_000);
    expect(loose.length).toBeLessThan(tight.length / 4);
    expect(Math.max(...loose)).toBeGreaterThan(300);
  });

  it('is idempotent: the same data twice leaves the same replica', async () => {
    const opened = await fresh();
    await ingest(opened.replica.writer, demo(250), { chunkRows: 80 });
    const once = {
      items: countOf(opened, 'items'),
      interactions: countOf(opened, 'interactions'),
      contacts: countOf(opened, 'contacts'),
      replies: countOf(opened, 'replies'),
      threads: countOf(opened, 'threads'),
      counts: queueCounts(opened.replica.reader, { userId: 'us-giulia' }),
    };
    await ingest(opened.replica.writer, demo(250), { chunkRows: 80 });
    expect({
      items: countOf(opened, 'items'),
      interactions: countOf(opened, 'interactions'),
      contacts: countOf(opened, 'contacts'),
      replies: countOf(opened, 'replies'),
      threads: countOf(opened, 'threads'),
      counts: queueCounts(opened.replica.reader, { userId: 'us-giulia' }),
    }).toEqual(once);
    opened.replica.writer.run(sql`INSERT INTO interactions_fts (interactions_fts) VALUES ('integrity-check')`);
  });

  it('stops when aborted, keeping the chunks already committed', async () => {
    const opened = await fresh();
    const controller = new AbortController();
    const run = ingest(opened.replica.writer, demo(300), {
      chunkRows: 40,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.items > 0) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(countOf(opened, 'items')).toBeGreaterThan(0);
    expect(countOf(opened, 'items')).toBeLessThan(300);
  });

  it('brings known contacts up to date: name, handles and labels follow the latest batch', async () => {
    const opened = await fresh();
    const [setup] = demo(10);
    if (!setup) throw new Error('no demo');
    await ingest(opened.replica.writer, [setup], { chunkRows: 1000 });
    const contactId = setup.contacts[0]?.id ?? '';
    const changed = {
      id: contactId,
      displayName: 'Nome Cambiato',
      firstName: 'Nome',
      handles: [{ platform: 'x' as const, handle: '@nuovo_handle' }],
      labels: ['vip'],
      firstSeenAt: 1,
    };
    await ingest(opened.replica.writer, [{ contacts: [changed] }], { chunkRows: 1000 });
    const { reader } = opened.replica;
    expect(
      reader.all(sql`SELECT platform, handle FROM contact_handles h JOIN contacts c ON c.pk = h.contact_pk
      WHERE c.id = ${contactId}`),
    ).toEqual([{ platform: 'x', handle: '@nuovo_handle' }]);
    expect(
      reader.column(sql`SELECT label FROM contact_labels l JOIN contacts c ON c.pk = l.contact_pk
      WHERE c.id = ${contactId}`),
    ).toEqual(['vip']);
    expect(reader.column(sql`SELECT display_name FROM contacts WHERE id = ${contactId}`)).toEqual(['Nome Cambiato']);
    const items = queuePage(
      reader,
      queueListArgs.parse({ view: 'all', sort: 'newest', filters: { search: 'nuovo_handle' } }),
    );
    expect(items.rows.length).toBeGreaterThan(0);
    expect(items.rows.every((row) => row.authorId === contactId && row.authorName === 'Nome Cambiato')).toBe(true);
    opened.replica.writer.run(sql`INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')`);
    opened.replica.writer.run(sql`INSERT INTO interactions_fts (interactions_fts) VALUES ('integrity-check')`);
  });

  it('rolls back the chunk that fails, whole, and reports the missing parent', async () => {
    const opened = await fresh();
    const [setup] = demo(10);
    if (!setup) throw new Error('no demo');
    await ingest(opened.replica.writer, [setup], { chunkRows: 1000 });
    const orphan = fixtureInteraction({
      id: 'x-orphan',
      threadId: 'th-missing',
      contactId: 'ct-0000001',
      text: 'ciao',
    });
    const okThread = { ...fixtureThread('th-ok', 'post'), clientId: 'cl-vitalia', channelId: 'ch-vit-facebook' };
    const failing = ingest(opened.replica.writer, [{ threads: [okThread], interactions: [orphan] }], {
      chunkRows: 1000,
    });
    await expect(failing).rejects.toThrow(/x-orphan/);
    expect(opened.replica.reader.column<number>(sql`SELECT count(*) FROM threads WHERE id = 'th-ok'`)).toEqual([0]);
  });
});
