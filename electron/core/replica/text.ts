/** The start of a text for a list row: whitespace folded, cut at a word, about `max` characters. */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // Never cut a surrogate pair (an emoji) in half.
  const end = /[\uD800-\uDBFF]/.test(flat.charAt(max - 1)) ? max - 1 : max;
  const cut = flat.slice(0, end);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
