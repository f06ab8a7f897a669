import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientPolicyInput, PolicyView, SavedReplySaved } from '../../shared/contract/policy';
import type { User } from '../../shared/domain/entities';
import type { PullResponse } from '../../shared/sync/protocol';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { hashPassword } from '../auth/passwords';
import { readChainPage } from '../audit/store';
import { verifyStoredChain } from '../audit/verify';
import { writeUsers } from '../seed/write';
import { as, Clock, login, openWorldDb, startTestServer } from '../testing/harness';
import { OTHER, PASSWORD, people, PHARMA } from '../testing/world';

let db: Db;
let server: ModeratorServer;
const clock = new Clock();
const scopedLead: User = {
  id: 'u-lead-other',
  name: 'Rita Longo',
  email: 'lead-other@test.example',
  role: 'lead',
  clientIds: [OTHER],
  alsoApprover: false,
};
const tokens = new Map<string, string>();
const token = async (email: string) => {
  const known = tokens.get(email) ?? (await login(server.app, email));
  tokens.set(email, known);
  return known;
};

interface Answer<T> {
  status: number;
  body: T;
}
async function call<T>(email: string, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown) {
  const response = await server.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${await token(email)}` },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
  return { status: response.statusCode, body: (response.body === '' ? null : response.json()) as T } as Answer<T>;
}
type ErrorBody = { error: { code: string; message: string } };

const getPolicy = (email: string, clientId = PHARMA) => call<PolicyView>(email, 'GET', `/clients/${clientId}/policy`);
const putPolicy = (email: string, version: string, policy: ClientPolicyInput, clientId = PHARMA) =>
  call<PolicyView & ErrorBody>(email, 'PUT', `/clients/${clientId}/policy`, { version, policy });

beforeAll(async () => {
  db = await openWorldDb();
  await writeUsers(
    db,
    [{ user: scopedLead, passwordHash: await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 }) }],
    clock.now(),
  );
  server = await startTestServer(db, clock);
}, 60_000);

afterAll(async () => {
  await server.close();
  await db.close();
});

describe('GET /clients/:id/policy', { timeout: 30_000 }, () => {
  it('shows an admin the policy, the client’s approvers to pick from and what they may change', async () => {
    const answer = await getPolicy(people.admin.email);
    expect(answer.status).toBe(200);
    expect(answer.body.policy.approvalChain.map((step) => step.name)).toEqual(['Medical review', 'Legal review']);
    expect(answer.body.approvers.map((approver) => approver.id).sort()).toEqual([people.legal.id, people.medical.id]);
    expect(Object.values(answer.body.rights).every(Boolean)).toBe(true);
  });

  it('lets a lead open it, with only the SLA and the saved replies editable', async () => {
    const answer = await getPolicy(people.lead.email);
    expect(answer.status).toBe(200);
    expect(answer.body.rights).toEqual({
      regulation: false,
      sensitivity: false,
      approvalChain: false,
      moderationReasons: false,
      approvalSla: true,
      savedReplies: true,
      preApprove: false,
    });
  });

  it('refuses moderators, approvers and a lead outside their clients (403); an unknown client is 404', async () => {
    for (const email of [people.moderator.email, people.medical.email, scopedLead.email]) {
      const answer = await call<ErrorBody>(email, 'GET', `/clients/${PHARMA}/policy`);
      expect(answer.status, email).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
    }
    expect((await getPolicy(scopedLead.email, OTHER)).status).toBe(200);
    expect((await getPolicy(people.admin.email, 'c-nobody')).status).toBe(404);
    const list = await call<{ clients: { id: string }[] }>(scopedLead.email, 'GET', '/clients');
    expect(list.body.clients.map((client) => client.id)).toEqual([OTHER]);
  });
});

describe('PUT /clients/:id/policy', { timeout: 30_000 }, () => {
  it('saves a new keyword: audited with before/after on a chain that verifies, and pulled by a moderator', async () => {
    const moderator = as(server.app, await token(people.moderator.email));
    const start = await moderator.pull('replica-policy-1', 0, 5000);
    const { body: view } = await getPolicy(people.admin.email);
    const policy = structuredClone(view.policy);
    policy.sensitivity.productNames.push('Glucovar');
    const saved = await putPolicy(people.admin.email, view.version, policy);
    expect(saved.status).toBe(200);
    expect(saved.body.policy.sensitivity.productNames).toContain('Glucovar');
    expect(saved.body.version).not.toBe(view.version);

    const events = await readChainPage(db, PHARMA, 0, 1000);
    const last = events[events.length - 1];
    expect(last).toMatchObject({ action: 'policy_change', entity: 'client', entityId: PHARMA });
    expect(last?.actor.id).toBe(people.admin.id);
    expect(JSON.stringify(last?.before)).not.toContain('Glucovar');
    expect(JSON.stringify(last?.after)).toContain('Glucovar');
    expect(await verifyStoredChain(db, PHARMA)).toMatchObject({ ok: true });

    const pulled = await moderator.pull('replica-policy-1', start.body.cursor, 5000);
    const change = pulled.body.changes.find((entry) => entry.entity === 'client' && entry.id === PHARMA);
    expect(JSON.stringify(change?.data)).toContain('Glucovar');
  });

  it('refuses a save based on an older version (409) and keeps the other admin’s change', async () => {
    const { body: view } = await getPolicy(people.admin.email);
    const first = structuredClone(view.policy);
    first.moderationReasons.push('Spam');
    expect((await putPolicy(people.admin.email, view.version, first)).status).toBe(200);
    const second = structuredClone(view.policy);
    second.approvalSlaMinutes = 60;
    const stale = await putPolicy(people.lead.email, view.version, second);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.message).toMatch(/changed by someone else/);
    expect((await getPolicy(people.admin.email)).body.policy.moderationReasons).toContain('Spam');
  });

  it('names a pattern that is not a regular expression, and an approver who is not the client’s (400)', async () => {
    const { body: view } = await getPolicy(people.admin.email);
    const badPattern = structuredClone(view.policy);
    badPattern.sensitivity.topics.push({ id: 'dose', label: 'Dose', keywords: [], patterns: ['\\d+ (mg'], lang: null });
    const refused = await putPolicy(people.admin.email, view.version, badPattern);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_pattern' });
    expect(refused.body.error.message).toContain('\\d+ (mg');

    const stranger = structuredClone(view.policy);
    stranger.approvalChain.push({ name: 'Brand', approverIds: [people.otherApprover.id] });
    const wrongApprover = await putPolicy(people.admin.email, view.version, stranger);
    expect(wrongApprover.status).toBe(400);
    expect(wrongApprover.body.error.code).toBe('invalid_approver');

    const tooLong = structuredClone(view.policy);
    tooLong.approvalChain = [0, 1, 2, 3].map((n) => ({ name: `Step ${n}`, approverIds: [people.medical.id] }));
    expect((await putPolicy(people.admin.email, view.version, tooLong)).status).toBe(400);
    const empty = { ...structuredClone(view.policy), approvalChain: [] };
    expect((await putPolicy(people.admin.email, view.version, empty)).status).toBe(400);
    expect((await getPolicy(people.admin.email)).body.version).toBe(view.version);
  });

  it('lets a lead change the approval SLA but not the sensitive topics', async () => {
    const { body: view } = await getPolicy(people.lead.email);
    const sla = { ...structuredClone(view.policy), approvalSlaMinutes: 90 };
    const saved = await putPolicy(people.lead.email, view.version, sla);
    expect(saved.status).toBe(200);
    expect(saved.body.policy.approvalSlaMinutes).toBe(90);
    const topics = structuredClone(saved.body.policy);
    topics.sensitivity.productNames.push('Lead-only');
    const refused = await putPolicy(people.lead.email, saved.body.version, topics);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/sensitive topics/);
  });

  it('refuses a moderator’s crafted save (403) and writes nothing', async () => {
    const { body: view } = await getPolicy(people.admin.email);
    const answer = await putPolicy(people.moderator.email, view.version, view.policy);
    expect(answer.status).toBe(403);
    expect((await getPolicy(people.admin.email)).body.version).toBe(view.version);
  });
});

describe('saved-reply library', { timeout: 30_000 }, () => {
  const url = `/clients/${PHARMA}/saved-replies`;
  const input = {
    name: 'Posologia',
    text: 'Per la posologia ne parli con il suo medico.',
    lang: 'it',
    preApprovalFor: 'public',
  };

  it('an admin only submits it; an edit of its text drops the submission, and it is audited', async () => {
    const created = await call<SavedReplySaved>(people.admin.email, 'POST', url, { ...input, preApproved: true });
    // The input has no `preApproved`: an admin cannot mark it (the client's chain signs it).
    expect(created.status).toBe(400);
    const submitted = await call<SavedReplySaved>(people.admin.email, 'POST', url, input);
    expect(submitted.status).toBe(201);
    expect(submitted.body.savedReply).toMatchObject({
      preApproved: false,
      preApproval: { visibility: 'public', submittedBy: people.admin.id, signatures: [] },
    });
    const created2 = submitted;
    const { id, version } = created2.body.savedReply;
    // A lead may edit the text (it is then no longer submitted), not submit it again.
    const resubmitted = await call<ErrorBody>(people.lead.email, 'PUT', `${url}/${id}`, {
      ...input,
      text: 'Per la posologia chieda al suo medico o al farmacista.',
      version,
    });
    expect(resubmitted.status).toBe(403);
    const edited = await call<SavedReplySaved>(people.lead.email, 'PUT', `${url}/${id}`, {
      ...input,
      text: 'Per la posologia chieda al suo medico o al farmacista.',
      preApprovalFor: null,
      version,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.preApprovalDropped).toBe(true);
    expect(edited.body.savedReply).toMatchObject({ preApproved: false, preApproval: null });
    const events = await readChainPage(db, PHARMA, 0, 1000);
    expect(events.filter((event) => event.entity === 'saved_reply' && event.entityId === id)).toHaveLength(2);
    expect(await verifyStoredChain(db, PHARMA)).toMatchObject({ ok: true });

    const stale = await call<ErrorBody>(people.admin.email, 'PUT', `${url}/${id}`, { ...input, version });
    expect(stale.status).toBe(409);
  });

  it('a lead may not submit for pre-approval; a moderator may not add a reply', async () => {
    const lead = await call<ErrorBody>(people.lead.email, 'POST', url, input);
    expect(lead.status).toBe(403);
    expect(lead.body.error.message).toMatch(/pre-approved/);
    const byLead = await call<SavedReplySaved>(people.lead.email, 'POST', url, { ...input, preApprovalFor: null });
    expect(byLead.status).toBe(201);
    const moderator = await call<ErrorBody>(people.moderator.email, 'POST', url, { ...input, preApprovalFor: null });
    expect(moderator.status).toBe(403);
  });

  it('a deletion reaches a moderator’s pull as a delete', async () => {
    const moderator = as(server.app, await token(people.moderator.email));
    const created = await call<SavedReplySaved>(people.admin.email, 'POST', url, { ...input, name: 'Da togliere' });
    const start = await moderator.pull('replica-policy-2', 0, 5000);
    const { id, version } = created.body.savedReply;
    const removed = await call<null>(people.admin.email, 'DELETE', `${url}/${id}?version=${version}`);
    expect(removed.status).toBe(204);
    const pulled: PullResponse = (await moderator.pull('replica-policy-2', start.body.cursor, 5000)).body;
    expect(pulled.changes).toContainEqual(expect.objectContaining({ entity: 'saved_reply', id, op: 'delete' }));
    const view = await getPolicy(people.admin.email);
    expect(view.body.savedReplies.map((entry) => entry.id)).not.toContain(id);
    expect(await verifyStoredChain(db, PHARMA)).toMatchObject({ ok: true });
  });
});
