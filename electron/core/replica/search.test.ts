import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueListArgs } from '../../../shared/contract/queue';
import type { Interaction } from '../../../shared/domain/entities';
import { ingestBatch } from './ingest';
import { queuePage } from './queue';
import { pendingContactDocs, pendingInteractionDocs, searchCandidates, toFtsQuery } from './search';
import { sql } from './sql';
import { openTempReplica, type TempReplica } from './testing';
import {
  fixtureChannel,
  fixtureClient,
  fixtureContact,
  fixtureInteraction,
  fixtureItem,
  fixtureThread,
  fixtureUsers,
} from './testing-fixtures';
import { upsertContact } from './upserts';

describe('toFtsQuery', () => {
  it('quotes every word and makes the last one a prefix while it is being typed', () => {
    expect(toFtsQuery('perche')).toBe('"perche"*');
    expect(toFtsQuery('perche ')).toBe('"perche"');
    expect(toFtsQuery('mal di testa')).toBe('"mal" "di" "testa"*');
    expect(toFtsQuery("dell'olio")).toBe('"dell" "olio"*');
    expect(toFtsQuery('a')).toBe('"a"');
  });

  it('never passes query syntax through', () => {
    expect(toFtsQuery('"')).toBeNull();
    expect(toFtsQuery('*')).toBeNull();
    expect(toFtsQuery('   ')).toBeNull();
    expect(toFtsQuery('NEAR(')).toBe('"NEAR"');
    expect(toFtsQuery('pasta OR caffè')).toBe('"pasta" "OR" "caffè"*');
    expect(toFtsQuery('" OR 1=1 --')).toBe('"OR" "1" "1"');
    expect(toFtsQuery('text:pasta -x ^y {a b}')).toBe('"text" "pasta" "x" "y" "a" "b"');
    expect(toFtsQuery('uno due tre quattro cinque sei sette otto nove')?.split(' ')).toHaveLength(8);
  });
});

let opened: TempReplica;
const texts: Record<string, string> = {
  a: 'Perché il Cardiolex mi dà nausea?',
  b: 'Ho nausea dopo il Respirax',
  c: 'Cardiolex funziona benissimo',
  d: 'I live near Milan, sooner or later I will visit',
  e: 'Grazie per le informazioni',
  f: 'Perche nessuno risponde? Servizio clienti pessimo',
};
const interactions: Interaction[] = [];

beforeAll(async () => {
  opened = await openTempReplica();
  const contacts = [
    fixtureContact('ct-jose', 'José Pérez', [{ platform: 'instagram', handle: '@jose.perez' }]),
    fixtureContact('ct-anna', 'Anna Rossi'),
  ];
  for (const [key, text] of Object.entries(texts)) {
    interactions.push(
      fixtureInteraction({ id: `x-${key}`, threadId: 'th-post', contactId: key === 'e' ? 'ct-jose' : 'ct-anna', text }),
    );
  }
  ingestBatch(opened.replica.writer, {
    clients: [fixtureClient],
    users: fixtureUsers,
    channels: [fixtureChannel('facebook')],
    contacts,
    threads: [fixtureThread('th-post', 'post')],
    interactions,
    items: interactions.map((x) => fixtureItem(x)),
  });
});
afterAll(() => opened.dispose());

const found = (input: string) =>
  searchCandidates(opened.replica.reader, input)
    .map((pk) => interactions[pk - 1]?.id)
    .sort();

const integrityCheck = () => {
  opened.replica.writer.run(sql`INSERT INTO interactions_fts (interactions_fts) VALUES ('integrity-check')`);
  opened.replica.writer.run(sql`INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')`);
};

describe('search in the replica', () => {
  it('folds accents both ways', () => {
    expect(found('perche ')).toEqual(['x-a', 'x-f']);
    expect(found('perché ')).toEqual(['x-a', 'x-f']);
  });

  it('matches the last word as a prefix, and every word must match', () => {
    expect(found('cardio')).toEqual(['x-a', 'x-c']);
    expect(found('nausea cardiolex')).toEqual(['x-a']);
    expect(found('nausea resp')).toEqual(['x-b']);
  });

  it("finds people by name and handle, in the author's interactions", () => {
    expect(found('perez ')).toEqual(['x-e']);
    expect(found('jose.per')).toEqual(['x-e']);
  });

  it('treats hostile input as words, never as syntax', () => {
    expect(found('"')).toEqual([]);
    expect(found('NEAR(')).toEqual(['x-d']);
    expect(found('sooner OR later ')).toEqual(['x-d']);
    expect(found('" OR 1=1 --')).toEqual([]);
    expect(() => found('text:(nausea AND "')).not.toThrow();
  });

  it('follows renames, new handles, edits and deletions of what it indexed', () => {
    const { writer } = opened.replica;
    upsertContact(writer, fixtureContact('ct-jose', 'Giuseppe Perez', [{ platform: 'x', handle: '@peppe' }]));
    integrityCheck();
    expect(found('jose ')).toEqual([]);
    expect(found('giuseppe ')).toEqual(['x-e']);
    expect(found('peppe ')).toEqual(['x-e']);

    writer.run(sql`UPDATE interactions SET text = 'Testo corretto dal moderatore' WHERE id = 'x-c'`);
    writer.run(sql`DELETE FROM items WHERE id = 'it-x-b'`);
    writer.run(sql`DELETE FROM interactions WHERE id = 'x-b'`);
    integrityCheck();
    expect(found('cardio')).toEqual(['x-a']);
    expect(found('corretto ')).toEqual(['x-c']);
    expect(found('respirax ')).toEqual([]);
  });

  it('limits the queue to matches, pages them, and says when only the newest were looked at', () => {
    const args = queueListArgs.parse({ view: 'all', sort: 'newest', filters: { search: 'perche' }, limit: 1 });
    const first = queuePage(opened.replica.reader, args);
    expect(first.rows.map((row) => row.itemId)).toEqual(['it-x-f']);
    const second = queuePage(opened.replica.reader, { ...args, after: first.nextCursor });
    expect(second.rows.map((row) => row.itemId)).toEqual(['it-x-a']);
    expect(second.nextCursor).toBeNull();
    expect(first.searchLimited).toBe(false);

    const limited = queuePage(
      opened.replica.reader,
      queueListArgs.parse({ view: 'all', sort: 'oldest', filters: { search: 'il' } }),
      {
        searchCandidates: 1,
      },
    );
    expect(limited.searchLimited).toBe(true);
    expect(limited.rows).toHaveLength(1);
    const none = queuePage(
      opened.replica.reader,
      queueListArgs.parse({ view: 'all', sort: 'newest', filters: { search: '"*' } }),
    );
    expect(none.rows).toEqual([]);
  });
});

describe('indexing queued rows', () => {
  it('walks the queue, not the tables, once the planner has statistics of the tables', () => {
    // What `PRAGMA optimize` leaves after a restart: statistics for the big tables, none for
    // the (then empty) queues.
    opened.replica.writer.execScript('ANALYZE');
    for (const plan of [pendingInteractionDocs(1_000), pendingContactDocs(1_000)]) {
      const steps = opened.replica.reader.explain(plan);
      expect(steps[0]).toMatch(/^SEARCH p USING INTEGER PRIMARY KEY/);
      expect(steps.join('\n')).not.toMatch(/TEMP B-TREE/);
    }
  });
});
