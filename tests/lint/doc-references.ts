/**
 * Finds the Markdown files a source file names (`docs/sync.md`, `server/README.md`, or a design note kept elsewhere)
 * that do not exist. A name is resolved from the repository root and from the file's own folder.
 */
const MD_REFERENCE = /(?<![\w./-])((?:\.{1,2}\/)?[\w-]+(?:\/[\w.-]+)*\.md)\b/g;

export function missingDocReferences(
  file: string,
  text: string,
  exists: (fromFile: string, reference: string) => boolean,
): string[] {
  const missing = new Set<string>();
  for (const match of text.matchAll(MD_REFERENCE)) {
    const reference = match[1];
    if (reference !== undefined && !exists(file, reference)) missing.add(reference);
  }
  return [...missing];
}
