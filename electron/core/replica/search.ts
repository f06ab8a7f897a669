import type { ReadableDb, TransactionOptions, WritableDb } from './db';
import { sql, type SqlFragment } from './sql';

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

/** Contacts whose handles match, at most this many (the newest), add their messages. */
const HANDLE_CONTACTS = 50;

/**
 * Interaction pks matching the input, newest first, at most `limit`: those whose text and
 * author's name hold every word, and those written by a contact whose handles do.
 */
export function searchCandidates(db: ReadableDb, input: string, limit = SEARCH_CANDIDATES): number[] {
  const query = toFtsQuery(input);
  if (query === null) return [];
  const byText = db.column<number>(sql`SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ${query}
    ORDER BY rowid DESC LIMIT ${limit}`);
  const byHandle = db.column<number>(sql`SELECT x.pk FROM interactions x
    WHERE x.contact_pk IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ${query}
      ORDER BY rowid DESC LIMIT ${HANDLE_CONTACTS})
    ORDER BY x.pk DESC LIMIT ${limit}`);
  if (byHandle.length === 0) return byText;
  return [...new Set([...byText, ...byHandle])].sort((a, b) => b - a).slice(0, limit);
}

/**
 * Below this many queued rows, a write transaction indexes them itself before it commits (a
 * local edit is searchable at once). Above it (a bulk ingest), `drainSearchIndex` does the work
 * in pieces of SEARCH_PIECE rows: FTS5 writes one segment per transaction, and thousands of tiny
 * segments would cost more in merges than the indexing itself.
 */
export const SEARCH_INLINE_MAX = 256;
export const SEARCH_PIECE = 500;

/**
 * Indexes up to `max` queued interactions and `max` queued contacts (or only those of `only`),
 * oldest first, inside the caller's transaction. Returns how many rows it indexed.
 */
export function flushSearchIndex(
  db: WritableDb,
  max = Number.MAX_SAFE_INTEGER,
  only?: 'interactions' | 'contacts',
): number {
  let done = 0;
  if (only !== 'contacts') done += flushInteractions(db, max);
  if (only !== 'interactions') done += flushContacts(db, max);
  return done;
}

/**
 * The documents of the queued rows up to `pk`. CROSS JOIN keeps the queue as the outer loop:
 * once `PRAGMA optimize` has given the planner statistics of the big tables (the queue has none,
 * it is usually empty then), it preferred walking `interactions` by pk up to `pk` — most of the
 * table, for every search piece of an incremental ingest (about 90 ms at 100k items).
 */
export function pendingInteractionDocs(upTo: number): SqlFragment {
  return sql`SELECT d.pk, d.text, d.author FROM search_pending p CROSS JOIN interaction_search_docs d ON d.pk = p.pk
    WHERE p.pk <= ${upTo} ORDER BY p.pk`;
}

export function pendingContactDocs(upTo: number): SqlFragment {
  return sql`SELECT c.pk, c.search_handles FROM search_pending_contacts p CROSS JOIN contacts c ON c.pk = p.pk
    WHERE p.pk <= ${upTo} ORDER BY p.pk`;
}

function flushInteractions(db: WritableDb, max: number): number {
  const messages = db.get<{ pk: number; n: number }>(sql`SELECT max(pk) AS pk, count(*) AS n
    FROM (SELECT pk FROM search_pending ORDER BY pk LIMIT ${max})`);
  if (messages && messages.n > 0) {
    db.run(sql`INSERT INTO interactions_fts (interactions_fts, rowid, text, author)
      SELECT 'delete', pk, old_text, old_author FROM search_pending WHERE indexed = 1 AND pk <= ${messages.pk}`);
    db.run(sql`INSERT INTO interactions_fts (rowid, text, author) ${pendingInteractionDocs(messages.pk)}`);
    db.run(sql`DELETE FROM search_pending WHERE pk <= ${messages.pk}`);
    return messages.n;
  }
  return 0;
}

function flushContacts(db: WritableDb, max: number): number {
  const people = db.get<{ pk: number; n: number }>(sql`SELECT max(pk) AS pk, count(*) AS n
    FROM (SELECT pk FROM search_pending_contacts ORDER BY pk LIMIT ${max})`);
  if (people && people.n > 0) {
    db.run(sql`INSERT INTO contacts_fts (contacts_fts, rowid, search_handles)
      SELECT 'delete', pk, old_handles FROM search_pending_contacts WHERE indexed = 1 AND pk <= ${people.pk}`);
    db.run(sql`INSERT INTO contacts_fts (rowid, search_handles) ${pendingContactDocs(people.pk)}`);
    db.run(sql`DELETE FROM search_pending_contacts WHERE pk <= ${people.pk}`);
    return people.n;
  }
  return 0;
}

/** The before-commit hook: small backlogs are indexed in the same transaction (not bulk chunks). */
export function flushSmallSearchBacklog(db: WritableDb, options: TransactionOptions): void {
  if (options.bulk) return;
  const queued = searchBacklog(db, SEARCH_INLINE_MAX + 1);
  if (queued > 0 && queued <= SEARCH_INLINE_MAX) flushSearchIndex(db);
}

/** Rows waiting to be indexed (counted up to `upTo`). */
export function searchBacklog(db: ReadableDb, upTo = Number.MAX_SAFE_INTEGER): number {
  return (
    db.column<number>(sql`SELECT (SELECT count(*) FROM (SELECT 1 FROM search_pending LIMIT ${upTo}))
      + (SELECT count(*) FROM (SELECT 1 FROM search_pending_contacts LIMIT ${upTo}))`)[0] ?? 0
  );
}

/** Indexes every queued row, one piece per transaction, letting the event loop run in between. */
export async function drainSearchIndex(
  db: WritableDb,
  yieldTurn: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
): Promise<number> {
  let total = 0;
  for (;;) {
    const done = db.transaction(() => flushSearchIndex(db, SEARCH_PIECE));
    total += done;
    if (done === 0) return total;
    await yieldTurn();
  }
}
