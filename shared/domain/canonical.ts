/**
 * The canonical forms a text is matched and hashed on, so that a disguised word ("do\u200Bse",
 * "Ｃａｒｄｉｏｌｅｘ", "Саrdiolex" with Cyrillic С and а, "50\u00A0mg") is the word it shows.
 * Every form starts the same way: compatibility normalization (NFKC: width variants, ligatures,
 * mathematical letters), default-ignorable code points removed (zero-width spaces and joiners,
 * soft hyphens, word joiners, bidi controls, tag characters), every kind of space one space, and
 * look-alike characters folded to their prototype with the Unicode TS #39 confusables data
 * (`unhomoglyph`, confusables.txt as a table). Then:
 *
 * - `foldForMatch` (keywords and product names): also lowercase, without accents, and "i"/"l"
 *   merged. TS #39 puts capital I with small l and small i apart; matching ignores case, so a look-
 *   alike of I (Cyrillic І, Greek Ι) is caught whether it stands for I or for l.
 * - `foldForPattern` (the policy's regular expressions): case and accents kept, the patterns
 *   carry their own flags.
 * - `replySkeleton` (the approval hash, hash.ts): the TS #39 skeleton itself, case kept.
 *
 * ASCII characters are never rewritten in the matching forms (TS #39 maps "0" to "O", "1" and
 * "|" to "l", "m" to "rn"): patterns are written against real text ("\d+ ?mg" must still see the
 * digits) and "|" must stay a word boundary. Where a look-alike's prototype is what TS #39 gives
 * for an ASCII character ("rn" for "m"), the look-alike reads as that character.
 *
 * Offsets: each form keeps segments back to the original text, so a match highlights exactly what
 * the user wrote (sensitivity.ts).
 */
// The package's function, not its data.json: a JSON module needs an import attribute that the
// server's build (esbuild, packages left as imports) drops.
import unhomoglyph from 'unhomoglyph';

/** TS #39 prototype of one character, when it has another. */
function tableLookup(character: string): string | undefined {
  const prototype = unhomoglyph(character);
  return prototype === character ? undefined : prototype;
}

/** "rn" → "m": prototypes TS #39 gives to an ASCII character, read back as that character. */
const ASCII_OF_PROTOTYPE: ReadonlyMap<string, string> = new Map(
  Array.from({ length: 0x5f }, (_, offset) => String.fromCharCode(0x20 + offset)).flatMap((source) => {
    const prototype = tableLookup(source);
    return prototype !== undefined && prototype.length > 1 ? [[prototype, source] as const] : [];
  }),
);

/** Apostrophes people and keyboards use; all compare equal to "'". */
const APOSTROPHES = new Set(['\u2018', '\u2019', '\u02BC', '\u00B4', '\u2032', '\uFF07']);
const COMBINING_MARKS = /\p{M}/gu;
const COMBINING_MARK = /^\p{M}$/u;
const IGNORABLES = /\p{Default_Ignorable_Code_Point}/gu;
const ANY_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const SPACE = /^\s$/u;
const SPACES = /\s+/gu;

/**
 * Where invisible characters are part of what is shown: emoji ZWJ sequences (👩‍⚕️), presentation
 * selectors, keycaps (1️⃣) and subdivision flags (🏴 + tags). Anywhere else they are hidden.
 */
const PICTOGRAPH = '\\p{Extended_Pictographic}(?:\\p{Emoji_Modifier}|[\\uFE0E\\uFE0F])?';
const EMOJI_SEQUENCE = [
  '\\u{1F3F4}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,6}\\u{E007F}',
  '[#*0-9]\\uFE0F?\\u20E3',
  `${PICTOGRAPH}(?:\\u200D${PICTOGRAPH})*`,
].join('|');
const HIDDEN_OR_EMOJI = new RegExp(`(${EMOJI_SEQUENCE})|\\p{Default_Ignorable_Code_Point}`, 'gu');

/** Whether the text holds an invisible format character outside an emoji sequence. */
export function hasHiddenCharacters(text: string): boolean {
  if (!ANY_IGNORABLE.test(text)) return false;
  for (const found of text.matchAll(HIDDEN_OR_EMOJI)) if (found[1] === undefined) return true;
  return false;
}

/** The text without its hidden characters (emoji sequences are kept whole). */
export function stripHiddenCharacters(text: string): string {
  if (!ANY_IGNORABLE.test(text)) return text;
  return text.replace(HIDDEN_OR_EMOJI, (_all, emoji: string | undefined) => emoji ?? '');
}

/**
 * Scripts told apart when looking for mixed writing. Chinese, Japanese and Korean writing mix
 * their own scripts, so those count as one; every script not listed counts as "other".
 */
const SCRIPT_CLASSES: readonly (readonly [string, RegExp])[] = [
  ['latin', /\p{Script=Latin}/u],
  ['greek', /\p{Script=Greek}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['armenian', /\p{Script=Armenian}/u],
  ['cherokee', /\p{Script=Cherokee}/u],
  ['cjk', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u],
];
const SCRIPT_NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;
const LETTERS_AND_NUMBERS = /[\p{L}\p{N}]/gu;
const NOT_ASCII = /[\u0080-\u{10FFFF}]/u;

/**
 * Whether the text's letters and numbers come from more than one script (Latin with Cyrillic,
 * Greek, Han…): what look-alike disguises ("Саrdiolex", "50 мг") leave behind. Digits and symbols
 * shared by all scripts do not count. Checked on the whole text, not word by word: "50 мг" is a
 * Cyrillic word next to Latin ones.
 */
export function hasMixedScripts(text: string): boolean {
  if (!NOT_ASCII.test(text)) return false;
  const seen = new Set<string>();
  for (const [character] of text.normalize('NFKC').matchAll(LETTERS_AND_NUMBERS)) {
    if (character < '\u0080') {
      if (character > '9') seen.add('latin');
    } else if (!SCRIPT_NEUTRAL.test(character)) {
      seen.add(SCRIPT_CLASSES.find(([, script]) => script.test(character))?.[0] ?? 'other');
    }
    if (seen.size > 1) return true;
  }
  return false;
}

/** Lowercase, without accents. NFKD again after lowercasing: "İ" lowercases into "i" plus a mark. */
function withoutMarks(text: string): string {
  return text.normalize('NFKD').toLowerCase().normalize('NFKD').replace(COMBINING_MARKS, '');
}

function prototypeOf(character: string): string | undefined {
  const prototype = tableLookup(character);
  return prototype === undefined ? undefined : (ASCII_OF_PROTOTYPE.get(prototype) ?? prototype);
}

/** One unit (a character and its combining marks) as keywords are matched. */
function foldForMatch(unit: string): string {
  if (APOSTROPHES.has(unit)) return "'";
  let folded = '';
  for (const character of unit.normalize('NFKD')) {
    if (character < '\u0080') folded += character.toLowerCase();
    else if (COMBINING_MARK.test(character) || ANY_IGNORABLE.test(character)) continue;
    else if (SPACE.test(character)) folded += ' ';
    else if (APOSTROPHES.has(character)) folded += "'";
    else {
      // The letter's own prototype: the lowercase one can be another ("Н" → "H", "н" → "ʜ").
      folded += withoutMarks(prototypeOf(character) ?? prototypeOf(character.toLowerCase()) ?? character);
    }
  }
  return folded.replaceAll('i', 'l');
}

function foldAsciiForMatch(run: string): string {
  return run.toLowerCase().replaceAll('i', 'l');
}

/** One unit as the policy's patterns see it: like `foldForMatch`, but case and accents kept. */
function foldForPattern(unit: string): string {
  let folded = '';
  for (const character of unit.normalize('NFKC')) {
    if (character < '\u0080') folded += character;
    else if (ANY_IGNORABLE.test(character)) continue;
    else if (SPACE.test(character)) folded += ' ';
    else folded += prototypeOf(character) ?? character;
  }
  return folded.normalize('NFC');
}

/**
 * The TS #39 skeleton of the canonical text, which the approval hash covers: texts that look the
 * same have the same skeleton ("Саrdiolex" and "Cardiolex", "5\u200B0\u00A0mg" and "50 mg").
 */
export function replySkeleton(text: string): string {
  const prepared = text.normalize('NFKC').replace(IGNORABLES, '').replace(SPACES, ' ').normalize('NFD');
  return unhomoglyph(prepared).normalize('NFD');
}

/**
 * A stretch of a folded text and where it came from. Linear stretches map unit for unit (ASCII
 * runs, "è" → "e"); the others (astral characters, expansions like "ﬁ", collapsed spaces) map as
 * a whole.
 */
interface FoldedSegment {
  readonly folded: number;
  readonly original: number;
  length: number;
  readonly linear: boolean;
  originalWidth: number;
}

export interface FoldedText {
  readonly text: string;
  readonly segments: readonly FoldedSegment[];
}

function appendLinear(segments: FoldedSegment[], original: number, folded: number, length: number): void {
  const last = segments[segments.length - 1];
  if (last?.linear && last.original + last.length === original && last.folded + last.length === folded) {
    last.length += length;
  } else {
    segments.push({ folded, original, length, linear: true, originalWidth: length });
  }
}

/** Widens the space that ends the folded text over more original text (up to `end`). */
function extendLastSpace(segments: FoldedSegment[], foldedLength: number, end: number): void {
  const last = segments[segments.length - 1];
  if (last === undefined) return;
  if (!last.linear) {
    last.originalWidth = end - last.original;
    return;
  }
  const spaceAt = last.original + last.length - 1;
  last.length -= 1;
  if (last.length === 0) segments.pop();
  segments.push({
    folded: foldedLength - 1,
    original: spaceAt,
    length: 1,
    linear: false,
    originalWidth: end - spaceAt,
  });
}

function isMarkAt(text: string, index: number): boolean {
  const code = text.codePointAt(index) ?? 0;
  return code >= 0x300 && COMBINING_MARK.test(String.fromCodePoint(code));
}

type UnitFold = (unit: string) => string;

/** Folds memoized per unit: a queue of texts repeats the same few accented letters. */
function memoized(fold: UnitFold): UnitFold {
  const cache = new Map<string, string>();
  return (unit) => {
    let folded = cache.get(unit);
    if (folded === undefined) {
      // U+FEFF counts as \s in JavaScript, but it is a hidden character, not a space.
      folded = SPACE.test(unit) && !ANY_IGNORABLE.test(unit) ? ' ' : fold(unit);
      if (cache.size < 20_000) cache.set(unit, folded);
    }
    return folded;
  };
}

/** Not printable ASCII with single spaces, which every form maps unit for unit (most social text). */
const NOT_PLAIN = /[^\x20-\x7E]| {2}/;

function buildForm(text: string, foldUnit: UnitFold, foldAscii: (run: string) => string): FoldedText {
  if (!NOT_PLAIN.test(text)) {
    const whole = { folded: 0, original: 0, length: text.length, linear: true, originalWidth: text.length };
    return { text: foldAscii(text), segments: text === '' ? [] : [whole] };
  }
  const parts: string[] = [];
  const segments: FoldedSegment[] = [];
  let foldedLength = 0;
  let index = 0;
  let endsWithSpace = false;
  while (index < text.length) {
    // ASCII runs in one go: most social text is ASCII, and per-character work dominates the cost.
    // A run stops before a second space, other whitespace, and a letter carrying combining marks.
    let runEnd = index;
    let space: boolean = endsWithSpace;
    while (runEnd < text.length) {
      const code = text.charCodeAt(runEnd);
      if (code >= 0x80 || (code >= 9 && code <= 13) || (code === 32 && space)) break;
      if (text.charCodeAt(runEnd + 1) >= 0x300 && isMarkAt(text, runEnd + 1)) break;
      space = code === 32;
      runEnd += 1;
    }
    if (runEnd > index) {
      parts.push(foldAscii(text.slice(index, runEnd)));
      appendLinear(segments, index, foldedLength, runEnd - index);
      foldedLength += runEnd - index;
      endsWithSpace = space;
      index = runEnd;
      continue;
    }
    // One unit: a character and the combining marks after it.
    let end = index + ((text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1);
    while (end < text.length && isMarkAt(text, end)) end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
    const unit = text.slice(index, end);
    const folded = foldUnit(unit);
    if (folded === ' ' && endsWithSpace) {
      extendLastSpace(segments, foldedLength, end);
    } else if (folded.length > 0) {
      if (folded.length === 1 && unit.length === 1) appendLinear(segments, index, foldedLength, 1);
      else {
        segments.push({
          folded: foldedLength,
          original: index,
          length: folded.length,
          linear: false,
          originalWidth: unit.length,
        });
      }
      parts.push(folded);
      foldedLength += folded.length;
      endsWithSpace = folded.endsWith(' ');
    }
    index = end;
  }
  return { text: parts.join(''), segments };
}

const matchUnit = memoized(foldForMatch);
const patternUnit = memoized(foldForPattern);

const DIGITS = /[0-9]/g;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const LETTER = /\p{L}/u;
/** Digits written for the letters they look like ("i" is already "l" in this form). */
const LETTER_OF_DIGIT: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
};
/** A number, not inside a word, that may carry the letter O for a zero ("5O mg", "1OO"). */
const NUMBER_WITH_OS = /(?<![\p{L}\p{N}])[0-9][0-9oO]*/gu;

function isWordCharacter(character: string): boolean {
  return (
    (character >= 'a' && character <= 'z') ||
    (character >= '0' && character <= '9') ||
    (character >= 'A' && character <= 'Z') ||
    (character > '\x7f' && WORD_CHARACTER.test(character))
  );
}

/**
 * ASCII look-alikes, one character for one (offsets stay put): inside a word that mixes letters
 * and digits, a digit reads as its letter, so "d0se" is "dose". Keywords are folded the same way,
 * so a product named "B12" still matches "b12". Scans from each digit: most text has few.
 */
function foldDigitsInWords(text: string): string {
  DIGITS.lastIndex = 0;
  let folded = '';
  let done = 0;
  for (let found = DIGITS.exec(text); found !== null; found = DIGITS.exec(text)) {
    let start = found.index;
    while (start > done && isWordCharacter(text.charAt(start - 1))) start -= 1;
    let end = found.index + 1;
    while (end < text.length && isWordCharacter(text.charAt(end))) end += 1;
    DIGITS.lastIndex = end;
    const word = text.slice(start, end);
    if (!LETTER.test(word)) continue;
    folded += text.slice(done, start) + word.replace(/[013457]/g, (digit) => LETTER_OF_DIGIT[digit] ?? digit);
    done = end;
  }
  return done === 0 ? text : folded + text.slice(done);
}

/** The letter O inside a number that starts with a digit reads as a zero, for the patterns ("5O mg" is "50 mg"). */
function foldOsInNumbers(text: string): string {
  return /[0-9][oO]/.test(text) ? text.replace(NUMBER_WITH_OS, (number) => number.replace(/[oO]/g, '0')) : text;
}

/**
 * The form keywords and product names are matched on (lowercase, no accents, look-alikes folded,
 * digits inside words read as letters).
 */
export function foldText(text: string): FoldedText {
  const form = buildForm(text, matchUnit, foldAsciiForMatch);
  return { ...form, text: foldDigitsInWords(form.text) };
}

/** The form the policy's patterns run on (case and accents kept, look-alikes folded, "5O" read as "50"). */
export function patternText(text: string): FoldedText {
  const form = buildForm(text, patternUnit, (run) => run);
  return { ...form, text: foldOsInNumbers(form.text) };
}

/** The segment holding folded unit `unit` (segments are sorted and cover every folded unit). */
function segmentAt(segments: readonly FoldedSegment[], unit: number): FoldedSegment | undefined {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((segments[middle]?.folded ?? Infinity) <= unit) low = middle;
    else high = middle - 1;
  }
  return segments[low];
}

/** A range of a folded form, as UTF-16 offsets into the original text (end exclusive). */
export function toOriginalRange(original: string, folded: FoldedText, start: number, end: number): [number, number] {
  const first = segmentAt(folded.segments, start);
  const last = segmentAt(folded.segments, end - 1);
  if (first === undefined || last === undefined) return [0, 0];
  const originalStart = first.linear ? first.original + (start - first.folded) : first.original;
  let originalEnd = last.linear ? last.original + (end - 1 - last.folded) + 1 : last.original + last.originalWidth;
  // Combining marks after the last letter belong to it ("perche" + U+0301): highlight them too.
  while (originalEnd < original.length && COMBINING_MARK.test(original.charAt(originalEnd))) originalEnd += 1;
  return [originalStart, originalEnd];
}
