/** Splitting a text into plain and highlighted pieces, for rendering with <mark>. */

export type HighlightKind = 'sensitive' | 'personal' | 'unfilled';

export interface HighlightRange {
  readonly start: number;
  readonly end: number;
  readonly kind: HighlightKind;
}

export interface HighlightSegment {
  readonly text: string;
  readonly start: number;
  /** Empty for plain text; several when ranges overlap (a product name inside an e-mail). */
  readonly kinds: readonly HighlightKind[];
}

/** Same placeholder syntax as the domain's templates: `{{ name }}`, no braces inside. */
const PLACEHOLDER = /\{\{\s*[^{}]*?\s*\}\}/g;

/** Where `{{…}}` placeholders are still in the text. */
export function placeholderRanges(text: string): HighlightRange[] {
  return [...text.matchAll(PLACEHOLDER)].map((found) => ({
    start: found.index,
    end: found.index + found[0].length,
    kind: 'unfilled' as const,
  }));
}

/** Cuts the text at every range boundary; each piece lists the kinds covering it. */
export function highlightSegments(text: string, ranges: readonly HighlightRange[]): HighlightSegment[] {
  const valid = ranges.filter((range) => range.start < range.end && range.start >= 0 && range.end <= text.length);
  const cuts = [...new Set([0, text.length, ...valid.flatMap((range) => [range.start, range.end])])].sort(
    (a, b) => a - b,
  );
  const segments: HighlightSegment[] = [];
  for (let index = 0; index < cuts.length - 1; index += 1) {
    const start = cuts[index] ?? 0;
    const end = cuts[index + 1] ?? text.length;
    if (end <= start) continue;
    const kinds = [...new Set(valid.filter((range) => range.start <= start && range.end >= end).map((r) => r.kind))];
    const previous = segments[segments.length - 1];
    if (previous && sameKinds(previous.kinds, kinds)) {
      segments[segments.length - 1] = { ...previous, text: previous.text + text.slice(start, end) };
    } else {
      segments.push({ text: text.slice(start, end), start, kinds });
    }
  }
  return segments;
}

function sameKinds(a: readonly HighlightKind[], b: readonly HighlightKind[]): boolean {
  return a.length === b.length && a.every((kind) => b.includes(kind));
}
