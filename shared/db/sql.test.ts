import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqlFragment, sqlTag, type SqlDialect } from './sql';

type Value = string | number | boolean | null;

/** A dialect that shows what it does: `:n` placeholders, booleans bound as 'T'/'F'. */
const test: SqlDialect<Value, string | number | null> = {
  placeholder: (n) => `:${n}`,
  bind: (value) => (typeof value === 'boolean' ? (value ? 'T' : 'F') : value),
  always: 'ALWAYS',
};

class TestFragment extends SqlFragment<Value, string | number | null> {
  protected override get dialect(): SqlDialect<Value, string | number | null> {
    return test;
  }
}

const sql = sqlTag(test, (chunks, values) => new TestFragment(chunks, values));

/** What a template holds, in order: static text, values, nested templates. */
type Piece = { text: string } | { value: Value } | { nested: Piece[] };

/** The template string array of `pieces` and what goes between its strings (as the tag gets them). */
function toTemplate(pieces: readonly Piece[]): { strings: string[]; parts: (Value | TestFragment)[] } {
  const strings = [''];
  const parts: (Value | TestFragment)[] = [];
  for (const piece of pieces) {
    if ('text' in piece) strings[strings.length - 1] += piece.text;
    else {
      parts.push('value' in piece ? piece.value : build(piece.nested));
      strings.push('');
    }
  }
  return { strings, parts };
}

function build(pieces: readonly Piece[]): TestFragment {
  const { strings, parts } = toTemplate(pieces);
  return sql(Object.assign([...strings], { raw: strings }), ...parts);
}

/** The oracle: every value in order, and the text with the n-th value's placeholder in its place. */
function flatten(pieces: readonly Piece[], into = { text: '', values: [] as Value[] }) {
  for (const piece of pieces) {
    if ('text' in piece) into.text += piece.text;
    else if ('value' in piece) {
      into.values.push(piece.value);
      into.text += `:${into.values.length}`;
    } else flatten(piece.nested, into);
  }
  return into;
}

const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const { piece } = fc.letrec<{ piece: Piece; pieces: Piece[] }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ text: fc.string() }),
    fc.record({ value }),
    fc.record({ nested: tie('pieces') }),
  ),
  pieces: fc.array(tie('piece'), { maxLength: 5 }),
}));

describe('the sql tag', () => {
  it('puts every value, however nested, behind a placeholder numbered in order, and never in the text', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const fragment = build(pieces);
        const expected = flatten(pieces);
        expect(fragment.text).toBe(expected.text);
        expect(fragment.values).toEqual(expected.values);
        expect(fragment.params).toEqual(expected.values.map((v) => test.bind(v)));
        expect(fragment.chunks).toHaveLength(fragment.values.length + 1);
      }),
    );
  });

  it('joins values and fragments with a separator fragment', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), (values) => {
        const joined = sql.join(values);
        expect(joined.text).toBe(values.map((_, index) => `:${index + 1}`).join(', '));
        expect(joined.values).toEqual(values);
      }),
    );
    const either = sql.join([sql`a = ${1}`, sql`b = ${true}`], sql` OR `);
    expect(either.text).toBe('a = :1 OR b = :2');
    expect(either.params).toEqual([1, 'T']);
    expect(sql.join([]).text).toBe('');
  });

  it('chains conditions with AND, and keeps every row when there are none', () => {
    expect(sql.and([sql`a = ${1}`, sql`b = ${2}`]).text).toBe('(a = :1) AND (b = :2)');
    expect(sql.and([]).text).toBe('ALWAYS');
  });

  it('takes static text only from fragments, raw text and the template itself', () => {
    const fake = { chunks: ['1; DROP TABLE t'], values: [], text: '1; DROP TABLE t' } as unknown as string;
    expect(sql`SELECT ${fake}`.text).toBe('SELECT :1');
    expect(sql`SELECT ${sql.raw('DEFAULT')}, ${sql.empty}${'x'}`.text).toBe('SELECT DEFAULT, :1');
    expect(sql.json({ a: [1] })).toBe('{"a":[1]}');
  });

  it('refuses values that would bind wrongly, and text that does not match its values', () => {
    expect(() => sql`SELECT ${Number.POSITIVE_INFINITY}`).toThrow(/non-finite/);
    expect(() => sql`SELECT ${Number.NaN}`).toThrow(/non-finite/);
    expect(() => sql`SELECT ${undefined as unknown as string}`).toThrow(/value 0 is undefined/);
    expect(() => new TestFragment('a = ?', [1])).toThrow(/chunks/);
    expect(new TestFragment('SELECT 1', []).text).toBe('SELECT 1');
  });
});
