/**
 * The `sql` tag for PostgreSQL (shared/db/sql.ts, with `$n` placeholders): SQL text and its bound
 * values, kept apart, so a user's string can never become SQL. The same query runs on `pg` and on
 * PGlite.
 */
import { SqlFragment, sqlTag, type SqlDialect, type SqlTag } from '../../shared/db/sql';

export type SqlValue = string | number | boolean | null | readonly string[];
/** What `pg` and PGlite bind (a text array as an array of their own). */
export type BoundValue = string | number | boolean | null | string[];

const postgres: SqlDialect<SqlValue, BoundValue> = {
  placeholder: (n) => `$${n}`,
  bind: (value) => (typeof value === 'object' && value !== null ? [...value] : value),
  always: 'TRUE',
};

export class SqlQuery extends SqlFragment<SqlValue, BoundValue> {
  protected override get dialect(): SqlDialect<SqlValue, BoundValue> {
    return postgres;
  }
}

export const sql: SqlTag<SqlValue, SqlQuery> = sqlTag(postgres, (chunks, values) => new SqlQuery(chunks, values));
