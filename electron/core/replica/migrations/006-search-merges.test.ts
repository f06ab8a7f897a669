import { afterEach, describe, expect, it } from 'vitest';
import type { WritableDb } from '../db';
import { ingestBatch } from '../ingest';
import { searchCandidates } from '../search';
import { sql } from '../sql';
import { openTempReplica, type TempReplica } from '../testing';
import { fixtureChannel, fixtureClient, fixtureContact, fixtureInteraction, fixtureThread } from '../testing-fixtures';
import { latestVersion, migrations } from './index';

const open: TempReplica[] = [];
afterEach(async () => {
  for (const replica of open.splice(0)) await replica.dispose();
});

const segments = (db: WritableDb) =>
  db.column<number>(sql`SELECT count(DISTINCT segid) FROM interactions_fts_idx`)[0] ?? 0;

const config = (db: WritableDb) => ({
  interactions: db.all<{ k: string; v: number }>(
    sql`SELECT k, v FROM interactions_fts_config WHERE k IN ('automerge', 'usermerge') ORDER BY k`,
  ),
  contacts: db.all<{ k: string; v: number }>(
    sql`SELECT k, v FROM contacts_fts_config WHERE k IN ('automerge', 'usermerge') ORDER BY k`,
  ),
});

/** `commits` commits of 200 comments each (FTS5's crisis merge waits for 16 segments on a level). */
function writeComments(db: WritableDb, prefix: string, commits: number): void {
  ingestBatch(db, {
    clients: [fixtureClient],
    channels: [fixtureChannel('facebook')],
    contacts: [fixtureContact('ct-anna', 'Anna Rossi')],
    threads: [fixtureThread('th-post', 'post')],
  });
  for (let batch = 0; batch < commits; batch += 1) {
    const interactions = Array.from({ length: 200 }, (_, i) => {
      const n = batch * 200 + i;
      const text = `perché ${prefix}${n} farmaco${n % 101} dosaggio${n % 211} parola${n % 307} domanda${n % 401}`;
      return fixtureInteraction({ id: `${prefix}-${n}`, threadId: 'th-post', contactId: 'ct-anna', text });
    });
    ingestBatch(db, { interactions });
  }
}

describe('migration 006 (search index merges in bounded steps)', () => {
  it("turns FTS5's merges inside writes off, keeping a version-5 replica's index searchable", async () => {
    const old = await openTempReplica({ migrations: migrations.slice(0, 5) });
    open.push(old);
    const oldDb = old.replica.writer;
    const start = segments(oldDb);
    writeComments(oldDb, 'vecchio', 15);
    // Version 5: FTS5 merged segments inside those writes (automerge): fewer than one per commit.
    expect(segments(oldDb)).toBeLessThan(start + 15);
    expect(config(oldDb).interactions).toEqual([]);
    const file = old.dir.file();
    await old.replica.close();

    const reopened = await openTempReplica({ file });
    open.push(reopened);
    expect(reopened.migrated).toEqual({ from: 5, to: latestVersion() });
    const db = reopened.replica.writer;
    const expected = [
      { k: 'automerge', v: 0 },
      { k: 'usermerge', v: 4 },
    ];
    expect(config(db)).toEqual({ interactions: expected, contacts: expected });
    expect(searchCandidates(db, 'perche vecchio12')).toHaveLength(111);
    expect(searchCandidates(db, 'perche ', 10_000)).toHaveLength(3000);

    // Version 6: such writes only add their own segment each (the steps merge them later).
    const before = segments(db);
    writeComments(db, 'nuovo', 10);
    expect(segments(db)).toBe(before + 10);
    expect(searchCandidates(db, 'perche ', 10_000)).toHaveLength(5000);
    db.run(sql`INSERT INTO interactions_fts (interactions_fts) VALUES ('integrity-check')`);
  });
});
