import type { ReadableDb, WritableDb } from './db';
import { sql } from './sql';

/**
 * Full-text search of interactions: keeping the index (see migration 002) and querying it.
 *
 * Queries never pass the user's syntax to FTS5: the input is cut into words, each word becomes
 * a quoted string ("…" cannot be broken out of: words hold no quotes), the last one a prefix
 * while the user is still typing it. And they never scan: the newest SEARCH_CANDIDATES matches
 * are taken by rowid (FTS5 walks its doclists backwards and stops), then filtered and sorted.
 */

export const SEARCH_CANDIDATES = 2_000;
const MAX_WORDS = 8;

/** What unicode61 keeps inside a token (letters, digits, marks, private use); all else splits. */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/**
 * The FTS5 query for a user's input, or null when it has no word to look for.
 * `perche` matches `perché` (the index folds accents); `"mar` becomes `"mar"*`.
 */
export function toFtsQuery(input: string): string | null {
  const words = [...input.matchAll(WORD)].map((match) => match[0]).slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  // Still typing the last word (no space or punctuation after it): match it as a prefix. One
  // letter would expand to half the dictionary, so it needs two.
  const typing = /[\p{L}\p{N}\p{M}\p{Co}]$/u.test(input);
  return words
    .map((word, index) => {
      const prefix = typing && index === words.length - 1 && [...word].length >= 2;
      return `"${word}"${prefix ? '*' : ''}`;
    })
    .join(' ');
}

/** Interaction pks matching the input, newest first, at most SEARCH_CANDIDATES. */
export function searchCandidates(db: ReadableDb, input: string, limit = SEARCH_CANDIDATES): number[] {
  const query = toFtsQuery(input);
  if (query === null) return [];
  return db.column<number>(sql`SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ${query}
    ORDER BY rowid DESC LIMIT ${limit}`);
}

/** Applies the queued index work (search_pending) before a commit. */
export function flushSearchIndex(db: WritableDb): void {
  const pending = db.column<number>(sql`SELECT EXISTS (SELECT 1 FROM search_pending)`)[0];
  if (!pending) return;
  db.run(sql`INSERT INTO interactions_fts (interactions_fts, rowid, text, author)
    SELECT 'delete', pk, old_text, old_author FROM search_pending WHERE indexed = 1`);
  db.run(sql`INSERT INTO interactions_fts (rowid, text, author)
    SELECT d.pk, d.text, d.author FROM search_pending p JOIN interaction_search_docs d ON d.pk = p.pk
    ORDER BY p.pk`);
  db.run(sql`DELETE FROM search_pending`);
}
