import { describe, expect, it } from 'vitest';
import { sql } from './sql';

describe('sql', () => {
  it('binds values as numbered placeholders, never as text', () => {
    const name = "x'; DROP TABLE users; --";
    const query = sql`SELECT * FROM users WHERE name = ${name} AND id > ${3}`;
    expect(query.text).toBe('SELECT * FROM users WHERE name = $1 AND id > $2');
    expect(query.values).toEqual([name, 3]);
  });

  it('renumbers the placeholders of nested fragments', () => {
    const condition = sql`a = ${1} AND b = ${'two'}`;
    const query = sql`SELECT ${'x'} WHERE ${condition} AND c = ${true}${sql``}`;
    expect(query.text).toBe('SELECT $1 WHERE a = $2 AND b = $3 AND c = $4');
    expect(query.values).toEqual(['x', 1, 'two', true]);
    expect(sql.join([sql`${1}`, 2, sql.raw('DEFAULT')]).text).toBe('$1, $2, DEFAULT');
  });

  it('binds what PostgreSQL takes: a boolean as is, a text array as a copy, no conditions as TRUE', () => {
    const labels: readonly string[] = ['a', 'b'];
    const query = sql`UPDATE t SET done = ${true}, labels = ${labels} WHERE ${sql.and([])}`;
    expect(query.text).toBe('UPDATE t SET done = $1, labels = $2 WHERE TRUE');
    expect(query.params).toEqual([true, ['a', 'b']]);
    expect(query.params[1]).not.toBe(labels);
  });

  it('refuses values that would bind wrongly', () => {
    expect(() => sql`SELECT ${Number.NaN}`).toThrow(/non-finite/);
    expect(() => sql`SELECT ${undefined as unknown as string}`).toThrow(/undefined/);
  });
});
