/**
 * The `sql` tagged template of both databases: SQL text and its bound values, kept apart.
 *
 * A fragment is its static text in chunks and the values between them
 * (`chunks.length === values.length + 1`). Interpolated values always become placeholders; only
 * other fragments (built by a tag, or `raw` text chosen by the program) contribute text, so a
 * user's string can never become SQL, whatever it contains. Fragments nest: the inner one's chunks
 * and values are spliced in. The text is written for a dialect only when it is read: `$1, $2 …`
 * on PostgreSQL (server/db/sql.ts), `?` on SQLite (electron/core/replica/sql.ts).
 */

/** What tells one database's SQL from the other's. */
export interface SqlDialect<V, B> {
  /** The text of the n-th placeholder (from 1). */
  placeholder(n: number): string;
  /** The value as the driver takes it. */
  bind(value: V): B;
  /** A condition that keeps every row (`sql.and([])`). */
  readonly always: string;
}

const fragmentBrand: unique symbol = Symbol('SqlFragment');

/** A piece of SQL; each database has its subclass, which names its dialect. */
export abstract class SqlFragment<V, B> {
  readonly [fragmentBrand] = true;
  readonly chunks: readonly string[];
  readonly values: readonly V[];
  #text: string | undefined;
  #params: readonly B[] | undefined;

  /** `chunks` as one string: static text with no values. */
  constructor(chunks: string | readonly string[], values: readonly V[]) {
    this.chunks = typeof chunks === 'string' ? [chunks] : chunks;
    if (this.chunks.length !== values.length + 1) {
      throw new TypeError(`sql: ${this.chunks.length} chunks of text for ${values.length} values`);
    }
    this.values = values;
  }

  protected abstract get dialect(): SqlDialect<V, B>;

  /** The SQL text, with the dialect's placeholders. */
  get text(): string {
    if (this.#text === undefined) {
      const { dialect } = this;
      let text = this.chunks[0] ?? '';
      for (let index = 1; index < this.chunks.length; index += 1) {
        text += dialect.placeholder(index) + (this.chunks[index] ?? '');
      }
      this.#text = text;
    }
    return this.#text;
  }

  /** The values as the driver binds them, in placeholder order. */
  get params(): readonly B[] {
    if (this.#params === undefined) {
      const { dialect } = this;
      this.#params = this.values.map((value) => dialect.bind(value));
    }
    return this.#params;
  }
}

function checkValue<V>(value: V, index: number): V {
  // A missing value is a bug in the caller; binding it as NULL would hide it.
  if (value === undefined) throw new TypeError(`sql: value ${index} is undefined`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('sql: cannot bind a non-finite number');
  return value;
}

export interface SqlTag<V, F extends SqlFragment<V, unknown>> {
  (strings: TemplateStringsArray, ...values: (V | F)[]): F;
  /** Static SQL text (identifiers, keywords) chosen by the program, never by input. */
  raw(text: string): F;
  /** `a, b, c` (or any separator fragment): IN lists, column lists, AND/OR chains. */
  join(parts: readonly (V | F)[], separator?: F): F;
  /** `(c1) AND (c2) …`, or the dialect's "always" when there are no conditions (a WHERE that keeps every row). */
  and(conditions: readonly F[]): F;
  readonly empty: F;
  /** A JSON value bound as text; cast it in SQL (`${sql.json(rows)}::jsonb` on PostgreSQL). */
  json(value: unknown): string;
}

/** The tag of one dialect; `make` builds that dialect's fragments. */
export function sqlTag<V, B, F extends SqlFragment<V, B>>(
  dialect: SqlDialect<V, B>,
  make: (chunks: readonly string[], values: readonly V[]) => F,
): SqlTag<V, F> {
  const build = (strings: readonly string[], parts: readonly (V | F)[]): F => {
    const chunks: string[] = [strings[0] ?? ''];
    const values: V[] = [];
    let last = 0;
    for (let index = 0; index < parts.length; index += 1) {
      const part = parts[index] as V | F;
      const after = strings[index + 1] ?? '';
      if (part instanceof SqlFragment) {
        // Splice the fragment in: its first chunk joins our current one, its last one takes `after`.
        const inner = part as F;
        const count = inner.values.length;
        chunks[last] += inner.chunks[0] ?? '';
        for (let i = 0; i < count; i += 1) {
          values.push(inner.values[i] as V);
          chunks.push(inner.chunks[i + 1] ?? '');
        }
        last += count;
        chunks[last] += after;
      } else {
        values.push(checkValue(part, index));
        chunks.push(after);
        last += 1;
      }
    }
    return make(chunks, values);
  };
  const raw = (text: string): F => make([text], []);
  const comma = raw(', ');
  const andWord = raw(' AND ');
  const join = (parts: readonly (V | F)[], separator: F = comma): F => {
    const spliced: (V | F)[] = [];
    parts.forEach((part, index) => {
      if (index > 0) spliced.push(separator);
      spliced.push(part);
    });
    return build(new Array<string>(spliced.length + 1).fill(''), spliced);
  };
  const and = (conditions: readonly F[]): F => {
    if (conditions.length === 0) return raw(dialect.always);
    return join(
      conditions.map((condition) => build(['(', ')'], [condition])),
      andWord,
    );
  };
  return Object.assign((strings: TemplateStringsArray, ...values: (V | F)[]) => build(strings, values), {
    raw,
    join,
    and,
    empty: raw(''),
    json: (value: unknown) => JSON.stringify(value),
  });
}
