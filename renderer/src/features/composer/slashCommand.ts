/**
 * Saved replies typed inline: "/" + part of a name at the start of a word opens a suggestion
 * list; choosing one replaces the "/…" with the saved reply, its variables rendered.
 */
import type { SavedReply } from '../../../../shared/domain/entities';
import { foldText, renderSavedReply } from '../../../../shared/domain';
import type { RenderedTemplate, TemplateValues } from '../../../../shared/domain';

export interface SlashQuery {
  /** Offset of the "/". */
  readonly start: number;
  /** End of the "/word" being typed (the caret may sit inside it). */
  readonly end: number;
  /** What follows the "/" up to the caret. */
  readonly query: string;
}

const WHITESPACE = /\s/;

/**
 * The "/word" the caret is in, if it starts a word: at the start of the text or after
 * whitespace, so "http://…" and "1/2" never open the list.
 */
export function findSlashQuery(text: string, caret: number): SlashQuery | null {
  if (caret < 1 || caret > text.length) return null;
  let start = caret - 1;
  while (start >= 0 && text[start] !== '/' && !WHITESPACE.test(text[start] ?? '')) start -= 1;
  if (start < 0 || text[start] !== '/') return null;
  if (start > 0 && !WHITESPACE.test(text[start - 1] ?? '')) return null;
  let end = caret;
  while (end < text.length && !WHITESPACE.test(text[end] ?? '')) end += 1;
  return { start, end, query: text.slice(start + 1, caret) };
}

/** Lowercase, no accents, no spaces or punctuation: "/graziegen" finds "Grazie – generico". */
function compact(text: string): string {
  return foldText(text).text.replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Saved replies whose name matches, best first: names starting with the query, then names with a
 * word starting with it, then names containing it anywhere; alphabetical within each group.
 */
export function filterSavedReplies(savedReplies: readonly SavedReply[], query: string, limit = 8): SavedReply[] {
  const wanted = compact(query);
  const ranked: { savedReply: SavedReply; rank: number }[] = [];
  for (const savedReply of savedReplies) {
    const name = compact(savedReply.name);
    const words = foldText(savedReply.name)
      .text.split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word !== '');
    let rank: number;
    if (name.startsWith(wanted)) rank = 0;
    else if (words.some((word) => word.startsWith(wanted))) rank = 1;
    else if (name.includes(wanted)) rank = 2;
    else continue;
    ranked.push({ savedReply, rank });
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.savedReply.name.localeCompare(b.savedReply.name))
    .slice(0, limit)
    .map(({ savedReply }) => savedReply);
}

export interface SlashInsertion {
  readonly text: string;
  /** Where the caret goes: right after the inserted reply. */
  readonly caret: number;
  readonly rendered: RenderedTemplate;
}

/** Replaces the "/word" with the saved reply rendered with `values`. */
export function insertSavedReply(
  text: string,
  slash: SlashQuery,
  savedReply: SavedReply,
  values: TemplateValues,
): SlashInsertion {
  const rendered = renderSavedReply(savedReply.text, values);
  const before = text.slice(0, slash.start);
  return {
    text: before + rendered.text + text.slice(slash.end),
    caret: before.length + rendered.text.length,
    rendered,
  };
}
