import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractFailure } from '../../../shared/contract';
import type { ModeratorServer } from '../../../server/app';
import type { Db } from '../../../server/db/db';
import { Clock, login, openWorldDb, startTestServer } from '../../../server/testing/harness';
import { people, PHARMA } from '../../../server/testing/world';
import { createPolicyHandlers, OFFLINE_MESSAGE, type PolicyHandlers } from './policy';

let db: Db;
let server: ModeratorServer;
let url: string;

async function handlersFor(email: string, saved: () => void = () => undefined): Promise<PolicyHandlers> {
  const token = await login(server.app, email);
  return createPolicyHandlers({ server: () => ({ serverUrl: url, token }), saved });
}

/** How a call failed; a handler may answer at once or later, so any answer is awaited. */
async function failure(answer: unknown): Promise<ContractFailure> {
  const error: unknown = await Promise.resolve(answer).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ContractFailure)) throw new Error('expected a contract failure');
  return error;
}

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, new Clock());
  url = await server.listen();
}, 60_000);

afterAll(async () => {
  await server.close();
  await db.close();
});

describe('policy contract calls', { timeout: 30_000 }, () => {
  it('saves a policy through the team server and asks for a pull', async () => {
    let pulls = 0;
    const admin = await handlersFor(people.admin.email, () => (pulls += 1));
    const view = await admin['policy:get']({ clientId: PHARMA });
    const policy = structuredClone(view.policy);
    policy.moderationReasons.push('Dati sanitari personali');
    const saved = await admin['policy:save']({ clientId: PHARMA, version: view.version, policy });
    expect(saved.policy.moderationReasons).toContain('Dati sanitari personali');
    expect(pulls).toBe(1);

    const stale = await failure(admin['policy:save']({ clientId: PHARMA, version: view.version, policy }));
    expect(stale.code).toBe('refused');
    expect(stale.message).toMatch(/^conflict: /);
  });

  it('says which pattern is wrong, and that a moderator may not edit', async () => {
    const admin = await handlersFor(people.admin.email);
    const view = await admin['policy:get']({ clientId: PHARMA });
    const policy = structuredClone(view.policy);
    policy.sensitivity.topics.push({ id: 'x', label: 'X', keywords: [], patterns: ['[a-'], lang: null });
    const bad = await failure(admin['policy:save']({ clientId: PHARMA, version: view.version, policy }));
    expect(bad.message).toMatch(/^invalid_pattern: .*\[a-/);

    const moderator = await handlersFor(people.moderator.email);
    const refused = await failure(moderator['policy:get']({ clientId: PHARMA }));
    expect(refused.message).toMatch(/^forbidden: /);
  });

  it('creates, edits and deletes a saved reply', async () => {
    const admin = await handlersFor(people.admin.email);
    const reply = {
      name: 'Saluto',
      text: 'Grazie del messaggio!',
      lang: 'it' as const,
      preApprovalFor: 'public' as const,
    };
    const created = await admin['savedReply:save']({ clientId: PHARMA, savedReplyId: null, version: null, reply });
    const edited = await admin['savedReply:save']({
      clientId: PHARMA,
      savedReplyId: created.savedReply.id,
      version: created.savedReply.version,
      reply: { ...reply, text: 'Grazie mille del messaggio!' },
    });
    expect(edited.preApprovalDropped).toBe(true);
    await admin['savedReply:delete']({
      clientId: PHARMA,
      savedReplyId: created.savedReply.id,
      version: edited.savedReply.version,
    });
    const view = await admin['policy:get']({ clientId: PHARMA });
    expect(view.savedReplies.map((entry) => entry.id)).not.toContain(created.savedReply.id);
  });

  it('without a connection, says policy changes need the team server', async () => {
    const offline = createPolicyHandlers({ server: () => null, saved: () => undefined });
    const error = await failure(offline['policy:get']({ clientId: PHARMA }));
    expect(error).toMatchObject({ code: 'unavailable', message: OFFLINE_MESSAGE });
    const unreachable = createPolicyHandlers({
      server: () => ({ serverUrl: 'http://127.0.0.1:9', token: 'x' }),
      saved: () => undefined,
    });
    expect((await failure(unreachable['policy:clients']({}))).code).toBe('unavailable');
  });
});
