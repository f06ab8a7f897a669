/**
 * The `sql` tagged template: SQL text and its bound values, kept apart.
 *
 * Interpolated values always become `?` placeholders; only other fragments (built by this tag)
 * contribute text. So a user's string can never become SQL, whatever it contains.
 */

export type SqlValue = string | number | bigint | boolean | null | Uint8Array;
/** What better-sqlite3 binds (booleans are stored as 0/1). */
export type BoundValue = string | number | bigint | null | Uint8Array;

const fragmentBrand: unique symbol = Symbol('SqlFragment');

export class SqlFragment {
  readonly [fragmentBrand] = true;
  constructor(
    readonly text: string,
    readonly params: readonly BoundValue[],
  ) {}
}

export type SqlPart = SqlValue | SqlFragment;

function bindValue(value: SqlValue): BoundValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError('sql: cannot bind a non-finite number');
  }
  return value;
}

function isFragment(value: unknown): value is SqlFragment {
  return value instanceof SqlFragment;
}

function build(strings: readonly string[], values: readonly SqlPart[]): SqlFragment {
  let text = strings[0] ?? '';
  const params: BoundValue[] = [];
  values.forEach((value, index) => {
    if (isFragment(value)) {
      text += value.text;
      params.push(...value.params);
    } else if (value === undefined) {
      // A missing value is a bug in the caller; binding it as NULL would hide it.
      throw new TypeError(`sql: value ${index} is undefined`);
    } else {
      text += '?';
      params.push(bindValue(value));
    }
    text += strings[index + 1] ?? '';
  });
  return new SqlFragment(text, params);
}

function join(parts: readonly SqlPart[], separator: SqlFragment = new SqlFragment(', ', [])): SqlFragment {
  const values: SqlPart[] = [];
  parts.forEach((part, index) => {
    if (index > 0) values.push(separator);
    values.push(part);
  });
  return build(new Array<string>(values.length + 1).fill(''), values);
}

interface SqlTag {
  (strings: TemplateStringsArray, ...values: SqlPart[]): SqlFragment;
  /** `a, b, c` (or any separator fragment): IN lists, column lists, AND/OR chains. */
  join(parts: readonly SqlPart[], separator?: SqlFragment): SqlFragment;
  /** `(c1) AND (c2) …`, or `1` when there are no conditions (a WHERE that keeps every row). */
  and(conditions: readonly SqlFragment[]): SqlFragment;
  readonly empty: SqlFragment;
}

export const sql: SqlTag = Object.assign(
  (strings: TemplateStringsArray, ...values: SqlPart[]) => build(strings, values),
  {
    join,
    and(conditions: readonly SqlFragment[]): SqlFragment {
      if (conditions.length === 0) return new SqlFragment('1', []);
      return join(
        conditions.map((condition) => build(['(', ')'], [condition])),
        new SqlFragment(' AND ', []),
      );
    },
    empty: new SqlFragment('', []),
  },
);
