/**
 * Finds a client's sensitive topics and product names in a text (docs/domain.md: a reply is sensitive
 * when the policy matches the interaction or the reply). Matching is case- and accent-insensitive
 * and whole-word, because people write "PERCHE", "perchè" and "perché" for the same word and a
 * missed match means an unapproved publish. Offsets point into the ORIGINAL text so the renderer
 * can highlight exactly what was found.
 *
 * Keywords and patterns are matched on the canonical forms of canonical.ts, so disguised words
 * (invisible characters, width variants, look-alike letters, unusual spaces) match too.
 *
 * A policy is compiled once (`compileSensitivity`) into one regular expression per topic; the
 * queue checks thousands of texts against the same policy. Topics apply to every text whatever
 * its language: a missed match costs more than a false alarm.
 */
import type { Id, SensitivityPolicy } from './entities';
import { foldText, hasHiddenCharacters, hasMixedScripts, patternText, toOriginalRange } from './canonical';
import type { FoldedText } from './canonical';

export { foldText } from './canonical';

export interface SensitivityMatch {
  /** The topic's id, or 'product' for one of the policy's product names. */
  readonly topicId: Id | 'product';
  /** The policy entry that matched (keyword, product name or pattern source), never the text. */
  readonly term: string;
  /** UTF-16 offsets into the original text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface SensitivityMatcher {
  readonly match: (text: string) => SensitivityMatch[];
  /** Like `match(text).length > 0`, stopping at the first hit. */
  readonly test: (text: string) => boolean;
  /** Pattern sources that are not valid regular expressions (see `isReplySensitive`). */
  readonly invalidPatterns: readonly string[];
}

/** Between the words of a multi-word keyword: one or more whitespace characters or hyphens. */
const SEPARATOR_SOURCE = '[\\s\\-\\u2010-\\u2015]+';
const SEPARATORS = /[\s\-\u2010-\u2015]+/u;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** Only syntax characters: escaping anything else (like "-") is an error in unicode mode. */
const REGEXP_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/** The key two spellings of one keyword share: folded words joined by one space. */
function keywordKey(folded: string): string {
  return folded
    .split(SEPARATORS)
    .filter((word) => word !== '')
    .join(' ');
}

function keywordAlternative(keyword: string): { key: string; source: string } | null {
  const key = keywordKey(foldText(keyword).text);
  if (key === '') return null;
  const body = key
    .split(' ')
    .map((word) => word.replace(REGEXP_SYNTAX, '\\$&'))
    .join(SEPARATOR_SOURCE);
  // Whole word only where the keyword itself begins or ends with a letter or digit, so an elided
  // keyword like "dell'" still matches "dell'effetto".
  const first = key.slice(0, 1);
  const last = key.slice(-1);
  const before = WORD_CHAR.test(first) ? '(?<![\\p{L}\\p{N}])' : '';
  const after = WORD_CHAR.test(last) ? '(?![\\p{L}\\p{N}])' : '';
  return { key, source: `${before}${body}${after}` };
}

interface MatcherGroup {
  readonly topicId: Id | 'product';
  readonly keywords: RegExp | null;
  /** Folded key → the policy's own spelling of the keyword. */
  readonly terms: ReadonlyMap<string, string>;
  readonly patterns: readonly { readonly source: string; readonly regex: RegExp }[];
}

function compileKeywords(keywords: readonly string[]): { regex: RegExp | null; terms: Map<string, string> } {
  const terms = new Map<string, string>();
  const sources = new Map<string, string>();
  for (const keyword of keywords) {
    const alternative = keywordAlternative(keyword);
    if (alternative === null || terms.has(alternative.key)) continue;
    terms.set(alternative.key, keyword);
    sources.set(alternative.key, alternative.source);
  }
  if (sources.size === 0) return { regex: null, terms };
  // Longest first, so "effetti collaterali" wins over "effetti" at the same position.
  const ordered = [...sources.entries()].sort((a, b) => b[0].length - a[0].length).map(([, source]) => source);
  return { regex: new RegExp(ordered.map((source) => `(?:${source})`).join('|'), 'gu'), terms };
}

/** Unicode mode first (correct for astral characters); legacy mode for sources using old escapes. */
function compilePattern(source: string): RegExp | null {
  for (const flags of ['giu', 'gi']) {
    try {
      return new RegExp(source, flags);
    } catch {
      // try the next flag set
    }
  }
  return null;
}

export function compileSensitivity(policy: SensitivityPolicy): SensitivityMatcher {
  const invalidPatterns: string[] = [];
  const groups: MatcherGroup[] = [];
  const addGroup = (topicId: Id | 'product', keywords: readonly string[], patternSources: readonly string[]) => {
    const { regex, terms } = compileKeywords(keywords);
    const patterns: { source: string; regex: RegExp }[] = [];
    for (const source of patternSources) {
      const compiled = compilePattern(source);
      if (compiled === null) invalidPatterns.push(source);
      else patterns.push({ source, regex: compiled });
    }
    if (regex !== null || patterns.length > 0) groups.push({ topicId, keywords: regex, terms, patterns });
  };
  for (const topic of policy.topics) addGroup(topic.id, topic.keywords, topic.patterns);
  addGroup('product', policy.productNames, []);

  const match = (text: string): SensitivityMatch[] => {
    const matches: SensitivityMatch[] = [];
    const folded = foldText(text);
    let canonical: FoldedText | null = null;
    for (const group of groups) {
      if (group.keywords !== null) {
        for (const found of folded.text.matchAll(group.keywords)) {
          const start = found.index;
          const end = start + found[0].length;
          if (end === start) continue;
          const key = keywordKey(found[0]);
          const [originalStart, originalEnd] = toOriginalRange(text, folded, start, end);
          matches.push({
            topicId: group.topicId,
            term: group.terms.get(key) ?? key,
            start: originalStart,
            end: originalEnd,
          });
        }
      }
      // Patterns run on the canonical text (canonical.ts), never on a folded source: folding a
      // regex source could change its meaning (\S → \s).
      for (const pattern of group.patterns) {
        canonical ??= patternText(text);
        for (const found of canonical.text.matchAll(pattern.regex)) {
          if (found[0].length === 0) continue;
          const [start, end] = toOriginalRange(text, canonical, found.index, found.index + found[0].length);
          matches.push({ topicId: group.topicId, term: pattern.source, start, end });
        }
      }
    }
    return matches.sort((a, b) => a.start - b.start || b.end - a.end);
  };

  // Every keyword first: the canonical pass for patterns is then needed only for texts with none.
  const keywordRegexes = groups.flatMap((group) => (group.keywords === null ? [] : [group.keywords]));
  const patternRegexes = groups.flatMap((group) => group.patterns.map((pattern) => pattern.regex));
  const test = (text: string): boolean => {
    if (keywordRegexes.length > 0) {
      const folded = foldText(text).text;
      // search() ignores and restores lastIndex, so the shared global regexes stay stateless.
      if (keywordRegexes.some((regex) => folded.search(regex) !== -1)) return true;
    }
    if (patternRegexes.length === 0) return false;
    const canonical = patternText(text).text;
    for (const regex of patternRegexes) {
      for (const found of canonical.matchAll(regex)) if (found[0].length > 0) return true;
    }
    return false;
  };

  return { match, test, invalidPatterns };
}

function asMatcher(policy: SensitivityPolicy | SensitivityMatcher): SensitivityMatcher {
  return 'match' in policy ? policy : compileSensitivity(policy);
}

/** Pass a compiled matcher when checking many texts against one policy. */
export function matchSensitivity(policy: SensitivityPolicy | SensitivityMatcher, text: string): SensitivityMatch[] {
  return asMatcher(policy).match(text);
}

export interface ReplySensitivityInput {
  readonly policy: SensitivityPolicy | SensitivityMatcher;
  readonly interactionText: string;
  readonly replyText: string;
  /** Escalated by hand by a moderator. */
  readonly escalated: boolean;
  /** The reply is a pre-approved saved reply, rendered and not changed since. */
  readonly usedPreApprovedUnchanged: boolean;
  /** The interaction carries a sensitive or adverse-event flag (classifier or moderator). */
  readonly interactionFlagged?: boolean;
}

/**
 * Why a reply's writing alone makes it sensitive: invisible format characters (outside emoji) or
 * letters from more than one script. Both are what disguised words leave behind, and the approver
 * should see such a reply before the public does. Undefined when neither holds.
 */
export function replyDisguise(replyText: string): 'hidden' | 'mixedScripts' | undefined {
  if (hasHiddenCharacters(replyText)) return 'hidden';
  if (hasMixedScripts(replyText)) return 'mixedScripts';
  return undefined;
}

function isReplyDisguised(replyText: string): boolean {
  return replyDisguise(replyText) !== undefined;
}

/**
 * - Escalation always wins: a moderator asking for review gets it.
 * - A pre-approved saved reply used unchanged needs no approval whatever it answers: the client's
 *   reviewers approved those exact words for use as is (typically the standard answer to an
 *   adverse event or a dosage question, so the interaction will often be sensitive).
 * - A policy with an invalid pattern fails closed: everything needs approval until it is fixed,
 *   rather than silently not checking what the pattern was meant to catch.
 * - A reply holding invisible characters or mixing scripts is sensitive (`replyDisguise`); the
 *   interaction is the public's text and is only matched (on its canonical form).
 */
export function isReplySensitive(input: ReplySensitivityInput): boolean {
  if (input.escalated) return true;
  if (input.usedPreApprovedUnchanged) return false;
  const matcher = asMatcher(input.policy);
  if (matcher.invalidPatterns.length > 0) return true;
  if (input.interactionFlagged === true) return true;
  if (isReplyDisguised(input.replyText)) return true;
  return matcher.test(input.interactionText) || matcher.test(input.replyText);
}

/** For the policy editor: the sources that would make `isReplySensitive` fail closed. */
export function invalidSensitivityPatterns(policy: SensitivityPolicy): string[] {
  return policy.topics.flatMap((topic) => topic.patterns.filter((source) => compilePattern(source) === null));
}
