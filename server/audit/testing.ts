/** Test support for the audit tests (no production code imports it). */
import { inflateSync } from 'node:zlib';

/** The text a PDF shows: pdfkit writes it as hex strings inside deflated content streams. */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  let text = '';
  for (const match of source.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = source.indexOf('endstream', start);
    try {
      const content = inflateSync(pdf.subarray(start, end)).toString('latin1');
      for (const hex of content.matchAll(/<([0-9a-fA-F]+)>/g))
        text += Buffer.from(hex[1] ?? '', 'hex').toString('latin1');
      text += '\n';
    } catch {
      // not a deflated stream (fonts, images)
    }
  }
  return text;
}
