/**
 * Personal data a moderator may be about to publish: phone numbers, e-mail addresses and health
 * details. A heuristic for a warning, not a gate: a false alarm costs a glance, a miss may expose
 * a patient, so it leans towards finding too much. Offsets point into the original text.
 */

export type PersonalDataKind = 'phone' | 'email' | 'health';

export interface PersonalDataMatch {
  readonly kind: PersonalDataKind;
  /** The text found (shown to the moderator in the warning; never logged). */
  readonly text: string;
  /** UTF-16 offsets into the original text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/**
 * A run of digits with the separators people write inside phone numbers (spaces, dots, dashes,
 * slashes, parentheses), optionally after "+" or "00". Which runs are phone numbers is decided
 * by `isPhoneNumber`.
 */
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}+])(?:\+|00)?\(?\d[\d\s().\-/]{4,24}\d(?![\p{L}\p{N}])/gu;
/** Dates like 03/12/2024 or 3.12.24 look like short numbers; they are not phone numbers. */
const DATE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/;

function isPhoneNumber(candidate: string): boolean {
  if (/\s{2,}|\n/.test(candidate) || DATE.test(candidate)) return false;
  const digits = candidate.replace(/\D/g, '');
  // International: "+" or "00" and a country code; E.164 numbers have at most 15 digits.
  if (candidate.startsWith('+')) return digits.length >= 8 && digits.length <= 15;
  if (candidate.startsWith('00')) return digits.length >= 10 && digits.length <= 17;
  // Italian mobile numbers: 3xx and 9–10 digits in all ("333 1234567").
  if (digits.startsWith('3')) return digits.length >= 9 && digits.length <= 10;
  // Italian landlines: 0 + area code, 8–11 digits in all ("02 1234567", "06-12345678").
  if (digits.startsWith('0')) return digits.length >= 8 && digits.length <= 11;
  return false;
}

/**
 * Words in Italian and English that reveal a person's health (GDPR special category). A stem
 * matches at the start of a word with any ending ("ricover" finds ricovero, ricoverata); a word
 * matches whole ("hiv" but not "hive"). Words every pharma conversation uses ("farmaco",
 * "medicine", "effetti collaterali" — the sensitivity policy covers those) are left out: they say
 * nothing about a person.
 */
export const healthStems: readonly string[] = [
  // Italian
  'diagnos',
  'terapi',
  'chemioterapi',
  'ricover',
  'patologi',
  'allerg',
  'malatti',
  'sintom',
  'ricetta medica',
  'cartella clinica',
  'esami del sangue',
  'gravidanz',
  'tumor',
  'diabet',
  'depression',
  'sieropositiv',
  'intervento chirurgic',
  // English
  'therap',
  'chemo',
  'hospitali',
  'patholog',
  'disease',
  'illness',
  'symptom',
  'prescri',
  'medical record',
  'blood test',
  'pregnan',
  'tumour',
  'cancer',
  'surger',
];
export const healthWords: readonly string[] = ['incinta', 'cancro', 'hiv', 'aids'];

const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const alternatives = (terms: readonly string[]) =>
  [...terms]
    .sort((a, b) => b.length - a.length)
    .map((term) => escape(term).replace(/ /g, '\\s+'))
    .join('|');
const HEALTH = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:${alternatives(healthStems)})\\p{L}*|(?:${alternatives(healthWords)})(?![\\p{L}\\p{N}]))`,
  'giu',
);

function collect(text: string, kind: PersonalDataKind, pattern: RegExp, accept: (found: string) => boolean) {
  const matches: PersonalDataMatch[] = [];
  for (const found of text.matchAll(pattern)) {
    const value = found[0];
    if (!accept(value)) continue;
    matches.push({ kind, text: value, start: found.index, end: found.index + value.length });
  }
  return matches;
}

/** Everything found, in text order. An e-mail's digits are never reported again as a phone. */
export function findPersonalData(text: string): PersonalDataMatch[] {
  const emails = collect(text, 'email', EMAIL, () => true);
  const insideEmail = (match: PersonalDataMatch) =>
    emails.some((email) => match.start < email.end && match.end > email.start);
  const phones = collect(text, 'phone', PHONE_CANDIDATE, isPhoneNumber).filter((phone) => !insideEmail(phone));
  const health = collect(text, 'health', HEALTH, () => true);
  return [...emails, ...phones, ...health].sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The distinct texts found per kind, for the warning ("phone number: 333 1234567"). */
export function summarizePersonalData(matches: readonly PersonalDataMatch[]): Map<PersonalDataKind, string[]> {
  const summary = new Map<PersonalDataKind, string[]>();
  for (const match of matches) {
    const texts = summary.get(match.kind) ?? [];
    if (!texts.some((text) => text.toLowerCase() === match.text.toLowerCase())) texts.push(match.text);
    summary.set(match.kind, texts);
  }
  return summary;
}
