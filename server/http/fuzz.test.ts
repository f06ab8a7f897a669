/**
 * No input makes the team server answer 5xx. Every route Fastify lists (so a new route is covered
 * the day it is added) gets valid requests with one hostile value put in one place — a path
 * parameter, a query parameter, the snapshot's page token, a JSON or form body field, the whole
 * body, a header — as a moderator, an approver, an admin, nobody, and through the approver page's
 * cookie session; the socket gets hostile presence messages. First every place of every template
 * with the values that broke the server before (NUL, lone surrogates, numbers out of range), then
 * generated ones (fast-check; the seed is in the failure message, `FUZZ_SEED` replays it).
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTextHash } from '../../shared/domain';
import type { SocketServerMessage } from '../../shared/sync/server-api';
import type { ModeratorServer } from '../app';
import { createServer } from '../app';
import type { Db } from '../db/db';
import { Browser, readReply, submitReply } from '../approvals/testing';
import { sql } from '../db/sql';
import { createLogger } from '../log';
import { TEST_APP_SECRET } from '../platforms/meta/fixtures';
import { Clock, login, openWorldDb, testConfig } from '../testing/harness';
import { openSocket } from '../testing/socket-client';
import type { RouteEntry } from '../testing/fuzz';
import {
  headerSafe,
  hostileText,
  hostileValue,
  percentEncode,
  placesOf,
  queryString,
  replaceAt,
  routesOf,
} from '../testing/fuzz';
import type { Role, Template, TemplateWorld } from '../testing/fuzz-templates';
import { templatesFor } from '../testing/fuzz-templates';
import { PASSWORD, people, PHARMA, SENSITIVE_ITEM } from '../testing/world';

type Path = readonly (string | number)[];
type Place =
  | { readonly kind: 'param' | 'query' | 'form'; readonly key: string }
  | { readonly kind: 'token' | 'body'; readonly path: Path }
  | { readonly kind: 'raw' }
  | { readonly kind: 'header'; readonly name: string };

interface Target extends RouteEntry {
  readonly role: Role;
}

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** The values every place of every template gets in the first pass. */
const SWEEP_TEXTS: readonly unknown[] = ['poison\u0000id', 'ciao \ud83d'];
/** …and where numbers travel as text (queries, the page token), numbers out of every column's range. */
const SWEEP_NUMBERS: readonly unknown[] = [40_000, 2 ** 63];
const RANDOM_RUNS = 4;
const HEADERS = ['authorization', 'accept-language', 'content-type', 'cookie', 'x-forwarded-for', 'origin'];

let db: Db;
let server: ModeratorServer;
let world: TemplateWorld;
let targets: Target[];
const tokens = new Map<Role, string>();
let pageCookie = '';

beforeAll(async () => {
  db = await openWorldDb();
  // A connected channel, so pausing and reconnecting reach past the lookup.
  await db.query(sql`INSERT INTO channel_credentials (channel_id, client_id, platform, external_account_id,
      sealed_token, key_id, state, created_at, updated_at)
    VALUES ('ch-pharma', ${PHARMA}, 'facebook', '1234567890321', 'v1.k.a.b.c', 'k', 'connected', 1, 1)`);
  // Wrong passwords are part of the input: no lockout gets in the way of reaching the code after it.
  // The Meta app is configured, so the webhook routes reach their signature check and the inbox.
  server = await createServer(
    { ...testConfig, meta: { appSecret: TEST_APP_SECRET, verifyToken: 'fuzz-verify-token' } },
    {
      db,
      now: new Clock().now,
      logger: createLogger('silent'),
      loginLimit: { maxFailures: 1_000_000, windowMs: 1 },
    },
  );
  const { app } = server;
  tokens.set('moderator', await login(app, people.moderator.email));
  tokens.set('approver', await login(app, people.medical.email));
  tokens.set('admin', await login(app, people.admin.email));
  await submitReply(app, tokens.get('moderator') ?? '', SENSITIVE_ITEM, 'rp-fuzz-awaiting', 'Dosaggio: 5 mg');
  const awaiting = await readReply(db, 'rp-fuzz-awaiting');
  const browser = new Browser(app, 'it-IT');
  await browser.signIn(people.medical.email, PASSWORD);
  const csrf = Browser.csrfOf(await browser.get('/approve/'));
  pageCookie = `md_csrf=${browser.cookie('md_csrf') ?? ''}; md_approver=${browser.cookie('md_approver') ?? ''}`;
  const admin = tokens.get('admin') ?? '';
  world = {
    awaiting: { replyId: awaiting.id, textHash: currentTextHash(awaiting) },
    csrf,
    policy: async () => {
      const view = await app.inject({
        method: 'GET',
        url: `/clients/${PHARMA}/policy`,
        headers: { authorization: `Bearer ${admin}` },
      });
      const body = view.json<{ version: string; policy: unknown; savedReplies: { id: string; version: string }[] }>();
      const saved = body.savedReplies.find((entry) => entry.id === 'sr-pharma');
      return { version: body.version, policy: body.policy, savedReplyVersion: saved?.version ?? 'none' };
    },
  };
  const routes = routesOf(app.printRoutes({ commonPrefix: false }));
  // Logging out ends the session the other requests use: last.
  const order = (route: RouteEntry) => (route.path.endsWith('/logout') ? 1 : 0);
  targets = routes
    .sort((a, b) => order(a) - order(b))
    .flatMap((route) => {
      const roles: Role[] = route.path.startsWith('/approve') ? ['page'] : ['moderator', 'approver', 'admin'];
      return [...roles, 'anonymous' as const].map((role) => ({ ...route, role }));
    });
});

afterAll(async () => {
  await server.close();
  await db.close();
});

/** Who tries every place of a route: whoever gets furthest into it. */
function sweepRole(path: string): Role {
  if (path.startsWith('/approve/') || path === '/approve') return 'page';
  if (path.startsWith('/approvals') || path.startsWith('/audit')) return 'approver';
  if (path.startsWith('/clients') || path.startsWith('/channels')) return 'admin';
  return 'moderator';
}

function placesIn(template: Template, method: string): Place[] {
  return [
    ...Object.keys(template.params).map((key) => ({ kind: 'param' as const, key })),
    ...[...Object.keys(template.query), 'extra'].map((key) => ({ kind: 'query' as const, key })),
    ...(template.pageToken === undefined
      ? []
      : placesOf(template.pageToken).map((path) => ({ kind: 'token' as const, path }))),
    ...(template.body === undefined && template.makeBody === undefined
      ? []
      : placesOf(template.makeBody?.() ?? template.body).map((path) => ({ kind: 'body' as const, path }))),
    ...Object.keys(template.form ?? {}).map((key) => ({ kind: 'form' as const, key })),
    ...(method === 'GET' ? [] : [{ kind: 'raw' as const }]),
  ];
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function request(target: Target, template: Template, place: Place | null, value: unknown): InjectOptions {
  const at = (kind: Place['kind'], key: string) => place?.kind === kind && 'key' in place && place.key === key;
  const path = target.path.replace(/:(\w+)|\*/gu, (whole, name: string | undefined) => {
    const key = name ?? '*';
    return percentEncode(at('param', key) ? asText(value) : (template.params[key] ?? 'x'));
  });
  const query: Record<string, string> = { ...template.query };
  if (place?.kind === 'query') query[place.key] = asText(value);
  if (template.pageToken !== undefined) {
    const token = place?.kind === 'token' ? replaceAt(template.pageToken, place.path, value) : template.pageToken;
    query.page = Buffer.from(JSON.stringify(token)).toString('base64url');
  }
  const headers: Record<string, string> = { 'accept-language': 'it-IT,it;q=0.9' };
  const token = tokens.get(target.role);
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (target.role === 'page') headers.cookie = pageCookie;
  let payload: string | undefined;
  if (template.form !== undefined) {
    const form = { ...template.form, ...(place?.kind === 'form' ? { [place.key]: asText(value) } : {}) };
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = queryString(form).slice(1);
  } else if (template.body !== undefined || template.makeBody !== undefined) {
    const body = template.makeBody?.() ?? template.body;
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(place?.kind === 'body' ? replaceAt(body, place.path, value) : body);
  }
  if (place?.kind === 'raw') payload = asText(value);
  if (place?.kind === 'header') headers[place.name] = headerSafe(asText(value));
  return {
    method: target.method as InjectOptions['method'],
    url: path + queryString(query),
    headers,
    ...(payload === undefined ? {} : { payload }),
  };
}

const describePlace = (place: Place | null): string =>
  place === null
    ? 'as is'
    : 'key' in place
      ? `${place.kind}.${place.key}`
      : 'path' in place
        ? `${place.kind}.${place.path.join('.')}`
        : place.kind === 'header'
          ? `header ${place.name}`
          : 'whole body';

/** Sends one request; a failure line when the server answered 5xx. */
async function attempt(
  target: Target,
  template: Template,
  place: Place | null,
  value: unknown,
): Promise<string | null> {
  const options = request(target, template, place, value);
  let response;
  try {
    response = await server.app.inject(options);
  } catch (error) {
    // A header Node itself would not send never reaches the server.
    if (place?.kind === 'header') return null;
    throw error;
  }
  if (response.statusCode < 500) return null;
  const code = /"code":"(\w+)"/u.exec(response.body)?.[1] ?? '';
  const shown = JSON.stringify(asText(value).slice(0, 40));
  return `${target.method} ${target.path} as ${target.role}: ${response.statusCode} ${code} with ${describePlace(place)} = ${shown}`;
}

/** Distinct failures, one line per route, role and place. */
function summary(failures: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const line of failures) seen.set(line.replace(/ = .*$/u, ''), line);
  return [...seen.values()];
}

describe('no input makes any route answer 5xx', () => {
  it('enumerates the routes from Fastify, the approver page and the socket among them', () => {
    const paths = new Set(targets.map((target) => `${target.method} ${target.path}`));
    for (const route of [
      'POST /sync/push',
      'GET /sync/snapshot',
      'POST /approvals/decide',
      'PUT /clients/:clientId/policy',
      'GET /webhooks/meta',
      'POST /webhooks/meta',
      'GET /channels',
      'POST /channels',
      'PATCH /channels/:channelId',
      'POST /channels/:channelId/reconnect',
    ])
      expect(paths).toContain(route);
    expect([...paths].filter((route) => route.startsWith('POST /approve/items/'))).toHaveLength(2);
  });

  it('every place of every template, with NUL, lone surrogates and numbers out of range', async () => {
    const failures: string[] = [];
    const seen = new Set<string>();
    for (const target of targets) {
      if (target.role !== sweepRole(target.path) || target.path.endsWith('/logout')) continue;
      const templates = await templatesFor(target.method, target.path, target.role, world);
      for (const [templateIndex, template] of templates.entries()) {
        for (const place of placesIn(template, target.method)) {
          // The push envelope is the same in every mutation's template: tried once.
          const inArgs = place.kind === 'body' && place.path.includes('args');
          const key = `${target.method} ${target.path} ${describePlace(place)} ${inArgs ? templateIndex : ''}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const numeric = place.kind === 'query' || place.kind === 'token';
          for (const value of numeric ? [...SWEEP_TEXTS, ...SWEEP_NUMBERS] : SWEEP_TEXTS) {
            const failed = await attempt(target, template, place, value);
            if (failed !== null) failures.push(failed);
          }
        }
      }
    }
    expect(summary(failures)).toEqual([]);
  }, 120_000);

  it('presence and other socket messages with hostile values', async () => {
    const url = await server.listen();
    const failures: string[] = [];
    const values = [...SWEEP_TEXTS, ...fc.sample(hostileValue, { numRuns: 8, seed: SEED })];
    const token = await login(server.app, people.moderator.email);
    for (const value of values) {
      const socket = await openSocket(url, token);
      await socket.next((message) => message.type === 'ready');
      socket.send({ type: 'presence', itemId: value, activity: 'viewing' });
      socket.send({ type: 'presence', itemId: SENSITIVE_ITEM, activity: value });
      socket.send(value);
      socket.send({ type: 'ping' });
      await socket.next((message) => message.type === 'pong');
      const broken = socket.received.filter(
        (message): message is Extract<SocketServerMessage, { type: 'error' }> =>
          message.type === 'error' && message.error.code === 'server_error',
      );
      if (broken.length > 0) failures.push(`socket: server_error with ${JSON.stringify(asText(value).slice(0, 40))}`);
      await socket.close();
    }
    const anonymous = await openSocket(url, null);
    anonymous.send({ type: 'auth', token: 'poison\u0000id' });
    anonymous.send({ type: 'auth', token: 'ciao \ud83d' });
    expect(await anonymous.closed()).toBeGreaterThan(0);
    expect(
      anonymous.received.filter((message) => message.type === 'error' && message.error.code === 'server_error'),
    ).toEqual([]);
    expect(failures).toEqual([]);
  });

  it(`generated values in every place, header included (seed ${SEED})`, async () => {
    const failures: string[] = [];
    const choices = fc.sample(
      fc.record({
        template: fc.nat(),
        place: fc.nat(),
        header: fc.nat(),
        inHeader: fc.nat({ max: 5 }).map((roll) => roll === 0),
        value: hostileValue,
        text: hostileText,
      }),
      { numRuns: targets.length * RANDOM_RUNS, seed: SEED },
    );
    for (const [index, choice] of choices.entries()) {
      const target = targets[Math.floor(index / RANDOM_RUNS)];
      if (target === undefined) continue;
      const templates = await templatesFor(target.method, target.path, target.role, world);
      const template = templates[choice.template % templates.length];
      if (template === undefined) continue;
      const places = placesIn(template, target.method);
      const place: Place | null = choice.inHeader
        ? { kind: 'header', name: HEADERS[choice.header % HEADERS.length] ?? 'origin' }
        : (places[choice.place % places.length] ?? null);
      const failed = await attempt(target, template, place, place?.kind === 'header' ? choice.text : choice.value);
      if (failed !== null) failures.push(failed);
    }
    expect(summary(failures), `FUZZ_SEED=${SEED}`).toEqual([]);
  }, 120_000);
});
