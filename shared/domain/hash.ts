/**
 * The hash an approval binds to. Approvers sign the words shown to the public, so the hash covers
 * the text and where it goes (public or private) and nothing else. Synchronous and
 * dependency-light (noble) so the renderer, the desktop core and the server compute
 * byte-identical hashes; WebCrypto would force async into every rule.
 *
 * What is stored and sent vs what is hashed:
 * - Stored and sent (`canonicalReplyText`): what the moderator or approver wrote, in NFC (macOS
 *   often types NFD, Windows NFC) and without hidden characters (zero-width spaces, soft hyphens,
 *   bidi controls, tag characters; emoji sequences are kept), which nobody can see and which only
 *   serve to disguise words. Nothing else is changed: the public sees the approved letters.
 * - Hashed (`replyTextHash`): the TS #39 skeleton of that text (canonical.ts), so the same visible
 *   text hashes the same however it is encoded or disguised (width variants, look-alike letters,
 *   unusual spaces). A disguise can therefore neither void an approval nor escape one: the
 *   sensitivity rules match on the same canonical form.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { replySkeleton, stripHiddenCharacters } from './canonical';
import type { Visibility } from './entities';

/**
 * Bump the tag if the encoding ever changes, so old approvals can never match new hashes by
 * accident. NUL separators cannot occur in the visibility enum, so the encoding is unambiguous.
 * v1: NFC text. v2: the skeleton (canonical.ts); the confusables data is part of the encoding, so
 * `unhomoglyph` is pinned to an exact version (a new table needs a new tag).
 */
const ENCODING_TAG = 'reply-text/v2';

export function canonicalReplyText(text: string): string {
  return stripHiddenCharacters(text).normalize('NFC');
}

export function replyTextHash(text: string, visibility: Visibility): string {
  const canonical = `${ENCODING_TAG}\u0000${visibility}\u0000${replySkeleton(text)}`;
  return bytesToHex(sha256(utf8ToBytes(canonical)));
}
