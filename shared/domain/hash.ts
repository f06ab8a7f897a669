/**
 * The hash an approval binds to. Approvers sign exact words shown to the public, so the hash
 * covers the text and where it goes (public or private) and nothing else. The text is NFC
 * normalized first: the same visible text typed on macOS (often NFD) and Windows (NFC) must not
 * void an approval. Synchronous and dependency-light (noble) so the renderer, the desktop core and
 * the server compute byte-identical hashes; WebCrypto would force async into every rule.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Visibility } from './entities';

/**
 * Bump the tag if the encoding ever changes, so old approvals can never match new hashes by
 * accident. NUL separators cannot occur in the visibility enum, so the encoding is unambiguous.
 */
const ENCODING_TAG = 'reply-text/v1';

export function canonicalReplyText(text: string): string {
  return text.normalize('NFC');
}

export function replyTextHash(text: string, visibility: Visibility): string {
  const canonical = `${ENCODING_TAG}\u0000${visibility}\u0000${canonicalReplyText(text)}`;
  return bytesToHex(sha256(utf8ToBytes(canonical)));
}
