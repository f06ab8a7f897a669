import { afterEach, describe, expect, it } from 'vitest';
import { syncEntities } from '../../../shared/entities/registry';
import { entityTables, insertHead, replicaTables, rowMaker, rowValues } from './columns';
import { fixtureInteraction } from './testing-fixtures';
import { sql } from './sql';
import { openTempReplica, type TempReplica } from './testing';
import { entityWriters } from './writers';

let opened: TempReplica | null = null;
afterEach(async () => {
  await opened?.dispose();
  opened = null;
});

describe('the replica against the entity registry', () => {
  it('has a writer and a table for every registered entity', () => {
    for (const entity of syncEntities) {
      expect(typeof entityWriters[entity].one, entity).toBe('function');
      expect(typeof entityWriters[entity].many, entity).toBe('function');
      expect(replicaTables[entityTables[entity]], entity).toBeDefined();
    }
    expect(Object.keys(entityWriters).sort()).toEqual([...syncEntities].sort());
  });

  it('lists only columns the migrated schema has, and every column it must fill', async () => {
    opened = await openTempReplica();
    const reader = opened.replica.reader;
    for (const spec of Object.values(replicaTables)) {
      const schema = reader.all<{ name: string; notnull: number; dflt_value: unknown; pk: number }>(
        sql`SELECT name, "notnull", dflt_value, pk FROM pragma_table_info(${spec.table})`,
      );
      const names = spec.columns.map((column) => column.name);
      expect(schema.length, spec.table).toBeGreaterThan(0);
      for (const name of names)
        expect(
          schema.map((column) => column.name),
          spec.table,
        ).toContain(name);
      // A NOT NULL column without a default that no writer fills would fail every insert.
      const required = schema.filter((column) => column.notnull === 1 && column.dflt_value === null && column.pk === 0);
      for (const column of required) expect(names, `${spec.table}.${column.name}`).toContain(column.name);
    }
  });

  it('stores fields as the schema keeps them: JSON, 0/1, absent as NULL', () => {
    const head = insertHead(replicaTables.savedReplies, { verb: 'INSERT OR REPLACE', pk: true, build: true });
    expect(head).toBe(
      'INSERT OR REPLACE INTO saved_replies (pk, id, client_pk, name, text, lang, pre_approved, pre_approval)',
    );
    const saved = { id: 'sr', name: 'N', text: 'T', lang: 'it', preApproved: true };
    expect(rowValues(replicaTables.savedReplies, saved, { client_pk: 3 })).toEqual(['sr', 3, 'N', 'T', 'it', 1, null]);
    expect(insertHead(replicaTables.items)).not.toContain('labeled');
    expect(insertHead(replicaTables.items, { build: true })).toContain('labeled');
    expect(() => rowValues(replicaTables.channels, { id: 'ch' }, {})).toThrow(/channels\.client_pk/);
  });

  it('writes the same values in the build worker as in the incremental writers', () => {
    const x = fixtureInteraction({ id: 'ix-1', threadId: 'th-1', contactId: 'ct-1', text: 'Ciao' });
    const given = { client_pk: 1, channel_pk: 2, thread_pk: 3, parent_pk: null, contact_pk: 4 };
    for (const build of [false, true]) {
      expect(rowMaker(replicaTables.interactions, build)(x, given)).toEqual(
        rowValues(replicaTables.interactions, x, given, build),
      );
    }
    const user = { id: 'u', name: 'U', email: 'u@x.example', role: 'lead', clientIds: null, alsoApprover: true };
    expect(rowMaker(replicaTables.users, true)(user, {})).toEqual(['u', 'U', 'u@x.example', 'lead', 1, 1]);
    expect(() => rowMaker(replicaTables.notes, true)({ id: 'n' }, {})).toThrow(/notes\.contact_pk/);
  });
});
