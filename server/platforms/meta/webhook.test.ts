/**
 * The Meta webhook parser against real sample payloads (./fixtures: each names its source):
 * what a moderator would see from each delivery — kind, verb, ids, author, text, own or not.
 */
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent, WebhookParse } from '../connector';
import { signedFixture, TEST_APP_SECRET } from './fixtures';
import { signMetaBody } from './signature';
import { parseMetaWebhook } from './webhook';

function parse(name: string): WebhookParse {
  const { body, headers } = signedFixture(name);
  return parseMetaWebhook(body, headers, TEST_APP_SECRET);
}

function events(name: string): readonly NormalizedEvent[] {
  const result = parse(name);
  if (!result.ok) throw new Error(`refused: ${result.refusal}`);
  return result.events;
}

describe('Facebook Page feed', () => {
  it('reads a new top-level comment in the older sender_id/sender_name form', () => {
    expect(events('feed-comment-add-sender-id')).toEqual([
      {
        platform: 'facebook',
        accountId: '1234567890321',
        kind: 'comment',
        verb: 'add',
        externalId: '901097836652708_903438993085259',
        parentId: '1234567890321_901097836652708',
        postId: '1234567890321_901097836652708',
        author: { id: '1234567890321', name: 'Tester' },
        text: 'and the next one',
        createdAt: '2015-12-03T09:30:03.000Z',
        isOwn: true,
        idsOnly: false,
        version: 'add',
        rawRef: 'entry[0].changes[0]',
      },
    ]);
  });

  it('reads the same comment in the `from` form identically', () => {
    expect(events('feed-comment-add-from')).toEqual(events('feed-comment-add-sender-id'));
  });

  it('turns "edited", "hide", "unhide" and "remove" into verbs, each edit with its own version', () => {
    const [edited] = events('feed-comment-edited');
    expect(edited).toMatchObject({
      verb: 'edit',
      text: "Let's see the Webhooks in action :D",
      version: 'edit:2015-11-26T16:35:37.000Z',
    });
    const [hidden] = events('feed-comment-hide');
    const [unhidden] = events('feed-comment-unhide');
    expect(hidden).toMatchObject({ verb: 'hide', externalId: '900728623356296_900744590021366', kind: 'comment' });
    expect(unhidden).toMatchObject({ verb: 'unhide', externalId: '900728623356296_900744590021366' });
    const [removed] = events('feed-comment-remove');
    expect(removed).toMatchObject({ verb: 'remove', externalId: '905578656204626_905579239537901', version: 'remove' });
    expect(removed?.text).toBeUndefined();
  });

  it('reads a post on the Page as a visitor post, and ignores reactions as work', () => {
    expect(events('feed-status-add')).toMatchObject([
      {
        kind: 'visitor_post',
        verb: 'add',
        externalId: '1234567890321_930145403745849',
        text: 'This is just a short test message',
      },
    ]);
    const reaction = parse('feed-reaction-add');
    expect(reaction).toEqual({ ok: true, events: [], ignored: ['feed:reaction'] });
  });

  it('keeps going through batched entries it has no use for', () => {
    expect(parse('feed-two-entries')).toEqual({
      ok: true,
      events: [],
      ignored: ['page:parking', 'page:payment_options'],
    });
  });

  it('reads Page mentions in a comment and in a post', () => {
    expect(events('mention-comment-add')).toMatchObject([
      {
        kind: 'mention',
        externalId: '7363534231324_3754798971271444',
        postId: '1234567890321_7363534231324',
        text: 'Just a test message',
      },
    ]);
    expect(events('mention-post-add')).toMatchObject([{ kind: 'mention', externalId: '1234567890321_98722536423179' }]);
  });

  it('reads a rating as a review with its stars and recommendation, and a comment under it as a reply', () => {
    expect(events('ratings-rating-add')).toMatchObject([
      {
        kind: 'review',
        externalId: '904801129604590',
        author: { id: '705955836155788', name: 'Tester' },
        text: 'Ja ziemlich coole Sache',
        rating: 3,
        recommendation: 'positive',
        isOwn: false,
      },
    ]);
    expect(events('ratings-comment-add')).toMatchObject([
      { kind: 'reply', externalId: '904801129604590_904802532937783', parentId: '6767676767' },
    ]);
  });
});

describe('Messenger', () => {
  it('reads a message from a person, with the thread being that person', () => {
    expect(events('messaging-message')).toEqual([
      {
        platform: 'facebook',
        accountId: '12345654332',
        kind: 'message',
        verb: 'add',
        externalId: 'mid.1457764197618:41d102a3e1ae206a38',
        threadId: '987654321432',
        author: { id: '987654321432' },
        text: 'hello, world!',
        createdAt: '2016-03-12T06:29:57.627Z',
        isOwn: false,
        idsOnly: false,
        version: 'add',
        rawRef: 'entry[0].messaging[0]',
      },
    ]);
  });

  it('marks an echo as our own and hands back its metadata, also from the standby channel', () => {
    expect(events('messaging-echo')).toMatchObject([
      { isOwn: true, echoMetadata: 'DEVELOPER_DEFINED_METADATA_STRING' },
    ]);
    expect(events('standby-echo')).toMatchObject([{ isOwn: true, rawRef: 'entry[0].standby[0]' }]);
  });

  it('reads an edit as a new version and an unsent message as a removal', () => {
    expect(events('messaging-edit')).toMatchObject([{ verb: 'edit', version: 'edit:37', text: 'hello, world!' }]);
    expect(events('messaging-unsend')).toMatchObject([{ verb: 'remove', externalId: 'message_id' }]);
  });
});

describe('Instagram', () => {
  it('reads a reply comment with the username as the handle', () => {
    expect(events('instagram-comments')).toEqual([
      {
        platform: 'instagram',
        accountId: '0', // a dashboard test send
        kind: 'reply',
        verb: 'add',
        externalId: '123456789',
        parentId: '987654321',
        postId: '76543987',
        author: { id: '1234536447', handle: 'testuser' },
        text: 'This is an example.',
        createdAt: '2018-02-23T15:21:47.000Z',
        isOwn: false,
        idsOnly: false,
        version: 'add',
        rawRef: 'entry[0].changes[0]',
      },
    ]);
  });

  it('reads a live comment, and a mention as ids only to be fetched', () => {
    expect(events('instagram-live-comments')).toMatchObject([
      { kind: 'comment', externalId: '123456789', text: 'This is an example.' },
    ]);
    expect(events('instagram-mentions')).toMatchObject([
      { kind: 'mention', externalId: '17887498072083520', postId: '17887498072083520', idsOnly: true },
    ]);
  });

  it('reads a direct message, non-ASCII text intact', () => {
    expect(events('instagram-messaging')).toMatchObject([
      { platform: 'instagram', kind: 'message', threadId: '990000000000001', text: 'Ciao, è disponibile in farmacia?' },
    ]);
  });
});

describe('refusals', () => {
  it('refuses a delivery without, with a malformed, or with a wrong signature', () => {
    const { body, headers } = signedFixture('messaging-message');
    expect(parseMetaWebhook(body, {}, TEST_APP_SECRET)).toEqual({ ok: false, refusal: 'signature_missing' });
    expect(parseMetaWebhook(body, { 'x-hub-signature-256': 'sha1=abc' }, TEST_APP_SECRET)).toEqual({
      ok: false,
      refusal: 'signature_malformed',
    });
    expect(parseMetaWebhook(body, headers, 'another-secret')).toEqual({ ok: false, refusal: 'signature_mismatch' });
    const tampered = Uint8Array.from(body);
    const at = tampered.length - 5;
    tampered[at] = (tampered[at] ?? 0) ^ 1;
    expect(parseMetaWebhook(tampered, headers, TEST_APP_SECRET)).toEqual({ ok: false, refusal: 'signature_mismatch' });
  });

  it('keeps 17-digit ids exact even when Meta sends them as JSON numbers', () => {
    const raw =
      '{"object":"page","entry":[{"id":104857600000000123,"time":1764000000000,"messaging":[{"sender":{"id":26500000000000017},"recipient":{"id":104857600000000123},"timestamp":1764000000000,"message":{"mid":"m_1","text":"hi"}}]}]}';
    const body = new TextEncoder().encode(raw);
    const result = parseMetaWebhook(
      body,
      { 'x-hub-signature-256': signMetaBody(body, TEST_APP_SECRET) },
      TEST_APP_SECRET,
    );
    expect(result).toMatchObject({
      ok: true,
      events: [{ accountId: '104857600000000123', threadId: '26500000000000017' }],
    });
  });
});
