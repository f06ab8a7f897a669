import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Interaction } from '../../../shared/domain/entities';
import type { ReadableDb } from './db';
import { ingest, ingestBatch, type ReplicaBatch } from './ingest';
import { searchCandidates } from './search';
import { mergeIndexStep, mergeSearchIndex, type SearchIndexTable } from './searchMerge';
import { sql } from './sql';
import { openTempReplica, type TempReplica } from './testing';
import { fixtureChannel, fixtureClient, fixtureContact, fixtureInteraction, fixtureThread } from './testing-fixtures';

let opened: TempReplica | null = null;
afterEach(async () => {
  await opened?.dispose();
  opened = null;
});

/** The segments of an index: each has at least one entry in the `_idx` shadow table. */
function segments(db: ReadableDb, table: SearchIndexTable): number {
  const query =
    table === 'interactions_fts'
      ? sql`SELECT count(DISTINCT segid) FROM interactions_fts_idx`
      : sql`SELECT count(DISTINCT segid) FROM contacts_fts_idx`;
  return db.column<number>(query)[0] ?? 0;
}

/** Ids of the interaction index's stored pages (its `_data` shadow table). */
const pageIds = (db: ReadableDb): Set<number> => new Set(db.column<number>(sql`SELECT id FROM interactions_fts_data`));

/** Words from a seeded generator: many distinct ones, so no term's list fills many pages. */
function words(seed: number): () => string {
  let state = seed >>> 0;
  const syllables = ['ba', 'ce', 'di', 'fo', 'gu', 'la', 'me', 'ni', 'po', 'ru', 'sa', 'te', 'vi', 'zo'];
  return () => {
    let word = '';
    for (let i = 0; i < 3; i += 1) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      word += syllables[state % syllables.length] ?? '';
    }
    return word;
  };
}

const setup: ReplicaBatch = {
  clients: [fixtureClient],
  channels: [fixtureChannel('facebook')],
  contacts: [fixtureContact('ct-anna', 'Anna Rossi', [{ platform: 'facebook', handle: '@anna' }])],
  threads: [fixtureThread('th-post', 'post')],
};

/** `count` comments numbered from `from`: "tagN" (N = number mod 7), "numeroN" and random words. */
function comments(from: number, count: number, next: () => string): Interaction[] {
  return Array.from({ length: count }, (_, offset) => {
    const n = from + offset;
    const text = `tag${n % 7} numero${n} ${Array.from({ length: 8 }, next).join(' ')}`;
    return fixtureInteraction({ id: `c-${n}`, threadId: 'th-post', contactId: 'ct-anna', text });
  });
}

/** Interaction ids the search finds, sorted. */
function found(db: ReadableDb, input: string): string[] {
  const pks = searchCandidates(db, input, 100_000);
  return pks.map((pk) => db.column<string>(sql`SELECT id FROM interactions WHERE pk = ${pk}`)[0] ?? '').sort();
}

const idsOf = (numbers: number[]) => numbers.map((n) => `c-${n}`).sort();

describe('search index merges (migration 006)', () => {
  it('writes only add a segment each; the steps merge them down and search finds the same rows', async () => {
    opened = await openTempReplica();
    const db = opened.replica.writer;
    ingestBatch(db, setup);
    const start = segments(db, 'interactions_fts');
    const next = words(1);
    // Twelve commits with no event-loop turn between them: the background merger cannot run.
    for (let batch = 0; batch < 12; batch += 1) ingestBatch(db, { interactions: comments(batch * 10, 10, next) });
    // FTS5 merged nothing inside those writes: one new segment per commit.
    expect(segments(db, 'interactions_fts')).toBe(start + 12);
    const before = found(db, 'tag3 ');

    const steps = await mergeSearchIndex(db);
    expect(steps).toBeGreaterThan(0);
    // Twelve small segments are three levels' worth of four: at most three are left.
    expect(segments(db, 'interactions_fts')).toBeLessThanOrEqual(3);
    expect(found(db, 'tag3 ')).toEqual(before);
    expect(before).toEqual(idsOf(Array.from({ length: 120 }, (_, n) => n).filter((n) => n % 7 === 3)));
    db.run(sql`INSERT INTO interactions_fts (interactions_fts) VALUES ('integrity-check')`);
    // Nothing left to merge: another pass does no step.
    expect(await mergeSearchIndex(db)).toBe(0);
  });

  it('keeps the segments bounded over many small incremental ingests, and every row findable', async () => {
    opened = await openTempReplica();
    const db = opened.replica.writer;
    ingestBatch(db, setup);
    const next = words(2);
    let most = 0;
    let steps = 0;
    for (let round = 0; round < 80; round += 1) {
      const progress = await ingest(db, [{ interactions: comments(round * 5, 5, next) }]);
      steps += progress.searchMerges?.steps ?? 0;
      most = Math.max(most, segments(db, 'interactions_fts'), segments(db, 'contacts_fts'));
    }
    // 80 commits without merges would leave dozens of segments (FTS5 itself only steps in at 16
    // on one level); merged after each ingest, each level keeps fewer than four.
    expect(most).toBeLessThanOrEqual(9);
    // The ingests merged themselves (each reports its steps).
    expect(steps).toBeGreaterThan(0);
    const all = Array.from({ length: 400 }, (_, n) => n);
    expect(found(db, 'tag5 ')).toEqual(idsOf(all.filter((n) => n % 7 === 5)));
    expect(found(db, 'numero397 ')).toEqual(['c-397']);
    expect(found(db, 'numero3')).toEqual(idsOf(all.filter((n) => String(n).startsWith('3'))));
    expect(found(db, '@anna ')).toHaveLength(400);
    db.run(sql`INSERT INTO interactions_fts (interactions_fts) VALUES ('integrity-check')`);
    db.run(sql`INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')`);
  });

  it('a step writes about the pages it was given, so merging a level takes many short steps', async () => {
    opened = await openTempReplica();
    const db = opened.replica.writer;
    ingestBatch(db, setup);
    const next = words(3);
    // Four segments of many pages each: a full level, due for merging.
    for (let batch = 0; batch < 4; batch += 1) ingestBatch(db, { interactions: comments(batch * 400, 400, next) });
    const pagesBefore = pageIds(db).size;
    expect(pagesBefore).toBeGreaterThan(40);
    const expected = found(db, 'tag2 ');

    const PAGES = 4;
    const written: number[] = [];
    for (;;) {
      const known = pageIds(db);
      if (!mergeIndexStep(db, 'interactions_fts', PAGES)) break;
      written.push([...pageIds(db)].filter((id) => !known.has(id)).length);
    }
    // Each step stops at the first term after PAGES pages (plus at most a page of the list
    // that carries on, and the index pages above them).
    expect(Math.max(...written)).toBeLessThanOrEqual(PAGES + 3);
    expect(written.length).toBeGreaterThan(pagesBefore / (PAGES + 3) / 2);
    expect(segments(db, 'interactions_fts')).toBe(1);
    expect(found(db, 'tag2 ')).toEqual(expected);
    db.run(sql`INSERT INTO interactions_fts (interactions_fts) VALUES ('integrity-check')`);
  });

  it('merges after other writes (a sync page, a local edit) once the replica is quiet', async () => {
    opened = await openTempReplica();
    const db = opened.replica.writer;
    ingestBatch(db, setup);
    const next = words(4);
    for (let batch = 0; batch < 12; batch += 1) ingestBatch(db, { interactions: comments(batch * 10, 10, next) });
    const written = segments(db, 'interactions_fts');
    expect(written).toBeGreaterThanOrEqual(12);
    // The replica's own merger (openReplica) runs its steps after a short quiet time.
    await vi.waitFor(() => expect(segments(db, 'interactions_fts')).toBeLessThanOrEqual(3), { timeout: 5_000 });
    expect(found(db, 'tag3 ')).toEqual(idsOf(Array.from({ length: 120 }, (_, n) => n).filter((n) => n % 7 === 3)));
  });

  it('also merges during a steady stream of writes that never leaves the replica quiet', async () => {
    opened = await openTempReplica();
    const db = opened.replica.writer;
    ingestBatch(db, setup);
    const start = segments(db, 'interactions_fts');
    const next = words(5);
    // A write every 100 ms for 1.4 s: never 200 ms of quiet.
    for (let batch = 0; batch < 14; batch += 1) {
      ingestBatch(db, { interactions: comments(batch * 10, 10, next) });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Unmerged, there would be one segment per write (FTS5 itself waits for 16).
    expect(segments(db, 'interactions_fts')).toBeLessThan(start + 14 - 3);
    expect(found(db, 'tag1 ')).toEqual(idsOf(Array.from({ length: 140 }, (_, n) => n).filter((n) => n % 7 === 1)));
  });
});
