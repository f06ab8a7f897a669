import type { Platform } from '../../../../shared/domain/entities';

/** Short platform marks for dense rows; the full name is the accessible label. */
export const platformMark: Record<Platform, string> = {
  facebook: 'FB',
  instagram: 'IG',
  google: 'G',
  youtube: 'YT',
  x: 'X',
  linkedin: 'in',
};

/**
 * Intl formatters are costly to build (a fraction of a millisecond each): one per language and
 * style, kept for the session, so moving through the queue builds none.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();

export function dateTimeFormat(language: string, style: 'short' | 'medium'): Intl.DateTimeFormat {
  const key = `dt:${language}:${style}`;
  let format = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: style, timeStyle: 'short' });
    formatters.set(key, format);
  }
  return format;
}

export function numberFormat(language: string): Intl.NumberFormat {
  const key = `nf:${language}`;
  let format = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(language);
    formatters.set(key, format);
  }
  return format;
}

function relativeFormat(language: string): Intl.RelativeTimeFormat {
  const key = `rt:${language}`;
  let format = formatters.get(key) as Intl.RelativeTimeFormat | undefined;
  if (!format) {
    format = new Intl.RelativeTimeFormat(language, { numeric: 'always', style: 'narrow' });
    formatters.set(key, format);
  }
  return format;
}

/**
 * Builds the formatters the first screen uses. The first Intl formatter of a page loads the
 * language's data (about 40 ms for a number format here); the app does it while it waits for the
 * first screen's answers, not inside the first render.
 */
export function warmFormatters(language: string): void {
  numberFormat(language);
  relativeFormat(language);
  dateTimeFormat(language, 'short');
  dateTimeFormat(language, 'medium');
}

/** "3 min", "2 h", "4 d" in the UI language, from a duration in ms (negative = in the past). */
export function relativeTime(deltaMs: number, language: string): string {
  const format = relativeFormat(language);
  const minutes = Math.round(deltaMs / 60_000);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}

export function sentimentClass(sentiment: number): 'negative' | 'neutral' | 'positive' {
  if (sentiment < -0.25) return 'negative';
  if (sentiment > 0.25) return 'positive';
  return 'neutral';
}
