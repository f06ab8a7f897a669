/**
 * Properties of the Meta webhook parser that must hold for EVERY input: it never throws (a
 * refusal instead), and it never accepts a body whose signature does not match.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture, TEST_APP_SECRET } from './fixtures';
import { signMetaBody } from './signature';
import { parseMetaBody, parseMetaWebhook } from './webhook';

const samples = ['feed-comment-add-sender-id', 'messaging-echo', 'instagram-comments', 'ratings-rating-add'].map(
  (name) => JSON.stringify(fixture(name).payload),
);

/** Bytes: random, or a real payload with random edits (so the parser goes deep, not just fails early). */
const bodies = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc.string({ maxLength: 300 }).map((text) => new TextEncoder().encode(text)),
  fc
    .tuple(fc.constantFrom(...samples), fc.nat(), fc.nat(), fc.string({ maxLength: 12 }))
    .map(([sample, at, cut, insert]) => {
      const start = at % sample.length;
      return new TextEncoder().encode(sample.slice(0, start) + insert + sample.slice(start + (cut % 8)));
    }),
  fc.anything().map((value) =>
    new TextEncoder().encode(
      JSON.stringify({
        object: 'page',
        entry: [{ id: '1', changes: [{ field: 'feed', value }], messaging: [value] }],
      }) ?? '',
    ),
  ),
);

describe('Meta webhook parser, for every input', () => {
  it('never throws, signed or not: it parses or refuses', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const signed = parseMetaWebhook(
          body,
          { 'x-hub-signature-256': signMetaBody(body, TEST_APP_SECRET) },
          TEST_APP_SECRET,
        );
        expect(signed.ok || ['body_not_json', 'body_unexpected_shape'].includes(signed.refusal)).toBe(true);
        const unsigned = parseMetaBody(body);
        expect(typeof unsigned.ok).toBe('boolean');
      }),
      { numRuns: 400 },
    );
  });

  it('never accepts a body whose signature does not match', () => {
    fc.assert(
      fc.property(
        bodies,
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256=${hex}`),
        ),
        (body, header) => {
          fc.pre(header.toLowerCase() !== signMetaBody(body, TEST_APP_SECRET));
          const result = parseMetaWebhook(body, { 'x-hub-signature-256': header }, TEST_APP_SECRET);
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never accepts a signature made with another secret', () => {
    fc.assert(
      fc.property(bodies, fc.string({ minLength: 1, maxLength: 40 }), (body, secret) => {
        fc.pre(secret !== TEST_APP_SECRET);
        const result = parseMetaWebhook(body, { 'x-hub-signature-256': signMetaBody(body, secret) }, TEST_APP_SECRET);
        expect(result).toEqual({ ok: false, refusal: 'signature_mismatch' });
      }),
      { numRuns: 200 },
    );
  });
});
