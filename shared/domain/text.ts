/**
 * Text a database can store and a signature can bind to: no NUL (U+0000, which PostgreSQL text
 * and jsonb refuse) and no lone surrogate (half of a UTF-16 pair, e.g. an emoji cut in two by a
 * careless paste or a truncation; jsonb refuses it and UTF-8 cannot encode it).
 *
 * Such text is REFUSED, never repaired: dropping the broken character would change the words a
 * moderator wrote and an approver signs without either seeing it. The code `invalid_text` says
 * why, worded in the locales (composer, refused changes, approver page).
 */

export const textProblems = ['nul', 'lone_surrogate'] as const;
export type TextProblem = (typeof textProblems)[number];

export interface TextFinding {
  readonly problem: TextProblem;
  /** UTF-16 index of the offending code unit. */
  readonly index: number;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (UTF-16 code units). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first character that makes `text` unstorable, or null when it is fine. */
export function textProblem(text: string): TextFinding | null {
  const nul = text.indexOf('\u0000');
  const lone = LONE_SURROGATE.exec(text)?.index ?? -1;
  if (nul < 0 && lone < 0) return null;
  return nul >= 0 && (lone < 0 || nul < lone)
    ? { problem: 'nul', index: nul }
    : { problem: 'lone_surrogate', index: lone };
}

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

export interface UnsafeTextAt extends TextFinding {
  /** Where in the value: object keys and array indexes from the root (a key itself counts). */
  readonly path: readonly (string | number)[];
}

interface Node {
  readonly value: unknown;
  readonly key: string | number | null;
  readonly parent: Node | null;
}

function pathOf(node: Node | null, last: readonly (string | number)[] = []): (string | number)[] {
  const reversed: (string | number)[] = [];
  for (let at = node; at !== null && at.key !== null; at = at.parent) reversed.push(at.key);
  return [...reversed.reverse(), ...last];
}

/**
 * The first unstorable string anywhere in a JSON-like value (keys included), or null. Walks
 * without recursion and without copying paths, so nesting however deep costs neither the stack
 * nor quadratic time; `skipKeys` names properties whose values are checked elsewhere (a push's
 * mutation arguments, refused one by one).
 */
export function findUnsafeText(value: unknown, skipKeys: readonly string[] = []): UnsafeTextAt | null {
  const pending: Node[] = [{ value, key: null, parent: null }];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const here = node.value;
    if (typeof here === 'string') {
      const found = textProblem(here);
      if (found !== null) return { ...found, path: pathOf(node) };
    } else if (Array.isArray(here)) {
      for (let index = here.length - 1; index >= 0; index -= 1)
        pending.push({ value: here[index] as unknown, key: index, parent: node });
    } else if (typeof here === 'object' && here !== null) {
      const entries = Object.entries(here);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, entry] = entries[index] ?? ['', undefined];
        const found = textProblem(key);
        if (found !== null) return { ...found, path: pathOf(node, [key]) };
        if (!skipKeys.includes(key)) pending.push({ value: entry, key, parent: node });
      }
    }
  }
  return null;
}
