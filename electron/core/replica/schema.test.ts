import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from './sql';
import { openTempReplica, type TempReplica } from './testing';

/**
 * The tables that mirror server entities change additively only: a replica from any earlier
 * version must still hold what it held, and rows the server sends must still fit. This test
 * compares the live schema with the committed snapshot. After adding a column on purpose, run
 * with UPDATE_SCHEMA_SNAPSHOT=1 once and commit the snapshot.
 */

const SYNCED_TABLES = [
  'workspace',
  'clients',
  'users',
  'user_clients',
  'channels',
  'contacts',
  'contact_handles',
  'contact_labels',
  'threads',
  'interactions',
  'items',
  'item_labels',
  'saved_replies',
  'replies',
  'approvals',
  'notes',
] as const;

interface Column {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}
type Snapshot = Record<string, Column[]>;

const snapshotFile = fileURLToPath(new URL('./schema.snapshot.json', import.meta.url));

let opened: TempReplica;
let live: Snapshot;
beforeAll(async () => {
  opened = await openTempReplica();
  live = Object.fromEntries(
    SYNCED_TABLES.map((table) => [
      table,
      opened.replica.reader.all<Column>(
        sql`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(${table}) ORDER BY cid`,
      ),
    ]),
  );
  if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') writeFileSync(snapshotFile, `${JSON.stringify(live, null, 2)}\n`);
});
afterAll(() => opened.dispose());

describe('synced tables', () => {
  it('keep every column of the snapshot, with the same type and nullability', () => {
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot;
    for (const [table, columns] of Object.entries(snapshot)) {
      const now = live[table];
      expect(now, `table ${table} was dropped or renamed`).toBeDefined();
      for (const column of columns) {
        const found = now?.find((c) => c.name === column.name);
        expect(found, `${table}.${column.name} was dropped or renamed`).toBeDefined();
        expect(
          { type: found?.type, notnull: found?.notnull, pk: found?.pk },
          `${table}.${column.name} changed`,
        ).toEqual({
          type: column.type,
          notnull: column.notnull,
          pk: column.pk,
        });
      }
    }
  });

  it('only gain columns that old rows can live with, and the snapshot records them', () => {
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot;
    for (const table of SYNCED_TABLES) {
      const known = new Set((snapshot[table] ?? []).map((c) => c.name));
      for (const column of live[table] ?? []) {
        if (known.has(column.name)) continue;
        // A new NOT NULL column without a default cannot hold the rows a replica already has.
        expect(column.notnull === 0 || column.dflt_value !== null, `${table}.${column.name} needs a default`).toBe(
          true,
        );
        expect.fail(`${table}.${column.name} is new: run with UPDATE_SCHEMA_SNAPSHOT=1 and commit the snapshot`);
      }
      expect(snapshot[table], `table ${table} is missing from the snapshot`).toBeDefined();
    }
  });
});
