/**
 * Pre-approval is the client's decision (shared/domain/preApproval.ts) through the real server: an
 * admin submits a saved reply; it is pre-approved only once the client's chain e-signed its exact
 * text for that visibility, and only then does a reply made from it skip the chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedReplySaved } from '../../shared/contract/policy';
import type { SavedReply } from '../../shared/domain/entities';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { sql } from '../db/sql';
import { Clock, login, openWorldDb, startTestServer } from '../testing/harness';
import { PASSWORD, people, PHARMA } from '../testing/world';
import { Browser } from './testing';

let db: Db;
let server: ModeratorServer;
const clock = new Clock();
const tokens = { admin: '', medical: '', legal: '' };

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, clock);
  tokens.admin = await login(server.app, people.admin.email);
  tokens.medical = await login(server.app, people.medical.email);
  tokens.legal = await login(server.app, people.legal.email);
}, 60_000);

afterAll(async () => {
  await server.close();
  await db.close();
});

async function inject<T>(token: string, method: 'POST' | 'PUT', url: string, payload: Record<string, unknown>) {
  const response = await server.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
  return { status: response.statusCode, body: response.json<T>() };
}

const sign = (token: string, saved: SavedReply, stepIndex: number, password = PASSWORD) =>
  inject<{ savedReply: SavedReply; error?: { code: string } }>(token, 'POST', '/approvals/saved-replies/decide', {
    savedReplyId: saved.id,
    stepIndex,
    textHash: saved.preApproval?.textHash ?? '',
    password,
    lang: 'it',
  });

describe('POST /approvals/saved-replies/decide', { timeout: 30_000 }, () => {
  it('the client’s chain signs the submitted text step by step, with the password; an edit voids it', async () => {
    const submitted = await inject<SavedReplySaved>(tokens.admin, 'POST', `/clients/${PHARMA}/saved-replies`, {
      name: 'Posologia',
      text: 'Ciao {{contact.first_name}}, per la posologia ne parli con il suo medico.',
      lang: 'it',
      preApprovalFor: 'private',
    });
    expect(submitted.status).toBe(201);
    const saved = submitted.body.savedReply;
    expect(saved.preApproved).toBe(false);

    expect((await sign(tokens.medical, saved, 0, 'wrong')).status).toBe(401);
    expect((await sign(tokens.legal, saved, 0)).body.error?.code).toBe('not_in_step_group');
    expect((await sign(tokens.admin, saved, 0)).status).toBe(403);
    const first = await sign(tokens.medical, saved, 0);
    expect(first.status).toBe(200);
    expect(first.body.savedReply).toMatchObject({ preApproved: false });
    const second = await sign(tokens.legal, saved, 1);
    expect(second.status).toBe(200);
    expect(second.body.savedReply).toMatchObject({ preApproved: true, preApproval: { visibility: 'private' } });
    expect(second.body.savedReply.preApproval?.signatures.map((entry) => entry.signature.printedName)).toEqual([
      people.medical.name,
      people.legal.name,
    ]);
    const events = await db.query(
      sql`SELECT actor_id, signature FROM audit_events WHERE action = 'approve' AND entity = 'saved_reply'
        AND entity_id = ${saved.id} ORDER BY seq`,
    );
    expect(events.map((event) => event.actor_id)).toEqual([people.medical.id, people.legal.id]);
    expect(events[1]?.signature).toMatchObject({ meaning: 'Pre-approvato — Legal review' });

    const { version } = await readVersion(saved.id);
    const edited = await inject<SavedReplySaved>(tokens.admin, 'PUT', `/clients/${PHARMA}/saved-replies/${saved.id}`, {
      name: 'Posologia',
      text: 'Ciao {{contact.first_name}}, per la posologia chieda al suo medico.',
      lang: 'it',
      preApprovalFor: 'private',
      version,
    });
    expect(edited.status).toBe(200);
    // The new text is submitted again, with none of the old signatures.
    expect(edited.body.savedReply).toMatchObject({ preApproved: false, preApproval: { signatures: [] } });
  });
});

describe('the approver page', { timeout: 30_000 }, () => {
  it('lists a saved reply waiting for the approver’s step and signs it with the password', async () => {
    const submitted = await inject<SavedReplySaved>(tokens.admin, 'POST', `/clients/${PHARMA}/saved-replies`, {
      name: 'Grazie dal sito',
      text: 'Grazie {{contact.first_name}}, trova tutto sul nostro sito.',
      lang: 'it',
      preApprovalFor: 'public',
    });
    const saved = submitted.body.savedReply;
    const browser = new Browser(server.app);
    await browser.signIn(people.medical.email, PASSWORD);
    const list = await browser.get('/approve/');
    expect(list.body).toContain('Saved replies to pre-approve');
    expect(list.body).toContain('Grazie {{contact.first_name}}, trova tutto sul nostro sito.');
    expect(list.body).toContain('For public replies · your step: Medical review');
    const action = `/approve/saved-replies/${saved.id}/sign`;
    const form = { _csrf: Browser.csrfOf(list), textHash: saved.preApproval?.textHash ?? '', stepIndex: '0' };
    const wrong = await browser.post(action, { ...form, password: 'not-it' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Wrong password');
    const again = await browser.get('/approve/');
    const done = await browser.post(action, { ...form, _csrf: Browser.csrfOf(again), password: PASSWORD });
    expect(done.status).toBe(303);
    const after = await browser.get(done.location ?? '');
    expect(after.body).toContain('Your pre-approval was signed and recorded.');
    expect(after.body).not.toContain('trova tutto sul nostro sito');
    const [stored] = await db.query(sql`SELECT data FROM entities WHERE entity = 'saved_reply' AND id = ${saved.id}`);
    expect((stored?.data as SavedReply).preApproval?.signatures.map((entry) => entry.approverId)).toEqual([
      people.medical.id,
    ]);
  });
});

async function readVersion(savedReplyId: string): Promise<{ version: string }> {
  const view = await server.app.inject({
    method: 'GET',
    url: `/clients/${PHARMA}/policy`,
    headers: { authorization: `Bearer ${tokens.admin}` },
  });
  const found = view
    .json<{ savedReplies: { id: string; version: string }[] }>()
    .savedReplies.find((entry) => entry.id === savedReplyId);
  if (found === undefined) throw new Error('no such saved reply in the policy view');
  return { version: found.version };
}
