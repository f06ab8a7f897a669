import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { latestVersion } from '../db/migrations';
import { anonymous, Clock, login, openWorldDb, startTestServer } from '../testing/harness';
import { people } from '../testing/world';

let db: Db;
let server: ModeratorServer;
let token: string;

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, new Clock());
  token = await login(server.app, people.moderator.email);
});

afterAll(async () => {
  await server.close();
  await db.close();
});

interface Case {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly payload?: string;
  readonly contentType?: string;
  readonly auth?: boolean;
  readonly status: number;
  readonly code: string;
}

const mutation = {
  clientId: 'replica-valid-1',
  id: 1,
  name: 'item.claim',
  args: { itemId: 'it-pharma-1' },
  createdAt: 0,
};
const push = (body: unknown) => JSON.stringify(body);

const cases: Case[] = [
  { name: 'login without a body', method: 'POST', url: '/auth/login', status: 400, code: 'invalid_request' },
  {
    name: 'login with broken JSON',
    method: 'POST',
    url: '/auth/login',
    payload: '{"email":',
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'login with a JSON array',
    method: 'POST',
    url: '/auth/login',
    payload: '[]',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'login with a bad email',
    method: 'POST',
    url: '/auth/login',
    payload: '{"email":"nope","password":"x"}',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'login with extra fields',
    method: 'POST',
    url: '/auth/login',
    payload: '{"email":"a@b.it","password":"x","admin":true}',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'login as text/plain',
    method: 'POST',
    url: '/auth/login',
    payload: 'hello',
    contentType: 'text/plain',
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'logout without a token', method: 'POST', url: '/auth/logout', status: 401, code: 'unauthorized' },
  {
    name: 'push without a token',
    method: 'POST',
    url: '/sync/push',
    payload: push({}),
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'push with broken JSON',
    method: 'POST',
    url: '/sync/push',
    payload: '{',
    auth: true,
    status: 400,
    code: 'invalid_json',
  },
  { name: 'push without a body', method: 'POST', url: '/sync/push', auth: true, status: 400, code: 'invalid_request' },
  {
    name: 'push of another protocol',
    method: 'POST',
    url: '/sync/push',
    payload: push({ protocol: 2, clientId: 'replica-valid-1', mutations: [] }),
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'push with a short clientId',
    method: 'POST',
    url: '/sync/push',
    payload: push({ protocol: 1, clientId: 'x', mutations: [] }),
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'push of an unknown mutation',
    method: 'POST',
    url: '/sync/push',
    payload: push({ protocol: 1, clientId: 'replica-valid-1', mutations: [{ ...mutation, name: 'item.explode' }] }),
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'push with a mutation id of 0',
    method: 'POST',
    url: '/sync/push',
    payload: push({ protocol: 1, clientId: 'replica-valid-1', mutations: [{ ...mutation, id: 0 }] }),
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'push of another replica mutation',
    method: 'POST',
    url: '/sync/push',
    payload: push({
      protocol: 1,
      clientId: 'replica-valid-1',
      mutations: [{ ...mutation, clientId: 'replica-other-1' }],
    }),
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'push of 501 mutations',
    method: 'POST',
    url: '/sync/push',
    payload: push({
      protocol: 1,
      clientId: 'replica-valid-1',
      mutations: Array.from({ length: 501 }, (_, i) => ({ ...mutation, id: i + 1 })),
    }),
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'pull without a token',
    method: 'GET',
    url: '/sync/pull?clientId=replica-valid-1&cursor=0',
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'pull without a cursor',
    method: 'GET',
    url: '/sync/pull?clientId=replica-valid-1',
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'pull with a negative cursor',
    method: 'GET',
    url: '/sync/pull?clientId=replica-valid-1&cursor=-1',
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'pull with a word for cursor',
    method: 'GET',
    url: '/sync/pull?clientId=replica-valid-1&cursor=abc',
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'pull with a huge limit',
    method: 'GET',
    url: '/sync/pull?clientId=replica-valid-1&cursor=0&limit=99999',
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'pull with a repeated parameter',
    method: 'GET',
    url: '/sync/pull?clientId=replica-valid-1&cursor=0&cursor=1',
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'pull with an unknown parameter',
    method: 'GET',
    url: '/sync/pull?clientId=replica-valid-1&cursor=0&since=1',
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'snapshot without a clientId',
    method: 'GET',
    url: '/sync/snapshot',
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'snapshot with a forged page',
    method: 'GET',
    url: '/sync/snapshot?clientId=replica-valid-1&page=bm90LWEtdG9rZW4',
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'snapshot with limit 0',
    method: 'GET',
    url: '/sync/snapshot?clientId=replica-valid-1&limit=0',
    auth: true,
    status: 400,
    code: 'invalid_request',
  },
  { name: 'me with a made-up token', method: 'GET', url: '/auth/me', status: 401, code: 'unauthorized' },
  { name: 'an unknown route', method: 'GET', url: '/sync/everything', status: 404, code: 'not_found' },
  { name: 'GET on a POST route', method: 'GET', url: '/sync/push', status: 404, code: 'not_found' },
];

describe('malformed requests', () => {
  it.each(cases)('$name → $status $code', async (entry) => {
    const headers: Record<string, string> = {};
    if (entry.auth === true) headers.authorization = `Bearer ${token}`;
    if (entry.name === 'me with a made-up token') headers.authorization = 'Bearer made-up-token';
    if (entry.payload !== undefined) headers['content-type'] = entry.contentType ?? 'application/json';
    const response = await server.app.inject({
      method: entry.method,
      url: entry.url,
      headers,
      ...(entry.payload === undefined ? {} : { payload: entry.payload }),
    });
    expect(response.statusCode).toBe(entry.status);
    const body = response.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(entry.code);
    expect(body.error.message.length).toBeGreaterThan(5);
  });

  it('names the field at fault', async () => {
    const answer = await anonymous(server.app)<{ error: { message: string } }>(
      'POST',
      '/sync/push',
      { protocol: 1, clientId: 'replica-valid-1', mutations: [{ ...mutation, createdAt: -5 }] },
      token,
    );
    expect(answer.body.error.message).toMatch(/^body\.mutations\.0\.createdAt: /);
  });

  it('answers health and readiness without a token', async () => {
    const call = anonymous(server.app);
    expect((await call('GET', '/health')).body).toEqual({ status: 'ok' });
    expect((await call('GET', '/ready')).body).toEqual({ status: 'ready', schemaVersion: latestVersion() });
  });
});
