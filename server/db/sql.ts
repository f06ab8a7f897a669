/**
 * The `sql` tagged template for PostgreSQL: SQL text with `$n` placeholders and its bound values,
 * kept apart. Interpolated values always become placeholders; only fragments built by this tag
 * contribute text, so a user's string can never become SQL, whatever it contains. The same query
 * runs on `pg` and on PGlite.
 */

export type SqlValue = string | number | boolean | null | readonly string[];

const fragmentBrand: unique symbol = Symbol('SqlQuery');

export class SqlQuery {
  readonly [fragmentBrand] = true;
  /** `chunks.length === values.length + 1`; the text is the chunks joined by placeholders. */
  constructor(
    readonly chunks: readonly string[],
    readonly values: readonly SqlValue[],
  ) {}

  get text(): string {
    let text = this.chunks[0] ?? '';
    for (let index = 1; index < this.chunks.length; index += 1) text += `$${index}${this.chunks[index] ?? ''}`;
    return text;
  }
}

function checkValue(value: SqlValue, index: number): SqlValue {
  if (value === undefined) throw new TypeError(`sql: value ${index} is undefined`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('sql: cannot bind a non-finite number');
  return value;
}

function build(strings: readonly string[], parts: readonly (SqlValue | SqlQuery)[]): SqlQuery {
  const chunks: string[] = [strings[0] ?? ''];
  const values: SqlValue[] = [];
  parts.forEach((part, index) => {
    const after = strings[index + 1] ?? '';
    if (part instanceof SqlQuery) {
      // Splice the fragment in: its first chunk joins our current one, its last one takes `after`.
      chunks[chunks.length - 1] += part.chunks[0] ?? '';
      for (let i = 1; i < part.chunks.length; i += 1) chunks.push(part.chunks[i] ?? '');
      values.push(...part.values);
      chunks[chunks.length - 1] += after;
    } else {
      values.push(checkValue(part, index));
      chunks.push(after);
    }
  });
  return new SqlQuery(chunks, values);
}

interface SqlTag {
  (strings: TemplateStringsArray, ...values: (SqlValue | SqlQuery)[]): SqlQuery;
  /** Static SQL text (identifiers, keywords) chosen by the program, never by input. */
  raw(text: string): SqlQuery;
  join(parts: readonly (SqlValue | SqlQuery)[], separator?: string): SqlQuery;
  /** A JSON value bound as text; cast it in SQL (`${sql.json(rows)}::jsonb`). */
  json(value: unknown): string;
}

export const sql: SqlTag = Object.assign(
  (strings: TemplateStringsArray, ...values: (SqlValue | SqlQuery)[]) => build(strings, values),
  {
    raw: (text: string) => new SqlQuery([text], []),
    join(parts: readonly (SqlValue | SqlQuery)[], separator = ', '): SqlQuery {
      const strings = parts.map((_, index) => (index === 0 ? '' : separator));
      strings.push('');
      return build(strings, parts);
    },
    json: (value: unknown) => JSON.stringify(value),
  },
);
