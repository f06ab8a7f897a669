import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContractFailure } from '../../../shared/contract';
import { SyncHttpError, SyncNetworkError, teamServerRequest } from './http';
import { createPolicyHandlers } from './policy';
import { httpTransport } from './transport';

interface Sent {
  readonly url: string;
  readonly method: string | undefined;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** A team server that answers every call with `answer` and remembers what it was sent. */
function fakeServer(answer: () => Response): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const fakeFetch: typeof fetch = (input, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    sent.push({ url: String(input), method: init?.method, headers, body });
    return Promise.resolve(answer());
  };
  return { fetch: fakeFetch, sent };
}

/** A team server that never answers: the call ends when its signal aborts. */
const silentFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });

const json = (value: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });

/** How a call failed; a handler may answer at once or later, so any answer is awaited. */
async function rejection(answer: unknown): Promise<unknown> {
  return Promise.resolve(answer).then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

const answer = z.object({ ok: z.literal(true) });

describe('teamServerRequest', () => {
  it('sends the method, the session token, the JSON body and the query, and returns the checked answer', async () => {
    const server = fakeServer(() => json({ ok: true }));
    const value = await teamServerRequest('https://team.example/', {
      method: 'PUT',
      path: '/clients/c1/policy',
      token: 't0k',
      query: { version: '3' },
      body: { a: 1 },
      schema: answer,
      fetch: server.fetch,
    });
    expect(value).toEqual({ ok: true });
    expect(server.sent).toEqual([
      {
        url: 'https://team.example/clients/c1/policy?version=3',
        method: 'PUT',
        headers: { authorization: 'Bearer t0k', 'content-type': 'application/json' },
        body: { a: 1 },
      },
    ]);
  });

  it('sends no token and no content type when the call has neither', async () => {
    const server = fakeServer(() => json({ ok: true }));
    await teamServerRequest('https://team.example', { method: 'GET', path: '/x', schema: answer, fetch: server.fetch });
    expect(server.sent[0]?.headers).toEqual({});
  });

  it("passes on the server's refusal: its status, code, message and Retry-After", async () => {
    const server = fakeServer(() =>
      json({ error: { code: 'rate_limited', message: 'too many requests' } }, 429, { 'retry-after': '30' }),
    );
    const error = await rejection(
      teamServerRequest('https://team.example', { method: 'GET', path: '/x', schema: answer, fetch: server.fetch }),
    );
    expect(error).toBeInstanceOf(SyncHttpError);
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limited',
      message: 'too many requests',
      retryAfterMs: 30_000,
    });
  });

  it('names the HTTP status when the refusal is not in the API error shape', async () => {
    const server = fakeServer(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await rejection(
      teamServerRequest('https://team.example', { method: 'GET', path: '/x', schema: answer, fetch: server.fetch }),
    );
    expect(error).toMatchObject({ status: 502, code: 'http_error', retryAfterMs: null });
    expect((error as Error).message).toContain('HTTP 502');
  });

  it('refuses an answer that does not fit the schema, naming the route but not the query', async () => {
    const server = fakeServer(() => json({ ok: 'maybe' }));
    const error = await rejection(
      teamServerRequest('https://team.example', {
        method: 'GET',
        path: '/sync/pull',
        query: { clientId: 'desk-1' },
        schema: answer,
        fetch: server.fetch,
      }),
    );
    expect(error).toBeInstanceOf(SyncHttpError);
    expect(error).toMatchObject({ status: 200, code: 'bad_answer' });
    expect((error as Error).message).toContain('/sync/pull');
    expect((error as Error).message).not.toContain('desk-1');
  });

  it('does not read the answer of a call that expects none', async () => {
    const server = fakeServer(() => new Response('not json', { status: 200 }));
    await expect(
      teamServerRequest('https://team.example', {
        method: 'POST',
        path: '/auth/logout',
        schema: null,
        fetch: server.fetch,
      }),
    ).resolves.toBeUndefined();
  });

  it('says the server cannot be reached when the connection fails', async () => {
    const refused: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    const error = await rejection(
      teamServerRequest('https://team.example/', { method: 'GET', path: '/x', schema: answer, fetch: refused }),
    );
    expect(error).toBeInstanceOf(SyncNetworkError);
    expect((error as Error).message).toBe('The team server at https://team.example cannot be reached.');
  });

  it('says the server did not answer in time when it stays silent', async () => {
    const error = await rejection(
      teamServerRequest('https://team.example', {
        method: 'GET',
        path: '/x',
        schema: answer,
        fetch: silentFetch,
        timeoutMs: 20,
      }),
    );
    expect(error).toBeInstanceOf(SyncNetworkError);
    expect((error as Error).message).toMatch(/did not answer within \d+ s/);
  });
});

describe('the sync transport and the policy calls share one client', () => {
  it('word a silent server the same way', async () => {
    const transport = httpTransport('https://team.example', { fetch: silentFetch, timeoutMs: 20 });
    const syncError = await rejection(transport.pull('t0k', 'desk-1', 0, 100));
    const policy = createPolicyHandlers({
      server: () => ({ serverUrl: 'https://team.example', token: 't0k' }),
      saved: () => undefined,
      fetch: silentFetch,
      timeoutMs: 20,
    });
    const policyError = await rejection(policy['policy:clients']({}));
    expect(syncError).toBeInstanceOf(SyncNetworkError);
    expect(policyError).toBeInstanceOf(ContractFailure);
    expect(policyError).toMatchObject({ code: 'unavailable' });
    expect((policyError as Error).message).toContain((syncError as Error).message);
  });

  it("the transport's pull sends its query and passes the server's Retry-After on", async () => {
    const busy = fakeServer(() =>
      json({ error: { code: 'rate_limited', message: 'too many requests' } }, 429, { 'retry-after': '7' }),
    );
    const transport = httpTransport('https://team.example', { fetch: busy.fetch });
    const syncError = await rejection(transport.pull('t0k', 'desk-1', 0, 100));
    expect(syncError).toMatchObject({ retryAfterMs: 7000 });
    expect(busy.sent[0]?.url).toBe('https://team.example/sync/pull?clientId=desk-1&cursor=0&limit=100');
  });
});
