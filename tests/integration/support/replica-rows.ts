/**
 * Every synced row of a replica file, column by column, comparable across replicas: the tables
 * and columns come from the file's own schema (a new table or column is compared without anyone
 * listing it), surrogate keys are dropped and every foreign key is replaced by the `id` of the
 * row it points to (`pk` values differ from one replica to another; ids do not).
 */
import Database from 'better-sqlite3';

/**
 * The replica's own bookkeeping and derived indexes: not rows of the server's. Any other table
 * is compared — a new local-only table must be named here.
 */
const LOCAL_TABLES: ReadonlySet<string> = new Set([
  'sync_meta',
  'pending_mutations',
  'sync_shadows',
  'search_pending',
  'search_pending_contacts',
  'item_counts',
  'item_assignee_counts',
]);

interface Column {
  name: string;
  pk: number;
}
interface ForeignKey {
  table: string;
  from: string;
  to: string;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function syncedTables(db: Database.Database): string[] {
  const tables = db
    .prepare<[], { name: string; sql: string | null }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all();
  const virtual = tables.filter((t) => /CREATE VIRTUAL TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  // A virtual table's shadow tables (`<name>_data`, `<name>_idx`, …) belong to it.
  const isIndex = (name: string) => virtual.some((v) => name === v || name.startsWith(`${v}_`));
  return tables
    .map((t) => t.name)
    .filter((name) => !LOCAL_TABLES.has(name) && !isIndex(name) && !/migration/i.test(name));
}

/** One table's rows as plain objects keyed by column name, foreign keys as ids, sorted. */
function tableRows(db: Database.Database, table: string): Record<string, unknown>[] {
  const columns = db.prepare<[], Column>(`PRAGMA table_info(${quote(table)})`).all();
  const foreign = db.prepare<[], ForeignKey>(`PRAGMA foreign_key_list(${quote(table)})`).all();
  const selected = columns
    .filter((column) => !(column.pk === 1 && column.name === 'pk'))
    .map((column) => {
      const fk = foreign.find((f) => f.from === column.name);
      if (fk === undefined) return `t.${quote(column.name)} AS ${quote(column.name)}`;
      return `(SELECT r.id FROM ${quote(fk.table)} r WHERE r.${quote(fk.to)} = t.${quote(column.name)}) AS ${quote(column.name)}`;
    });
  const rows = db.prepare<[], Record<string, unknown>>(`SELECT ${selected.join(', ')} FROM ${quote(table)} t`).all();
  return rows
    .map((row) => ({ key: JSON.stringify(row), row }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ row }) => row);
}

export type ReplicaRows = Map<string, Record<string, unknown>[]>;

export function readReplicaRows(file: string): ReplicaRows {
  const db = new Database(file, { fileMustExist: true });
  try {
    return new Map(syncedTables(db).map((table) => [table, tableRows(db, table)]));
  } finally {
    db.close();
  }
}

/** A row's identity within its table: its `id`, or the whole row for link tables. */
const keyOf = (row: Record<string, unknown>) => ('id' in row ? String(row.id) : JSON.stringify(row));

export interface RowDifference {
  table: string;
  key: string;
  column: string;
  replica: unknown;
  expected: unknown;
}

/** Every column that differs between two replicas' rows (missing rows count as differing). */
export function differences(replica: ReplicaRows, expected: ReplicaRows): RowDifference[] {
  const found: RowDifference[] = [];
  const tables = new Set([...replica.keys(), ...expected.keys()]);
  for (const table of tables) {
    const mine = new Map((replica.get(table) ?? []).map((row) => [keyOf(row), row]));
    const theirs = new Map((expected.get(table) ?? []).map((row) => [keyOf(row), row]));
    for (const key of new Set([...mine.keys(), ...theirs.keys()])) {
      const a = mine.get(key);
      const b = theirs.get(key);
      if (a === undefined || b === undefined) {
        found.push({ table, key, column: '(row)', replica: a ?? null, expected: b ?? null });
        continue;
      }
      for (const column of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (JSON.stringify(a[column]) !== JSON.stringify(b[column]))
          found.push({ table, key, column, replica: a[column], expected: b[column] });
      }
    }
  }
  return found;
}
