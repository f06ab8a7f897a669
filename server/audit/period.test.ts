import { describe, expect, it } from 'vitest';
import { parsePeriod } from './period';

const iso = (period: { from: number; to: number }) => [
  new Date(period.from).toISOString(),
  new Date(period.to).toISOString(),
];

describe('parsePeriod', () => {
  it('reads dates as whole days in the time zone, the last day included', () => {
    expect(iso(parsePeriod('2026-01-01', '2026-01-31', 'UTC'))).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
    ]);
    expect(iso(parsePeriod('2026-01-01', '2026-01-31', 'Europe/Rome'))).toEqual([
      '2025-12-31T23:00:00.000Z',
      '2026-01-31T23:00:00.000Z',
    ]);
  });

  it('keeps local midnights across a daylight-saving change (a 23-hour day)', () => {
    expect(iso(parsePeriod('2026-03-29', '2026-03-29', 'Europe/Rome'))).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
  });

  it('takes ISO date-times with a zone as they are, the end excluded', () => {
    expect(iso(parsePeriod('2026-01-31T18:00:00+01:00', '2026-01-31T19:30Z', 'Europe/Rome'))).toEqual([
      '2026-01-31T17:00:00.000Z',
      '2026-01-31T19:30:00.000Z',
    ]);
  });

  it.each([
    ['2026-1-5', '2026-01-31', /query\.from: must be a date/],
    ['2026-01-31T18:00', '2026-02-01', /query\.from: must be a date/],
    ['2026-04-31', '2026-05-01', /query\.from: 2026-04-31 is not a calendar date/],
    ['2026-02-01', '2026-01-31', /query\.to: must be after query\.from/],
    ['2000-01-01', '2026-01-31', /at most ten years/],
  ])('refuses from=%s to=%s', (from, to, message) => {
    expect(() => parsePeriod(from, to, 'UTC')).toThrow(message);
  });
});
