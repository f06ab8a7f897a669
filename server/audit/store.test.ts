import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditContent } from '../../shared/domain/audit';
import { chainEvents } from '../../shared/domain/audit';
import type { Db } from '../db/db';
import { sql } from '../db/sql';
import { openWorldDb } from '../testing/harness';
import { OTHER, PHARMA } from '../testing/world';
import { appendAudit, appendAuditNow, chainHead, listChains, readChainPage } from './store';
import { verifyStoredChain } from './verify';

const T = 1_767_225_600_000;

function event(index: number, clientId: string | null = PHARMA, overrides: Partial<AuditContent> = {}): AuditContent {
  return {
    at: T + index * 1000,
    actor: { id: 'u-mod', name: 'Giulia Conti', role: 'moderator' },
    action: 'label',
    entity: 'item',
    entityId: `it-pharma-${index}`,
    clientId,
    before: { labels: [], nested: { b: 1, a: [1.5, 'x'] } },
    after: { labels: [`l-${index}`] },
    signature: null,
    ...overrides,
  };
}

let db: Db;
beforeAll(async () => {
  db = await openWorldDb();
}, 60_000);
afterAll(async () => {
  await db.close();
});

/** Each test writes its own chain, so they share one database. */
let chains = 0;
const freshClient = () => `c-test-${(chains += 1)}`;

/** What an attacker with database access does: switch the guard off, change rows, switch it on. */
async function tamper(...statements: ReturnType<typeof sql>[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
    for (const statement of statements) await tx.query(statement);
    await tx.exec('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
  });
}

describe('appendAudit', () => {
  it('chains events per client and for the workspace, exactly as the domain computes them', async () => {
    const pharma = [event(1), event(2), event(3)];
    const workspace = [event(4, null, { action: 'login', entity: 'user', entityId: 'u-mod', before: null })];
    await db.transaction(async (tx) => {
      appendAudit(tx, [pharma[0] as AuditContent, workspace[0] as AuditContent, event(5, OTHER)]);
      return Promise.resolve();
    });
    await appendAuditNow(db, pharma.slice(1));
    expect(await readChainPage(db, PHARMA, 0, 100)).toEqual(chainEvents(pharma));
    expect(await readChainPage(db, null, 0, 100)).toEqual(chainEvents(workspace));
    const heads = (await listChains(db)).filter(
      (head) => head.clientId === null || !head.clientId.startsWith('c-test'),
    );
    expect(heads.map((head) => [head.clientId, head.seq])).toEqual([
      [null, 1],
      [OTHER, 1],
      [PHARMA, 3],
    ]);
    for (const clientId of [PHARMA, OTHER, null]) {
      expect(await verifyStoredChain(db, clientId)).toMatchObject({ ok: true });
    }
  });

  it('appends nothing when the transaction rolls back', async () => {
    const client = freshClient();
    await expect(
      db.transaction(async (tx) => {
        appendAudit(tx, [event(1, client)]);
        await tx.query(sql`SELECT 1/0`);
      }),
    ).rejects.toThrow();
    expect(await chainHead(db, client)).toEqual({ seq: 0, hash: '0'.repeat(64) });
  });

  it('never forks a chain when transactions append at the same time', async () => {
    const client = freshClient();
    await Promise.all(
      Array.from({ length: 20 }, (_, batch) =>
        db.transaction(async (tx) => {
          appendAudit(
            tx,
            Array.from({ length: 5 }, (_, index) => event(batch * 5 + index, client)),
          );
          return Promise.resolve();
        }),
      ),
    );
    expect(await verifyStoredChain(db, client, 7)).toEqual({
      ok: true,
      clientId: client,
      events: 100,
      head: await chainHead(db, client),
    });
  }, 30_000);

  it('refuses UPDATE, DELETE and TRUNCATE of stored events', async () => {
    const client = freshClient();
    await appendAuditNow(db, [event(1, client)]);
    await expect(db.query(sql`UPDATE audit_events SET actor_name = 'someone else'`)).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(db.query(sql`DELETE FROM audit_events`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.query(sql`TRUNCATE audit_events`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await readChainPage(db, client, 0, 10)).toHaveLength(1);
  });

  it('lets chain heads only move forward', async () => {
    const client = freshClient();
    await appendAuditNow(db, [event(1, client), event(2, client)]);
    await expect(db.query(sql`UPDATE audit_heads SET seq = 1 WHERE chain = ${client}`)).rejects.toThrow(
      /only move forward: UPDATE refused/,
    );
    await expect(db.query(sql`DELETE FROM audit_heads WHERE chain = ${client}`)).rejects.toThrow(
      /only move forward: DELETE refused/,
    );
    await expect(db.query(sql`TRUNCATE audit_heads`)).rejects.toThrow(/only move forward: TRUNCATE refused/);
    expect((await chainHead(db, client)).seq).toBe(2);
  });
});

describe('verifyStoredChain catches what an attacker with database access does', () => {
  let client = PHARMA;
  beforeEach(async () => {
    client = freshClient();
    await appendAuditNow(
      db,
      Array.from({ length: 12 }, (_, index) => event(index + 1, client)),
    );
  });

  it('a modified event', async () => {
    await tamper(
      sql`UPDATE audit_events SET after = '{"labels":["forged"]}'::jsonb WHERE chain = ${client} AND seq = 5`,
    );
    expect(await verifyStoredChain(db, client, 4)).toMatchObject({
      ok: false,
      problem: { kind: 'edited', index: 4, seq: 5 },
    });
  });

  it('a deleted event, in the middle or at the end', async () => {
    await tamper(sql`DELETE FROM audit_events WHERE chain = ${client} AND seq = 8`);
    expect(await verifyStoredChain(db, client, 4)).toMatchObject({
      ok: false,
      problem: { kind: 'removed', index: 7, seq: 8 },
    });
    await tamper(sql`DELETE FROM audit_events WHERE chain = ${client} AND seq = 12`);
    expect(await verifyStoredChain(db, client, 100)).toMatchObject({ ok: false, problem: { kind: 'removed' } });
  });

  it('the last event cut off', async () => {
    await tamper(sql`DELETE FROM audit_events WHERE chain = ${client} AND seq = 12`);
    expect(await verifyStoredChain(db, client, 5)).toMatchObject({
      ok: false,
      problem: { kind: 'removed', index: 11, seq: 12 },
    });
  });

  it('two events swapped', async () => {
    await tamper(
      sql`UPDATE audit_events SET seq = -3 WHERE chain = ${client} AND seq = 3`,
      sql`UPDATE audit_events SET seq = 3 WHERE chain = ${client} AND seq = 4`,
      sql`UPDATE audit_events SET seq = 4 WHERE chain = ${client} AND seq = -3`,
    );
    expect(await verifyStoredChain(db, client)).toMatchObject({
      ok: false,
      problem: { kind: 'reordered', index: 2, seq: 3 },
    });
  });
});
