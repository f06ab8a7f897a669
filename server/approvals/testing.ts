/**
 * Test support for the approvals tests (no production code imports it): replies submitted for
 * approval through the real push endpoint, the JSON decide call, and a tiny browser (a cookie jar
 * over `app.inject`) for the page.
 */
import type { FastifyInstance } from 'fastify';
import type { Reply } from '../../shared/domain/entities';
import { currentTextHash } from '../../shared/domain';
import type { Db } from '../db/db';
import { sql } from '../db/sql';
import { as, mutationOf, pushOf } from '../testing/harness';
import type { Answer } from '../testing/harness';

let replicas = 0;

export async function readReply(db: Db, replyId: string): Promise<Reply> {
  const [found] = await db.query(sql`SELECT data FROM entities WHERE entity = 'reply' AND id = ${replyId}`);
  if (found === undefined) throw new Error(`no reply ${replyId}`);
  return found.data as Reply;
}

/** A moderator claims the item, drafts the text and submits it for approval (escalated). */
export async function submitReply(
  app: FastifyInstance,
  moderatorToken: string,
  itemId: string,
  replyId: string,
  text: string,
): Promise<void> {
  const replica = `replica-approvals-${(replicas += 1)}`;
  const answer = await as(app, moderatorToken).push(
    pushOf(replica, [
      mutationOf(replica, 1, 'item.claim', { itemId }),
      mutationOf(replica, 2, 'reply.draft', { replyId, itemId, text, visibility: 'public', savedReplyId: null }),
      mutationOf(replica, 3, 'reply.submit', { replyId, escalated: true, note: 'Dosaggio' }),
    ]),
  );
  if (answer.status !== 200) throw new Error(`push ${answer.status}`);
}

/** A pushed mutation from a moderator's replica, answered with its refusal code (or null). */
export async function pushAs(
  app: FastifyInstance,
  db: Db,
  token: string,
  name: Parameters<typeof mutationOf>[2],
  args: Parameters<typeof mutationOf>[3],
): Promise<string | null> {
  const replica = `replica-approvals-${(replicas += 1)}`;
  await as(app, token).push(pushOf(replica, [mutationOf(replica, 1, name, args)]));
  const [found] = await db.query(sql`SELECT refused_code FROM commits WHERE client_id = ${replica}`);
  return (found?.refused_code as string | null | undefined) ?? null;
}

export interface DecideBody {
  replyId: string;
  stepIndex: number;
  decision: 'approved' | 'rejected';
  textHash: string;
  comment?: string | null;
  password: string;
  editedText?: string | null;
  lang?: 'it' | 'en';
}

export async function decideJson(
  app: FastifyInstance,
  token: string,
  body: DecideBody | Record<string, unknown>,
  ip = '127.0.0.1',
): Promise<Answer<Record<string, unknown>>> {
  const response = await app.inject({
    method: 'POST',
    url: '/approvals/decide',
    headers: { authorization: `Bearer ${token}` },
    payload: body,
    remoteAddress: ip,
  });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

export async function approveBody(db: Db, replyId: string, stepIndex: number, password: string): Promise<DecideBody> {
  const reply = await readReply(db, replyId);
  return { replyId, stepIndex, decision: 'approved', textHash: currentTextHash(reply), comment: null, password };
}

export interface Page {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly location: string | null;
}

/** Cookies kept like a browser; forms posted url-encoded. */
export class Browser {
  private readonly jar = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly language = 'en-GB,en;q=0.9',
  ) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  private async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<Page> {
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.app.inject({
      method,
      url,
      headers: {
        'accept-language': this.language,
        ...(cookie === '' ? {} : { cookie }),
        ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form === undefined ? {} : { payload: new URLSearchParams(form).toString() }),
    });
    for (const set of response.cookies) {
      if (set.value === '' || (set.maxAge !== undefined && set.maxAge <= 0)) this.jar.delete(set.name);
      else this.jar.set(set.name, set.value);
    }
    const location = response.headers.location;
    return {
      status: response.statusCode,
      body: response.body,
      headers: response.headers,
      location: typeof location === 'string' ? location : null,
    };
  }

  get(url: string): Promise<Page> {
    return this.request('GET', url);
  }

  post(url: string, form: Record<string, string>): Promise<Page> {
    return this.request('POST', url, form);
  }

  /** The CSRF token of the last form on a page. */
  static csrfOf(page: Page): string {
    const found = [...page.body.matchAll(/name="_csrf" value="([^"]+)"/g)].pop();
    if (found?.[1] === undefined) throw new Error('no CSRF token on the page');
    return found[1];
  }

  /** Hidden field value of the first form that has it. */
  static fieldOf(page: Page, name: string): string {
    const found = new RegExp(`name="${name}" value="([^"]*)"`).exec(page.body);
    if (found?.[1] === undefined) throw new Error(`no field ${name} on the page`);
    return found[1];
  }

  async signIn(email: string, password: string): Promise<Page> {
    const form = await this.get('/approve/login');
    return this.post('/approve/login', { _csrf: Browser.csrfOf(form), email, password });
  }
}
