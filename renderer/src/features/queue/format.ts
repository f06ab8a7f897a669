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

/** "3 min", "2 h", "4 d" in the UI language, from a duration in ms (negative = in the past). */
export function relativeTime(deltaMs: number, language: string): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'always', style: 'narrow' });
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
