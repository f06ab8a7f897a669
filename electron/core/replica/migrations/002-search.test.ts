import { describe, expect, it } from 'vitest';
import { queueListArgs } from '../../../../shared/contract/queue';
import { queuePage } from '../queue';
import { searchCandidates } from '../search';
import { sql } from '../sql';
import { plansOf, recordingReader } from '../testing-db';
import { newDir, openAt, seedVersion1 } from './testing-versions';

describe('migration 2: full-text search', () => {
  it('indexes the interactions a version-1 replica already had, accents folded, names included', async () => {
    const dir = newDir();
    await (await openAt(dir.file(), 1)).replica.close();
    seedVersion1(dir.file());

    const { replica, migrated } = await openAt(dir.file(), 2);
    expect(migrated).toEqual({ from: 1, to: 2 });
    const handles = replica.reader.column<string>(sql`SELECT search_handles FROM contacts WHERE id = 'ct-1'`);
    expect(handles).toEqual(['@jose.perez']);
    expect(searchCandidates(replica.reader, '@jose.perez ')).toHaveLength(60);
    expect(searchCandidates(replica.reader, 'perche cardiolex')).toHaveLength(20);
    expect(searchCandidates(replica.reader, 'jose perez grazie')).toHaveLength(40);
    expect(searchCandidates(replica.reader, 'cardiol')).toHaveLength(20);
    const plan = replica.reader.explain(
      sql`SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ${'"perche"'} ORDER BY rowid DESC LIMIT 10`,
    );
    expect(plan.join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    replica.writer.run(sql`INSERT INTO interactions_fts (interactions_fts) VALUES ('integrity-check')`);
    replica.writer.run(sql`INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')`);
    // The search's candidates meet the queue through an index of migration 1, without the rows.
    const reader = recordingReader(replica.reader);
    const found = queuePage(
      reader,
      queueListArgs.parse({ view: 'all', sort: 'priority', filters: { search: 'nausea' } }),
    );
    expect(found.rows).toHaveLength(20);
    const plans = plansOf(replica.reader, reader.queries).join('\n');
    expect(plans).toMatch(/USING COVERING INDEX ix_items_interaction_queue/);
    await replica.close();
  });
});
