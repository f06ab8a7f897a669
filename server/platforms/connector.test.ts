import { describe, expect, it } from 'vitest';
import { headerValue, platformHostsSchema } from './connector';
import { createMetaConnector } from './meta/connector';

describe('platform hosts from settings', () => {
  it('default to the real hosts and accept a loopback sandbox, without a trailing slash', () => {
    expect(platformHostsSchema.parse({})).toEqual({ metaGraph: 'https://graph.facebook.com' });
    expect(platformHostsSchema.parse({ metaGraph: 'http://127.0.0.1:4545/' })).toEqual({
      metaGraph: 'http://127.0.0.1:4545',
    });
    expect(platformHostsSchema.safeParse({ metaGraph: 'ftp://example.com' }).success).toBe(false);
  });
});

describe('headers', () => {
  it('are read lower-cased, the first of repeated values', () => {
    expect(headerValue({ 'x-hub-signature-256': ['sha256=a', 'sha256=b'] }, 'X-Hub-Signature-256')).toBe('sha256=a');
    expect(headerValue({}, 'x-hub-signature-256')).toBeUndefined();
  });
});

describe('Meta connector', () => {
  const connector = createMetaConnector({
    baseUrl: 'http://127.0.0.1:9',
    appSecret: 'secret',
    verifyToken: 'verify-me',
  });

  it('answers the subscription handshake with its verify token', () => {
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': 'CHALLENGE' };
    expect(connector.answerChallenge(query)).toEqual({ ok: true, body: 'CHALLENGE' });
    expect(connector.answerChallenge({ ...query, 'hub.verify_token': 'nope' })).toEqual({ ok: false });
  });

  it('refuses a stream it does not know, without calling anyone', async () => {
    const account = { platform: 'instagram' as const, accountId: '1', accessToken: 't' };
    expect(await connector.poll(account, 'feed', null)).toEqual({
      ok: false,
      failure: { kind: 'refused', code: 'unknown_stream' },
    });
    expect(await connector.poll(account, 'comments:../../me', null)).toEqual({
      ok: false,
      failure: { kind: 'refused', code: 'unknown_stream' },
    });
  });

  it('never lets an id become a path', async () => {
    const account = { platform: 'facebook' as const, accountId: '1', accessToken: 't' };
    for (const stream of ['comments:..', 'comments:a/b', 'comments:1?x=1']) {
      expect(await connector.poll(account, stream, null)).toMatchObject({
        ok: false,
        failure: { code: 'unknown_stream' },
      });
    }
    expect(await connector.fetchObject(account, { kind: 'comment', externalId: '../me' })).toEqual({
      ok: false,
      failure: { kind: 'refused', code: 'bad_id' },
    });
  });

  it('reports an unreachable platform as a retry', async () => {
    const account = { platform: 'facebook' as const, accountId: '1', accessToken: 't' };
    expect(await connector.poll(account, 'feed', null)).toEqual({
      ok: false,
      failure: { kind: 'retry', code: 'network' },
    });
  });
});
