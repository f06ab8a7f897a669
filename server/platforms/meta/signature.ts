/**
 * Meta webhook authenticity: `X-Hub-Signature-256: sha256=<hex>` is HMAC-SHA256 of the RAW body
 * bytes keyed with the app secret. Re-serialised JSON does not match (Meta escapes non-ASCII as
 * `\uXXXX` in what it signs), so this runs on the bytes as received, before any parsing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'ok' | 'signature_missing' | 'signature_malformed' | 'signature_mismatch';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

export function signMetaBody(rawBody: Uint8Array, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function checkMetaSignature(rawBody: Uint8Array, header: string | undefined, appSecret: string): SignatureCheck {
  if (header === undefined || header === '') return 'signature_missing';
  const match = SIGNATURE.exec(header.trim());
  if (!match?.[1]) return 'signature_malformed';
  const given = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'signature_mismatch';
}

/** `appsecret_proof` = hex HMAC-SHA256 of the access token keyed with the app secret. */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

/**
 * The subscription handshake: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` is
 * answered with the challenge, as is, when the verify token matches (compared in constant time).
 */
export function answerMetaChallenge(
  query: Readonly<Record<string, unknown>>,
  verifyToken: string,
): { ok: true; body: string } | { ok: false } {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return { ok: false };
  if (challenge === '' || challenge.length > 256) return { ok: false };
  const given = Buffer.from(token);
  const expected = Buffer.from(verifyToken);
  if (verifyToken === '' || given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false };
  return { ok: true, body: challenge };
}
