/**
 * docs/sync.md properties 1–3 under random interleavings: replicas of four users make mutations,
 * push them (sometimes twice, sometimes with a gap, sometimes losing the answer), pull (sometimes
 * losing the answer, in pages of any size), log in again, and the server restarts (closed and
 * reopened on the same PGlite data folder, once in the middle of a push). When everyone is back:
 * 1. exactly once: every mutation of every replica has exactly one commit, applied or refused;
 * 2. convergence: each replica's confirmed rows equal the server's rows in that user's scope;
 * 3. scope: no replica ever received anything of a client it may not see.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply, User } from '../../shared/domain/entities';
import { currentTextHash } from '../../shared/domain';
import type { ModeratorServer } from '../../server/app';
import type { Db } from '../../server/db/db';
import { toInt, toJson, toText, toTextArrayOrNull } from '../../server/db/db';
import { openPglite } from '../../server/db/pglite';
import { sql } from '../../server/db/sql';
import { Clock, login, openWorldDb, startTestServer } from '../../server/testing/harness';
import { itemId, people, PHARMA } from '../../server/testing/world';
import { SimReplica } from './support/replica';
import { makeMutation, step, users } from './support/moves';

const RUNS = Number(process.env.SYNC_PROPERTY_RUNS ?? 6);
let root: string;
let template: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'md-sync-property-'));
  template = join(root, 'template');
  const db = await openWorldDb(template);
  await db.close();
}, 60_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** What each user must never receive: ids and names of the client they do not see. */
const OTHER_ONLY = [
  'c-other',
  'it-other',
  'ix-other',
  'th-other',
  'ch-other',
  'ct-other',
  'u-approver-other',
  'Pasta Dorata',
];
const PHARMA_ONLY = [
  'c-pharma',
  'it-pharma',
  'ix-pharma',
  'th-pharma',
  'ch-pharma',
  'ct-pharma',
  'r-seed-pharma',
  'n-seed',
  'u-medical',
  'u-legal',
  'u-mod-pharma',
  'sr-pharma',
  'Cardio',
];
const forbidden: Record<string, readonly string[]> = {
  [people.moderator.id]: [],
  [people.pharmaModerator.id]: OTHER_ONLY,
  [people.medical.id]: OTHER_ONLY,
  [people.legal.id]: OTHER_ONLY,
  [people.otherApprover.id]: PHARMA_ONLY,
};

function sees(user: User, scopes: readonly string[] | null): boolean {
  if (scopes === null) return true;
  if (user.clientIds === null) return user.role !== 'approver';
  return scopes.some((scope) => user.clientIds?.includes(scope) === true);
}

async function serverRowsFor(db: Db, user: User): Promise<Map<string, unknown>> {
  const rows = await db.query(sql`SELECT entity, id, scopes, data FROM entities`);
  const visible = new Map<string, unknown>();
  for (const found of rows) {
    if (!sees(user, toTextArrayOrNull(found.scopes))) continue;
    let data = toJson(found.data);
    if (toText(found.entity) === 'user' && user.clientIds !== null) {
      const shown = data as User;
      data = {
        ...shown,
        clientIds: shown.clientIds === null ? null : shown.clientIds.filter((id) => user.clientIds?.includes(id)),
      };
    }
    visible.set(`${toText(found.entity)}:${toText(found.id)}`, data);
  }
  return visible;
}

describe('sync properties (PGlite, restarts)', () => {
  it('exactly once, convergence and scope hold for any interleaving', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 12, maxLength: 32, size: 'max' }), async (steps) => {
        run += 1;
        const dataDir = join(root, `run-${run}`);
        cpSync(template, dataDir, { recursive: true });
        const clock = new Clock();
        let db = await openPglite({ dataDir });
        let server: ModeratorServer = await startTestServer(db, clock);
        const restart = async () => {
          await server.close();
          await db.close();
          db = await openPglite({ dataDir });
          server = await startTestServer(db, clock);
        };
        try {
          const replicas = await Promise.all(
            users.map(
              async (user, index) =>
                new SimReplica(user, `replica-${run}-${index}`, await login(server.app, user.email)),
            ),
          );
          const replicaAt = (index: number) => replicas[index] ?? replicas[0]!;
          for (const action of steps) {
            clock.advance(1000);
            if (action.type === 'mutate') {
              const replica = replicaAt(action.replica);
              if (replica.user.role === 'approver' && action.spec.n !== 3) {
                // An approver's usual run: look at the queue, decide, send the decision.
                await replica.pull(server.app);
                makeMutation(replica, { ...action.spec, kind: 'decide' }, clock.now());
                await replica.push(server.app, { drop: action.spec.item === 0 });
              } else {
                makeMutation(replica, action.spec, clock.now());
              }
            } else if (action.type === 'push') {
              const replica = replicaAt(action.replica);
              const answer = await replica.push(server.app, {
                drop: action.drop,
                skipFirst: action.gap && replica.pending.length > 1,
              });
              if (action.twice) await replica.push(server.app, { drop: true });
              if (answer !== null && action.gap && replica.pending.length > 1) {
                // Without the first pending mutation, the batch may only start where the server is.
                const first = replica.pending[1]!.id;
                expect(answer.gapAt === null).toBe(answer.lastMutationId >= first - 1);
              }
            } else if (action.type === 'pull')
              await replicaAt(action.replica).pull(server.app, { drop: action.drop, limit: action.limit });
            else if (action.type === 'approval') {
              // The whole approval workflow on a sensitive reply, answers lost at random.
              const [moderator, , medical, legal] = replicas;
              if (moderator === undefined || medical === undefined || legal === undefined)
                throw new Error('replicas missing');
              // Items 5 and 6 are kept for this workflow; the random steps use 1–4.
              const item = itemId(PHARMA, action.item + 5);
              const replyId = `r-${item}-approval`;
              const text = 'Per gli effetti collaterali ne parli con il medico.';
              moderator.mutate('item.claim', { itemId: item }, clock.now());
              moderator.mutate(
                'reply.draft',
                { replyId, itemId: item, text, visibility: 'public', savedReplyId: null },
                clock.now(),
              );
              moderator.mutate('reply.submit', { replyId, escalated: true, note: null }, clock.now());
              await moderator.push(server.app, { drop: action.drops[0] });
              for (const [index, approver] of [medical, legal].entries()) {
                await approver.pull(server.app);
                const reply = approver.confirmed.get(`reply:${replyId}`) as Reply | undefined;
                const decision = action.reject && index === 1 ? 'rejected' : 'approved';
                const args = {
                  replyId,
                  approvalId: `a-${approver.clientId}-${approver.nextId}`,
                  stepIndex: index,
                  decision,
                  textHash: reply === undefined ? 'unseen' : currentTextHash(reply),
                  comment: decision === 'rejected' ? 'troppo vago' : null,
                } as const;
                approver.mutate('approval.decide', args, clock.now());
                await approver.push(server.app, { drop: action.drops[index + 1] });
              }
              await moderator.pull(server.app);
              moderator.mutate('reply.send', { replyId, seenUpTo: null }, clock.now());
              await moderator.push(server.app, { drop: action.drops[3] });
            } else if (action.type === 'relogin') {
              const replica = replicaAt(action.replica);
              replica.token = await login(server.app, replica.user.email);
            } else if (action.type === 'restart') {
              const replica = replicaAt(action.replica);
              const inFlight = action.duringPush ? replica.push(server.app, { drop: true }).catch(() => null) : null;
              await restart();
              await inFlight;
            }
          }
          // Everyone comes back online and stays until quiet.
          for (let round = 0; round < 3; round += 1) {
            for (const replica of replicas) {
              replica.token = await login(server.app, replica.user.email);
              await replica.push(server.app);
            }
            for (const replica of replicas) await replica.pull(server.app);
          }
          const commits = await db.query(
            sql`SELECT client_id, mutation_id FROM commits WHERE client_id IS NOT NULL ORDER BY seq`,
          );
          const stats = await db.query(
            sql`SELECT coalesce(refused_code, 'applied') AS c, count(*)::int AS n FROM commits WHERE client_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
          );
          const names = await db.query(
            sql`SELECT mutation_name AS c, count(*)::int AS n FROM commits WHERE client_id IS NOT NULL AND refused_code IS NULL GROUP BY 1 ORDER BY 2 DESC`,
          );
          console.log(
            'STATS',
            steps.length,
            JSON.stringify(stats.map((r) => `${r.c}:${r.n}`)),
            JSON.stringify(names.map((r) => `${r.c}:${r.n}`)),
          );
          for (const replica of replicas) {
            // 1. Exactly once.
            const ids = commits
              .filter((found) => found.client_id === replica.clientId)
              .map((found) => toInt(found.mutation_id));
            expect(ids).toEqual(Array.from({ length: replica.nextId - 1 }, (_, index) => index + 1));
            expect(replica.pending).toEqual([]);
            expect(replica.lastMutationId).toBe(replica.nextId - 1);
            // 2. Convergence.
            expect(Object.fromEntries(replica.confirmed)).toEqual(
              Object.fromEntries(await serverRowsFor(db, replica.user)),
            );
            // 3. Scope, over everything ever received (lost answers too).
            const seen = JSON.stringify(replica.received);
            for (const word of forbidden[replica.user.id] ?? []) expect(seen).not.toContain(word);
          }
        } finally {
          await server.close();
          await db.close();
          rmSync(dataDir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});
