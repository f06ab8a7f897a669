import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { toInt } from '../db/db';
import { sql } from '../db/sql';
import { Clock, login, openWorldDb, startTestServer } from '../testing/harness';
import { itemId, OTHER, PASSWORD, people, PHARMA } from '../testing/world';
import { Browser, readReply, submitReply } from './testing';

let db: Db;
let server: ModeratorServer;
const clock = new Clock();
const PHARMA_TEXT = 'Per la posologia di Cardiolex ne parli con il suo medico.';
const OTHER_TEXT = 'Grazie, ti aspettiamo in negozio!';

async function commitCount(): Promise<number> {
  const [found] = await db.query(sql`SELECT count(*)::int AS n FROM commits`);
  return toInt(found?.n);
}

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, clock);
  const moderator = await login(server.app, people.moderator.email);
  await submitReply(server.app, moderator, itemId(PHARMA, 1), 'r-page-1', PHARMA_TEXT);
  clock.advance(60_000);
  await submitReply(server.app, moderator, itemId(PHARMA, 2), 'r-page-2', `${PHARMA_TEXT} Buona giornata.`);
  await submitReply(server.app, moderator, itemId(OTHER, 1), 'r-page-other', OTHER_TEXT);
  clock.advance(60_000);
}, 60_000);

afterAll(async () => {
  await server.close();
  await db.close();
});

describe('the approver page', { timeout: 30_000 }, () => {
  it('renders sign-in in Italian or English from Accept-Language, and in the language chosen with the switch', async () => {
    const italian = new Browser(server.app, 'it-IT,it;q=0.9');
    const page = await italian.get('/approve/login');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="it">');
    expect(page.body).toContain('Accedi per esaminare le risposte');
    expect(page.body).toContain('<label for="password">Password</label>');
    const english = await new Browser(server.app, 'en-US').get('/approve/login');
    expect(english.body).toContain('Sign in to review replies');
    // The switch keeps the choice in a cookie, whatever the browser says afterwards.
    const switched = await italian.get('/approve/lang/en?next=%2Fapprove%2Flogin');
    expect([switched.status, switched.location]).toEqual([303, '/approve/login']);
    expect((await italian.get('/approve/login')).body).toContain('Sign in to review replies');
    expect((await italian.get('/approve/lang/it?next=https%3A%2F%2Fevil.example')).location).toBe('/approve/');
  });

  it('serves a strict CSP, no inline script, and its stylesheet', async () => {
    const page = await new Browser(server.app).get('/approve/login');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none';style-src 'self';img-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none'",
    );
    expect(page.body).not.toMatch(/<script|style=/);
    const css = await new Browser(server.app).get('/approve/static/approver.css');
    expect(css.status).toBe(200);
    expect(String(css.headers['content-type'])).toContain('text/css');
  });

  it('signs in with a session cookie (HttpOnly, SameSite=Strict) that the bearer API does not accept', async () => {
    const browser = new Browser(server.app);
    const signedIn = await browser.signIn(people.medical.email, PASSWORD);
    expect([signedIn.status, signedIn.location]).toEqual([303, '/approve/']);
    const setCookie = [signedIn.headers['set-cookie']].flat().join('\n');
    expect(setCookie).toMatch(/md_approver=[^;]+;.*Path=\/approve;.*HttpOnly;.*SameSite=Strict/);
    const me = await server.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { cookie: `md_approver=${browser.cookie('md_approver') ?? ''}` },
    });
    expect(me.statusCode).toBe(401);
    const logins = await db.query(
      sql`SELECT 1 FROM audit_events WHERE action = 'login' AND actor_id = ${people.medical.id}`,
    );
    expect(logins.length).toBeGreaterThan(0);
    const wrong = await new Browser(server.app).signIn(people.medical.email, 'wrong');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Wrong email or password.');
    const moderator = await new Browser(server.app).signIn(people.moderator.email, PASSWORD);
    expect(moderator.status).toBe(403);
    expect(moderator.body).toContain('This page is for client approvers.');
  });

  it('needs the CSRF token of its forms', async () => {
    const browser = new Browser(server.app);
    await browser.get('/approve/login');
    const noToken = await browser.post('/approve/login', { email: people.medical.email, password: PASSWORD });
    expect(noToken.status).toBe(403);
    expect(noToken.body).toContain('The form expired.');
    expect(browser.cookie('md_approver')).toBeUndefined();

    await browser.signIn(people.medical.email, PASSWORD);
    const item = await browser.get('/approve/items/r-page-1');
    const before = await commitCount();
    const forged = await browser.post('/approve/items/r-page-1/decide', {
      _csrf: 'forged-token',
      textHash: Browser.fieldOf(item, 'textHash'),
      stepIndex: '0',
      decision: 'approved',
      password: PASSWORD,
    });
    expect(forged.status).toBe(403);
    expect(await commitCount()).toBe(before);
    expect((await readReply(db, 'r-page-1')).approvals).toEqual([]);
  });

  it('lists only the approver’s own client, oldest first, with the SLA due time', async () => {
    const medical = new Browser(server.app);
    await medical.signIn(people.medical.email, PASSWORD);
    const list = await medical.get('/approve/');
    expect(list.status).toBe(200);
    expect(list.body).toContain('Replies awaiting approval');
    expect(list.body).toContain('2 replies waiting');
    const first = list.body.indexOf('/approve/items/r-page-1');
    const second = list.body.indexOf('/approve/items/r-page-2');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(list.body).not.toContain('r-page-other');
    expect(list.body).toContain('Review reply to');
    expect(list.body).toContain('Your decision');

    const other = new Browser(server.app, 'it');
    await other.signIn(people.otherApprover.email, PASSWORD);
    const otherList = await other.get('/approve/');
    expect(otherList.body).toContain('Risposte in attesa di approvazione');
    expect(otherList.body).toContain('r-page-other');
    expect(otherList.body).not.toContain('r-page-1');
    // Another client's reply is answered like a missing one, page and form alike.
    expect((await other.get('/approve/items/r-page-1')).status).toBe(404);
    const item = await other.get('/approve/items/r-page-other');
    const reached = await other.post('/approve/items/r-page-1/decide', {
      _csrf: Browser.csrfOf(item),
      textHash: 'h',
      stepIndex: '0',
      decision: 'approved',
      password: PASSWORD,
    });
    expect(reached.status).toBe(404);
    expect((await readReply(db, 'r-page-1')).approvals).toEqual([]);
  });

  it('shows the item in context and records an approval signed with the password', async () => {
    const browser = new Browser(server.app);
    await browser.signIn(people.medical.email, PASSWORD);
    const item = await browser.get('/approve/items/r-page-1');
    expect(item.status).toBe(200);
    expect(item.body).toContain(PHARMA_TEXT);
    expect(item.body).toContain('Approval chain');
    expect(item.body).toContain('Medical review');
    const form = {
      _csrf: Browser.csrfOf(item),
      textHash: Browser.fieldOf(item, 'textHash'),
      stepIndex: '0',
      decision: 'approved',
    };
    const wrong = await browser.post('/approve/items/r-page-1/decide', { ...form, password: 'nope', comment: 'Ok' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Wrong password: your decision was not recorded.');
    expect(wrong.body).toContain('>Ok</textarea>');
    expect((await readReply(db, 'r-page-1')).approvals).toEqual([]);

    const done = await browser.post('/approve/items/r-page-1/decide', { ...form, password: PASSWORD });
    expect(done.status).toBe(303);
    const decided = await browser.get(done.location ?? '');
    expect(decided.status).toBe(200);
    expect(decided.body).toContain('Your decision was recorded and signed.');
    expect(decided.body).toContain('The reply now waits for Legal review.');
    expect(decided.body).toContain('Approved — Medical review');
    expect(decided.body).toContain(people.medical.name);
    expect((await readReply(db, 'r-page-1')).approvals[0]?.signature).toMatchObject({
      printedName: people.medical.name,
      meaning: 'Approved — Medical review',
      lang: 'en',
    });
    // The next step's approver sees the earlier signature in the chain.
    const legal = new Browser(server.app, 'it');
    await legal.signIn(people.legal.email, PASSWORD);
    const next = await legal.get('/approve/items/r-page-1');
    expect(next.body).toContain(`Approved — Medical review · firmato da ${people.medical.name}`);
  });

  it('rejects with a reason, and refuses a rejection without one', async () => {
    const browser = new Browser(server.app, 'it');
    await browser.signIn(people.otherApprover.email, PASSWORD);
    const item = await browser.get('/approve/items/r-page-other');
    const form = {
      _csrf: Browser.csrfOf(item),
      textHash: Browser.fieldOf(item, 'textHash'),
      stepIndex: '0',
      decision: 'rejected',
      password: PASSWORD,
    };
    const bare = await browser.post('/approve/items/r-page-other/decide', { ...form, comment: ' ' });
    expect(bare.status).toBe(400);
    expect(bare.body).toContain('Scrivi il motivo del rifiuto.');
    const done = await browser.post('/approve/items/r-page-other/decide', {
      ...form,
      comment: 'Tono troppo informale',
    });
    const decided = await browser.get(done.location ?? '');
    expect(decided.body).toContain('Rifiutata');
    expect(decided.body).toContain('Rifiutato — Brand manager');
    expect(decided.body).toContain('La risposta è tornata al moderatore con il tuo motivo.');
  });

  it('edit-and-approve shows a word diff, then signs the corrected text', async () => {
    const browser = new Browser(server.app);
    await browser.signIn(people.medical.email, PASSWORD);
    const item = await browser.get('/approve/items/r-page-2');
    const textHash = Browser.fieldOf(item, 'textHash');
    const editedText = 'Per la posologia di Cardiolex si rivolga al suo medico. Buona giornata.';
    const same = await browser.post('/approve/items/r-page-2/preview', {
      _csrf: Browser.csrfOf(item),
      textHash,
      stepIndex: '0',
      editedText: `${PHARMA_TEXT} Buona giornata.`,
    });
    expect(same.status).toBe(400);
    expect(same.body).toContain('The corrected text is the same as the proposed one.');
    const preview = await browser.post('/approve/items/r-page-2/preview', {
      _csrf: Browser.csrfOf(item),
      textHash,
      stepIndex: '0',
      editedText,
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatch(/<del><span class="sr-only">removed: <\/span>ne parli con il<\/del>/);
    expect(preview.body).toMatch(/<ins><span class="sr-only">added: <\/span>si rivolga al<\/ins>/);
    const done = await browser.post('/approve/items/r-page-2/decide', {
      _csrf: Browser.csrfOf(preview),
      textHash: Browser.fieldOf(preview, 'textHash'),
      stepIndex: '0',
      decision: 'approved',
      editedText: Browser.fieldOf(preview, 'editedText'),
      password: PASSWORD,
    });
    expect(done.status).toBe(303);
    expect((await browser.get(done.location ?? '')).body).toContain('Edited and approved');
    expect(await readReply(db, 'r-page-2')).toMatchObject({
      text: editedText,
      version: 2,
      approvals: [{ meaning: 'Edited and approved — Medical review', signature: { printedName: people.medical.name } }],
    });
  });

  it('after an edit-and-approve that completes the chain, names the moderator who still has to confirm', async () => {
    const moderator = await login(server.app, people.moderator.email);
    await submitReply(server.app, moderator, itemId(OTHER, 2), 'r-page-confirm', OTHER_TEXT);
    const browser = new Browser(server.app);
    await browser.signIn(people.otherApprover.email, PASSWORD);
    const item = await browser.get('/approve/items/r-page-confirm');
    const preview = await browser.post('/approve/items/r-page-confirm/preview', {
      _csrf: Browser.csrfOf(item),
      textHash: Browser.fieldOf(item, 'textHash'),
      stepIndex: '0',
      editedText: 'Grazie, ti aspettiamo nel nostro negozio!',
    });
    const done = await browser.post('/approve/items/r-page-confirm/decide', {
      _csrf: Browser.csrfOf(preview),
      textHash: Browser.fieldOf(preview, 'textHash'),
      stepIndex: '0',
      decision: 'approved',
      editedText: Browser.fieldOf(preview, 'editedText'),
      password: PASSWORD,
    });
    expect(done.status).toBe(303);
    const decided = (await browser.get(done.location ?? '')).body;
    expect(decided).toContain(
      `Because you changed the words, ${people.moderator.name}, who wrote the reply, must confirm your version before it can be sent.`,
    );
    expect(decided).not.toContain('the moderator can now send the reply');
  });

  it('answers a malformed form with 400 and a clear message', async () => {
    const browser = new Browser(server.app);
    await browser.signIn(people.legal.email, PASSWORD);
    const item = await browser.get('/approve/items/r-page-1');
    const broken = await browser.post('/approve/items/r-page-1/decide', {
      _csrf: Browser.csrfOf(item),
      textHash: 'h',
      stepIndex: 'seven',
      decision: 'approved',
      password: PASSWORD,
    });
    expect(broken.status).toBe(400);
    expect(broken.body).toContain('The form was incomplete. Try again.');
  });

  it('sends a signed-out visitor to sign in, and signs out', async () => {
    const visitor = await new Browser(server.app).get('/approve/items/r-page-1');
    expect([visitor.status, visitor.location]).toEqual([303, '/approve/login?next=%2Fapprove%2Fitems%2Fr-page-1']);
    const browser = new Browser(server.app);
    await browser.signIn(people.legal.email, PASSWORD);
    const list = await browser.get('/approve/');
    const out = await browser.post('/approve/logout', { _csrf: Browser.csrfOf(list) });
    expect([out.status, out.location]).toEqual([303, '/approve/login?signedOut=1']);
    expect((await browser.get('/approve/')).status).toBe(303);
  });
});
