import { describe, expect, it } from 'vitest';
import { answerMetaChallenge, appSecretProof, checkMetaSignature, signMetaBody } from './signature';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('X-Hub-Signature-256', () => {
  // printf '{"object":"page","entry":[]}' | openssl dgst -sha256 -hmac 'test-app-secret'
  const vector = '1a82db3abc2fa71a3fffecfedef579a8468a44850cd8a83a0c56974faff81689';
  const body = bytes('{"object":"page","entry":[]}');

  it('matches a vector computed with openssl', () => {
    expect(signMetaBody(body, 'test-app-secret')).toBe(`sha256=${vector}`);
    expect(checkMetaSignature(body, `sha256=${vector}`, 'test-app-secret')).toBe('ok');
    expect(checkMetaSignature(body, `sha256=${vector.toUpperCase()}`, 'test-app-secret')).toBe('ok');
  });

  it('is computed over the raw bytes: the same JSON escaped differently does not match', () => {
    // Meta signs `\u00e8` escapes; the same text re-serialised with the raw character differs.
    const escaped = bytes('{"text":"\\u00e8"}');
    const plain = bytes('{"text":"è"}');
    expect(checkMetaSignature(plain, signMetaBody(escaped, 's3cret'), 's3cret')).toBe('signature_mismatch');
  });

  it('refuses a missing, a malformed or a wrong signature', () => {
    expect(checkMetaSignature(body, undefined, 'test-app-secret')).toBe('signature_missing');
    expect(checkMetaSignature(body, '', 'test-app-secret')).toBe('signature_missing');
    expect(checkMetaSignature(body, vector, 'test-app-secret')).toBe('signature_malformed');
    expect(checkMetaSignature(body, `sha256=${vector.slice(1)}`, 'test-app-secret')).toBe('signature_malformed');
    expect(checkMetaSignature(body, `sha1=${vector.slice(0, 40)}`, 'test-app-secret')).toBe('signature_malformed');
    expect(checkMetaSignature(body, `sha256=${vector}`, 'other-secret')).toBe('signature_mismatch');
  });
});

describe('appsecret_proof', () => {
  it('is the HMAC-SHA256 of the token keyed with the app secret', () => {
    // printf 'hello' | openssl dgst -sha256 -hmac 'app-secret'
    expect(appSecretProof('hello', 'app-secret')).toBe(
      'ad5c6aa52b4bf4d1955ccd07b1393163fa5aa461e01cedabf58a512035063c49',
    );
  });
});

describe('subscription handshake', () => {
  const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' };

  it('answers the challenge as is when the verify token matches', () => {
    expect(answerMetaChallenge(query, 'verify-me')).toEqual({ ok: true, body: '1158201444' });
  });

  it('refuses a wrong token, another mode, a missing challenge or an unset verify token', () => {
    expect(answerMetaChallenge({ ...query, 'hub.verify_token': 'verify-mE' }, 'verify-me')).toEqual({ ok: false });
    expect(answerMetaChallenge({ ...query, 'hub.mode': 'unsubscribe' }, 'verify-me')).toEqual({ ok: false });
    expect(answerMetaChallenge({ ...query, 'hub.challenge': undefined }, 'verify-me')).toEqual({ ok: false });
    expect(answerMetaChallenge({ ...query, 'hub.verify_token': '' }, '')).toEqual({ ok: false });
  });
});
