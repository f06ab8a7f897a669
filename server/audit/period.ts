/**
 * An export's period from the query: `YYYY-MM-DD` dates (whole days in the chosen time zone,
 * `to` included) or ISO date-times with a zone (`to` excluded).
 */
import { z } from 'zod';
import { HttpError } from '../http/errors';

export const timeZone = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Rome or UTC');

const DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** How far `zone` is ahead of UTC at `at`, in milliseconds. */
function zoneOffset(at: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((entry) => entry.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/** Midnight starting the day `date` in `zone`, as epoch ms. */
function dayStart(year: number, month: number, day: number, zone: string): number {
  const utcMidnight = Date.UTC(year, month - 1, day);
  const guess = utcMidnight - zoneOffset(utcMidnight, zone);
  // Once more at the guess: the offset may differ there (a daylight-saving change that night).
  return utcMidnight - zoneOffset(guess, zone);
}

function parseBound(value: string, name: 'from' | 'to', zone: string): number {
  const date = DATE.exec(value);
  if (date !== null) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const start = dayStart(year, month, day, zone);
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      throw new HttpError(400, 'invalid_request', `query.${name}: ${value} is not a calendar date`);
    }
    // `to` names the last day included: the period ends when the next day starts.
    return name === 'to' ? dayStart(year, month, day + 1, zone) : start;
  }
  if (DATE_TIME.test(value)) {
    const at = Date.parse(value);
    if (Number.isFinite(at)) return at;
  }
  throw new HttpError(
    400,
    'invalid_request',
    `query.${name}: must be a date (2026-01-31) or a date-time with a zone (2026-01-31T18:00:00+01:00)`,
  );
}

export function parsePeriod(from: string, to: string, zone: string): { from: number; to: number } {
  const period = { from: parseBound(from, 'from', zone), to: parseBound(to, 'to', zone) };
  if (period.to <= period.from) throw new HttpError(400, 'invalid_request', 'query.to: must be after query.from');
  if (period.to - period.from > 3700 * DAY) {
    throw new HttpError(400, 'invalid_request', 'query.to: the period may span at most ten years');
  }
  return period;
}
