/**
 * The `sql` tag for the replica's SQLite (shared/db/sql.ts, with `?` placeholders): SQL text and
 * its bound values, kept apart, so a user's string can never become SQL.
 */
import { SqlFragment as Fragment, sqlTag, type SqlDialect, type SqlTag } from '../../../shared/db/sql';

export type SqlValue = string | number | bigint | boolean | null | Uint8Array;
/** What better-sqlite3 binds (booleans are stored as 0/1). */
export type BoundValue = string | number | bigint | null | Uint8Array;

const sqlite: SqlDialect<SqlValue, BoundValue> = {
  placeholder: () => '?',
  bind: (value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
  always: '1',
};

export class SqlFragment extends Fragment<SqlValue, BoundValue> {
  protected override get dialect(): SqlDialect<SqlValue, BoundValue> {
    return sqlite;
  }
}

export type SqlPart = SqlValue | SqlFragment;

export const sql: SqlTag<SqlValue, SqlFragment> = sqlTag(sqlite, (chunks, values) => new SqlFragment(chunks, values));
