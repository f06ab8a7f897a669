import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditContent } from '../../shared/domain/audit';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { sql } from '../db/sql';
import { anonymous, as, Clock, login, openWorldDb, startTestServer } from '../testing/harness';
import { OTHER, PASSWORD, PHARMA, people } from '../testing/world';
import { appendAuditNow, readChainPage } from './store';
import { pdfText } from './testing';

const DAY = 86_400_000;
const JAN_15 = Date.UTC(2026, 0, 15, 10, 30);
const REPLY_TEXT = 'Per informazioni sul dosaggio, "chieda" al suo medico.';

function event(at: number, clientId: string, overrides: Partial<AuditContent> = {}): AuditContent {
  return {
    at,
    actor: { id: people.moderator.id, name: people.moderator.name, role: 'moderator' },
    action: 'submit',
    entity: 'reply',
    entityId: 'r-1',
    clientId,
    before: { status: 'draft' },
    after: { status: 'awaiting_approval', text: REPLY_TEXT },
    signature: null,
    ...overrides,
  };
}

let db: Db;
let server: ModeratorServer;
const tokens = new Map<string, string>();
const token = async (email: string) => {
  const known = tokens.get(email);
  if (known !== undefined) return known;
  const fresh = await login(server.app, email);
  tokens.set(email, fresh);
  return fresh;
};

async function download(email: string, url: string) {
  const response = await server.app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${await token(email)}` },
  });
  return { status: response.statusCode, headers: response.headers, raw: response.rawPayload, text: response.body };
}

beforeAll(async () => {
  db = await openWorldDb();
  await appendAuditNow(db, [
    event(JAN_15 - 40 * DAY, PHARMA, { action: 'claim', entity: 'item', entityId: 'it-pharma-1', after: null }),
    event(JAN_15, PHARMA),
    event(JAN_15 + 3600_000, PHARMA, {
      actor: { id: people.medical.id, name: people.medical.name, role: 'approver' },
      action: 'approve',
      entity: 'approval',
      entityId: 'ap-1',
      before: { status: 'awaiting_approval' },
      after: { status: 'approved', textHash: 'f'.repeat(64) },
      signature: { printedName: people.medical.name, meaning: 'Approved — Medical review', at: JAN_15 + 3600_000 },
    }),
    event(JAN_15, OTHER, { entityId: 'r-other' }),
  ]);
  server = await startTestServer(db, new Clock(JAN_15 + 30 * DAY));
}, 60_000);

afterAll(async () => {
  await server.close();
  await db.close();
});

describe('GET /audit/verify', () => {
  it('answers admins, leads and the client’s own approvers with the verdict', async () => {
    for (const email of [people.admin.email, people.lead.email, people.medical.email]) {
      const answer = await as(server.app, await token(email)).raw('GET', `/audit/verify?clientId=${PHARMA}`);
      expect(answer.status, email).toBe(200);
      expect(answer.body).toMatchObject({ ok: true, clientId: PHARMA, events: 3, head: { seq: 3 } });
    }
  });

  it('refuses moderators, other clients’ approvers and approvers on the workspace chain (403)', async () => {
    const cases: [string, string][] = [
      [people.moderator.email, `/audit/verify?clientId=${PHARMA}`],
      [people.otherApprover.email, `/audit/verify?clientId=${PHARMA}`],
      [people.medical.email, '/audit/verify'],
    ];
    for (const [email, url] of cases) {
      const answer = await as(server.app, await token(email)).raw('GET', url);
      expect(answer.status, `${email} ${url}`).toBe(403);
      expect(answer.body).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect((await anonymous(server.app)('GET', `/audit/verify?clientId=${PHARMA}`)).status).toBe(401);
  });

  it('records logins and failed logins on the workspace chain, never the password', async () => {
    const failed = await anonymous(server.app)('POST', '/auth/login', {
      email: people.lead.email,
      password: 'wrong-password-123',
    });
    expect(failed.status).toBe(401);
    await anonymous(server.app)('POST', '/auth/login', { email: 'nobody@test.example', password: 'secret-guess' });
    await login(server.app, people.lead.email);
    const events = await readChainPage(db, null, 0, 1000);
    const stored = JSON.stringify(events);
    expect(stored).not.toContain('wrong-password-123');
    expect(stored).not.toContain('secret-guess');
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain('nobody@test.example');
    expect(events.map((stored) => [stored.action, stored.entity, stored.actor.id]).slice(-3)).toEqual([
      ['login_failed', 'user', people.lead.id],
      ['login_failed', 'account', null],
      ['login', 'user', people.lead.id],
    ]);
    const answer = await as(server.app, await token(people.lead.email)).raw('GET', '/audit/verify');
    expect(answer.body).toMatchObject({ ok: true, clientId: null, events: events.length });
  });

  it('reports a tampered chain with the first problem', async () => {
    await appendAuditNow(db, [event(JAN_15, 'c-tampered'), event(JAN_15 + 1, 'c-tampered')]);
    await db.transaction(async (tx) => {
      await tx.exec('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await tx.query(sql`DELETE FROM audit_events WHERE chain = 'c-tampered' AND seq = 1`);
      await tx.exec('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    });
    const answer = await as(server.app, await token(people.admin.email)).raw(
      'GET',
      '/audit/verify?clientId=c-tampered',
    );
    expect(answer.body).toMatchObject({ ok: false, problem: { kind: 'removed', index: 0, seq: 1 } });
  });
});

describe('GET /audit/export', () => {
  const url = (query: string) => `/audit/export?clientId=${PHARMA}&${query}`;

  it('writes the period as RFC 4180 CSV with a BOM, every hashed field included', async () => {
    const answer = await download(people.medical.email, url('from=2026-01-01&to=2026-01-31&format=csv'));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toContain('.csv');
    expect([...answer.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = answer.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'seq,time_utc,at_ms,actor_id,actor_name,actor_role,action,entity,entity_id,client_id,' +
        'signature_printed_name,signature_meaning,signature_at_ms,before,after,prev_hash,hash',
    );
    // The claim 40 days before is outside the period: the submit and the approval only.
    expect(lines.filter((line) => line !== '')).toHaveLength(3);
    expect(lines[1]).toMatch(/^2,2026-01-15T10:30:00\.000Z,/);
    expect(lines[1]).toContain(
      '"{""status"":""awaiting_approval"",""text"":""Per informazioni sul dosaggio, \\""chieda\\"" al suo medico.""}"',
    );
    expect(lines[2]).toContain(`,${people.medical.name},approver,approve,approval,ap-1,${PHARMA},`);
    expect(lines[2]).toContain('Approved — Medical review');
  });

  it('writes a PDF report with the client, the verification and the e-signature, in Italian or English', async () => {
    const english = await download(people.lead.email, url('from=2026-01-01&to=2026-01-31&format=pdf&lang=en'));
    expect(english.status).toBe(200);
    expect(english.headers['content-type']).toBe('application/pdf');
    expect(english.raw.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(english.raw);
    expect(text).toContain('Cardio Pharma');
    expect(text).toContain('Audit trail report');
    expect(text).toContain('Intact: 3 events verified');
    // WinAnsi, the encoding of the PDF's standard fonts, writes the em dash as byte 0x97.
    expect(text).toContain('Approved \u0097 Medical review');
    expect(text).toContain(people.medical.name);
    expect(text).toContain('Paolo Greco');

    const italian = await download(
      people.medical.email,
      url('from=2026-01-01&to=2026-01-31&format=pdf&lang=it&tz=Europe/Rome'),
    );
    const testo = pdfText(italian.raw);
    expect(testo).toContain('Registro di audit');
    expect(testo).toContain('Integra: 3 eventi verificati');
    expect(testo).toContain('Approvatore');
  });

  it('refuses another client’s approver (403) and moderators, before reading anything', async () => {
    for (const email of [people.otherApprover.email, people.moderator.email]) {
      const answer = await download(email, url('from=2026-01-01&to=2026-01-31&format=csv'));
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'forbidden' } });
    }
  });

  it.each([
    ['format=xls&from=2026-01-01&to=2026-01-31', /^query\.format: /],
    ['format=csv&from=31/01/2026&to=2026-01-31', /^query\.from: must be a date \(2026-01-31\)/],
    ['format=csv&from=2026-02-30&to=2026-03-31', /^query\.from: 2026-02-30 is not a calendar date/],
    ['format=csv&from=2026-02-01&to=2026-01-01', /^query\.to: must be after query\.from/],
    ['format=csv&from=2026-01-01&to=2026-01-31&tz=Mars/Base', /^query\.tz: must be an IANA time zone/],
    ['format=csv&from=2026-01-01&to=2026-01-31&extra=1', /^query: /],
    ['format=csv&to=2026-01-31', /^query\.from: /],
  ])('answers %s with 400 and a clear message', async (query, message) => {
    const answer = await download(people.admin.email, url(query));
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.text) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(message);
  });
});
