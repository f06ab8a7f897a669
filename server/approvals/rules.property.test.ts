/**
 * Issue 6, "rules enforced by the server" (docs/sync.md property 4): random sequences of what users
 * of every role can send the real server — pushes, signed decisions over HTTP, and crafted
 * requests no UI would send: approving one's own reply, a step one is not in, a stale hash, a
 * wrong or missing password, editing after approval then sending, sending a sensitive reply
 * directly, resending, other clients' items, duplicate mutation ids, another user's replica —
 * interleaved with the platform dispatcher (rules.model.ts, rules.runner.ts). After each
 * sequence, everything `takeForDispatch` handed to a platform is checked against what the
 * server answered over HTTP:
 * - a sensitive reply went out only with a complete chain of signatures, each returned to its
 *   signer by `POST /approvals/decide`, on the exact hash of the text and visibility sent;
 * - nobody signed their own reply, and every step was signed by a member of its group;
 * - an approver received, and changed, nothing of another client;
 * - no reply was accepted by the platform twice.
 * One server and database serve every run; each run gets fresh items, replies and replicas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Reply, User } from '../../shared/domain/entities';
import { replyTextHash } from '../../shared/domain';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { toInt, toJson, toText, toTextArrayOrNull } from '../db/db';
import { sql } from '../db/sql';
import { as, Clock, login, openWorldDb, startTestServer } from '../testing/harness';
import type { Command } from './rules.model';
import { command, CRAFTED, SAVED_REPLY, textFor } from './rules.model';
import type { RunEnv } from './rules.runner';
import { chains, Run, seesClient } from './rules.runner';
import { addPoliticsClient, everyone, seedRunItems } from './rules.world';

/** Bounded for a loaded 2-core machine: the property stops early (and passes) when time is up. */
const NUM_RUNS = 100;
const TIME_LIMIT_MS = 30_000;

let db: Db;
let server: ModeratorServer;
const clock = new Clock();
let env: RunEnv;

beforeAll(async () => {
  db = await openWorldDb();
  await addPoliticsClient(db);
  server = await startTestServer(db, clock);
  const tokens = new Map<string, string>();
  for (const [name, user] of Object.entries(everyone)) tokens.set(name, await login(server.app, user.email));
  env = { db, app: server.app, clock, tokens };
}, 60_000);

afterAll(async () => {
  await server.close();
  await db.close();
});

/** The signatures that complete the chain for exactly this text and visibility, or why not. */
function chainProblem(run: Run, reply: Reply): string | null {
  const client = chains.get(reply.clientId);
  if (client === undefined || client.approvalChain.length === 0) return 'no chain';
  const hash = replyTextHash(reply.text, reply.visibility);
  const signers: string[] = [];
  for (const [index, step] of client.approvalChain.entries()) {
    const signature = reply.approvals.find((approval) => {
      const returned = run.signed.get(approval.id);
      return (
        approval.stepIndex === index &&
        approval.decision === 'approved' &&
        approval.textHash === hash &&
        step.approverIds.includes(approval.approverId) &&
        !signsOwnWords(reply, approval) &&
        !signers.includes(approval.approverId) &&
        returned?.userId === approval.approverId &&
        returned.replyId === reply.id &&
        returned.textHash === hash
      );
    });
    if (signature === undefined) return `step ${index + 1} (${step.name}) has no valid signature on ${hash}`;
    signers.push(signature.approverId);
  }
  // Nothing leaves that two distinct people have not seen in its final words: its author, the
  // signers of those words, the moderator who confirmed an approver's rewrite of them.
  const edit = reply.approverEdit ?? null;
  const confirmed = edit !== null && edit.textHash === hash && edit.confirmedAt !== null ? [edit.previousAuthorId] : [];
  if (new Set([reply.authorId, ...signers, ...confirmed]).size < 2) return `fewer than two people saw ${hash}`;
  return null;
}

/**
 * Nobody signs their own words — except the approver who rewrote the reply, on that version
 * (shared/domain/authorship.ts): the second pair of eyes is then the moderator's confirmation.
 */
function signsOwnWords(reply: Reply, approval: Reply['approvals'][number]): boolean {
  const edit = reply.approverEdit ?? null;
  const ownEdit =
    edit !== null && edit.approvalId === approval.id && edit.textHash === replyTextHash(reply.text, reply.visibility);
  return approval.approverId === reply.authorId && !ownEdit;
}

/**
 * Sensitive, by the policies this test wrote (not by the shared rule under test): escalated, or
 * — unless it is the pre-approved saved reply exactly as its author's composer renders it — the
 * question or the reply has one of the client's keywords, product names or patterns.
 */
function sensitive(job: Run['handed'][number]['job']): boolean {
  const { reply, interaction } = job;
  if (reply.escalated) return true;
  const author = Object.values(everyone).find((user) => user.id === reply.authorId);
  const preApproved =
    reply.savedReplyId === SAVED_REPLY.id &&
    reply.clientId === SAVED_REPLY.clientId &&
    author !== undefined &&
    reply.text === textFor('saved', author.name);
  if (preApproved) return false;
  if (interaction.flags.sensitive || interaction.flags.adverseEvent) return true;
  const policy = chains.get(reply.clientId)?.sensitivity;
  if (policy === undefined) return true;
  const words = [...policy.productNames, ...policy.topics.flatMap((topic) => topic.keywords)];
  const patterns = policy.topics.flatMap((topic) => topic.patterns).map((source) => new RegExp(source, 'iu'));
  const matches = (text: string) =>
    words.some((word) => text.toLowerCase().includes(word.toLowerCase())) ||
    patterns.some((pattern) => pattern.test(text));
  return matches(interaction.text) || matches(reply.text);
}

async function runReplies(run: Run): Promise<Reply[]> {
  const rows = await db.query(sql`SELECT data FROM entities WHERE entity = 'reply' AND id LIKE ${`r-run-${run.id}-%`}`);
  return rows.map((found) => toJson(found.data) as Reply);
}

/** Item and reply rows each scoped user's pushes of this run changed outside their clients. */
async function foreignWrites(run: Run): Promise<string[]> {
  const rows = await db.query(sql`
    SELECT c.user_id, ch.entity, ch.id, ch.scopes FROM commits c JOIN changes ch ON ch.commit_seq = c.seq
    WHERE c.client_id LIKE ${`rp-${run.id}-%`} AND ch.entity IN ('item', 'reply')`);
  const audit = await db.query(sql`SELECT actor_id, entity_id, client_id FROM audit_events
    WHERE at >= ${run.startAt} AND client_id IS NOT NULL AND actor_id IS NOT NULL`);
  const byId = new Map(Object.values(everyone).map((user) => [user.id, user]));
  const foreign = (userId: string, clientIds: readonly string[]) => {
    const user = byId.get(userId);
    return user !== undefined && clientIds.some((clientId) => !seesClient(user, clientId));
  };
  return [
    ...rows
      .filter((found) => foreign(toText(found.user_id), toTextArrayOrNull(found.scopes) ?? ['(workspace)']))
      .map((found) => `${toText(found.user_id)} wrote ${toText(found.entity)} ${toText(found.id)}`),
    ...audit
      .filter((found) => foreign(toText(found.actor_id), [toText(found.client_id)]))
      .map((found) => `${toText(found.actor_id)} audited on ${toText(found.entity_id)}`),
  ];
}

/** What each approver's replica receives from the run's start: rows of other clients, if any. */
async function foreignReads(run: Run): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, user] of Object.entries(everyone) as [string, User][]) {
    if (user.role !== 'approver') continue;
    const replica = `rp-${run.id}-pull-${name}`;
    let cursor = run.startCursor;
    for (let page = 0; page < 20; page += 1) {
      const answer = await as(server.app, env.tokens.get(name) ?? '').pull(replica, cursor);
      expect(answer.status).toBe(200);
      for (const change of answer.body.changes) {
        const data = change.data as { clientId?: string; id?: string } | null;
        const clientId = change.entity === 'client' ? data?.id : data?.clientId;
        if (clientId !== undefined && !seesClient(user, clientId))
          problems.push(`${name} received ${change.entity} ${change.id}`);
      }
      cursor = answer.body.cursor;
      if (!answer.body.more) break;
    }
  }
  return problems;
}

/** What each approver's snapshot holds of other clients (after every run: all the runs' rows). */
async function foreignSnapshotRows(): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, user] of Object.entries(everyone) as [string, User][]) {
    if (user.role !== 'approver') continue;
    let page: string | null = null;
    for (let count = 0; count < 200; count += 1) {
      const answer = await as(server.app, env.tokens.get(name) ?? '').snapshot(`rp-snapshot-${name}`, page, 1000);
      expect(answer.status).toBe(200);
      for (const row of answer.body.rows) {
        const data = row.data as { clientId?: string; id?: string } | null;
        const clientId = row.entity === 'client' ? data?.id : data?.clientId;
        if (clientId !== undefined && !seesClient(user, clientId)) problems.push(`${name} got ${row.entity} ${row.id}`);
      }
      page = answer.body.next;
      if (page === null) break;
    }
  }
  return problems;
}

async function check(run: Run): Promise<void> {
  // Whatever is still queued goes out now.
  await run.dispatch([true]);
  const accepted = new Map<string, number>();
  for (const { job, sent } of run.handed) {
    if (sensitive(job)) {
      expect(chainProblem(run, job.reply), `sensitive reply ${job.reply.id} handed to the platform`).toBeNull();
    }
    if (sent) accepted.set(job.reply.id, (accepted.get(job.reply.id) ?? 0) + 1);
  }
  for (const [replyId, times] of accepted) expect(times, `${replyId} accepted by the platform`).toBe(1);
  for (const reply of await runReplies(run)) {
    const chain = chains.get(reply.clientId)?.approvalChain ?? [];
    for (const approval of reply.approvals) {
      expect(signsOwnWords(reply, approval), `${reply.id}: signed by its author`).toBe(false);
      expect(chain[approval.stepIndex]?.approverIds, `${reply.id}: signer not in the step group`).toContain(
        approval.approverId,
      );
      expect(run.signed.get(approval.id)?.userId, `${reply.id}: a decision nobody signed online`).toBe(
        approval.approverId,
      );
    }
  }
  expect(await foreignWrites(run)).toEqual([]);
  expect(await foreignReads(run)).toEqual([]);
}

async function startRun(): Promise<Run> {
  const run = new Run(env);
  const [found] = await db.query(sql`SELECT coalesce(max(cursor), 0) AS cursor FROM commits`);
  run.startCursor = toInt(found?.cursor);
  run.startAt = clock.now();
  run.items = await seedRunItems(db, run.id, clock.now());
  return run;
}

async function play(commands: readonly Command[]): Promise<Run> {
  const run = await startRun();
  for (const next of commands) await run.execute(next);
  await check(run);
  return run;
}

describe('approval rules on the server, whatever is pushed or posted', () => {
  it('never dispatches a sensitive reply without a complete chain for its exact text, from any role', async () => {
    let dispatchedSensitive = 0;
    const refusals = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 6, maxLength: 24, size: 'medium' }), async (commands) => {
        const run = await play(commands);
        dispatchedSensitive += run.handed.filter(({ job }) => sensitive(job)).length;
        for (const code of run.refusals) refusals.add(code);
      }),
      {
        numRuns: NUM_RUNS,
        examples: CRAFTED.map((commands) => [[...commands]]),
        interruptAfterTimeLimit: TIME_LIMIT_MS,
        markInterruptAsFailure: false,
      },
    );
    // The runs did reach what matters: sensitive replies approved and handed out, and the crafted
    // requests refused for the reason they deserve (pushes: the replicas' refusals; HTTP: decide).
    expect(dispatchedSensitive).toBeGreaterThan(0);
    expect(await foreignSnapshotRows()).toEqual([]);
    const pushed = await db.query(
      sql`SELECT DISTINCT refused_code FROM commits WHERE client_id LIKE 'rp-%' AND refused_code IS NOT NULL`,
    );
    for (const found of pushed) refusals.add(`push:${toText(found.refused_code)}`);
    expect([...refusals]).toEqual(
      expect.arrayContaining([
        'push:needs_approval',
        'push:not_permitted',
        'push:not_found',
        'push:reason_not_in_policy',
        'http:self_approval',
        'http:not_in_step_group',
        'http:approval_stale',
        'http:invalid_credentials',
        'http:invalid_request',
        'http:not_found',
        'http:client_id_taken',
      ]),
    );
  }, 120_000);
});
