import { describe, expect, it } from 'vitest';
import { sql } from './sql';

describe('sql tag', () => {
  it('turns every value into a placeholder and keeps it out of the text', () => {
    const hostile = "x'); DROP TABLE items; --";
    const query = sql`SELECT * FROM items WHERE id = ${hostile} AND priority > ${5}`;
    expect(query.text).toBe('SELECT * FROM items WHERE id = ? AND priority > ?');
    expect(query.params).toEqual([hostile, 5]);
    expect(query.text).not.toContain('DROP');
  });

  it('binds booleans as 0/1 and null as NULL', () => {
    const query = sql`UPDATE t SET a = ${true}, b = ${false}, c = ${null}`;
    expect(query.text).toBe('UPDATE t SET a = ?, b = ?, c = ?');
    expect(query.params).toEqual([1, 0, null]);
  });

  it('splices nested fragments with their values in order', () => {
    const inner = sql`status = ${'new'} AND client_pk = ${3}`;
    const query = sql`SELECT pk FROM items WHERE ${inner} AND priority >= ${50} LIMIT ${10}`;
    expect(query.text).toBe('SELECT pk FROM items WHERE status = ? AND client_pk = ? AND priority >= ? LIMIT ?');
    expect(query.params).toEqual(['new', 3, 50, 10]);
  });

  it('joins values for IN lists and fragments for dynamic conditions', () => {
    expect(sql`kind IN (${sql.join(['dm', 'review'])})`).toMatchObject({
      text: 'kind IN (?, ?)',
      params: ['dm', 'review'],
    });
    const where = sql.and([sql`a = ${1}`, sql`b IN (${sql.join([2, 3])})`]);
    expect(where.text).toBe('(a = ?) AND (b IN (?, ?))');
    expect(where.params).toEqual([1, 2, 3]);
    expect(sql.and([]).text).toBe('1');
    expect(sql.join([sql`x = ${1}`, sql`y = ${2}`], sql` OR `)).toMatchObject({
      text: 'x = ? OR y = ?',
      params: [1, 2],
    });
    expect(sql.join([]).text).toBe('');
    expect(sql`SELECT * FROM ${sql.raw('"items"')}${sql.empty}`.text).toBe('SELECT * FROM "items"');
  });

  it('refuses values that would hide a bug', () => {
    const missing = undefined as unknown as string;
    expect(() => sql`SELECT ${missing}`).toThrow(/undefined/);
    expect(() => sql`SELECT ${Number.NaN}`).toThrow(/non-finite/);
  });

  it('never lets a plain object pose as a fragment', () => {
    const fake = { text: '1; DROP TABLE items', params: [] } as unknown as string;
    const query = sql`SELECT ${fake}`;
    expect(query.text).toBe('SELECT ?');
  });
});
