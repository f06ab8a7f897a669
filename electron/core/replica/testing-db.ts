import type { ReadableDb } from './db';
import type { SqlFragment } from './sql';

/**
 * A reader that remembers every query it runs, so a test can ask SQLite how it planned
 * exactly the statements a query function issued (EXPLAIN QUERY PLAN … USING INDEX).
 */
export function recordingReader(db: ReadableDb): ReadableDb & { queries: SqlFragment[] } {
  const queries: SqlFragment[] = [];
  return {
    queries,
    access: db.access,
    get<Row>(query: SqlFragment) {
      queries.push(query);
      return db.get<Row>(query);
    },
    all<Row>(query: SqlFragment) {
      queries.push(query);
      return db.all<Row>(query);
    },
    column<Value>(query: SqlFragment) {
      queries.push(query);
      return db.column<Value>(query);
    },
    rows<Row extends readonly unknown[]>(query: SqlFragment) {
      queries.push(query);
      return db.rows<Row>(query);
    },
    explain: (query) => db.explain(query),
  };
}

/** Every plan line of every recorded query. */
export function plansOf(db: ReadableDb, queries: readonly SqlFragment[]): string[] {
  return queries.flatMap((query) => db.explain(query));
}
