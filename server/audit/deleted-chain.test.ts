/**
 * A whole chain deleted together with its head leaves no head to list, but the change log and
 * the outbox still show that the chain held events (traces.ts): `audit:verify` and
 * `GET /audit/verify` report it instead of passing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import type { SqlQuery } from '../db/sql';
import { sql } from '../db/sql';
import { as, Clock, login, mutationOf, openWorldDb, pushOf, startTestServer } from '../testing/harness';
import { itemId, OTHER, people, PHARMA } from '../testing/world';
import { expectedChains } from './traces';
import { verifyStoredChain } from './verify';

let folder: string;
let db: Db;
let server: ModeratorServer;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'audit-deleted-chain-'));
  db = await openWorldDb(join(folder, 'db'));
  server = await startTestServer(db, new Clock());
  const token = await login(server.app, people.moderator.email);
  const replica = 'replica-deleted-chain';
  const pushed = await as(server.app, token).push(
    pushOf(replica, [
      mutationOf(replica, 1, 'item.claim', { itemId: itemId(PHARMA, 1) }),
      mutationOf(replica, 2, 'item.claim', { itemId: itemId(OTHER, 1) }),
      mutationOf(replica, 3, 'note.add', { contactId: 'ct-other', noteId: 'n-deleted-chain', text: 'Nota' }),
    ]),
  );
  expect(pushed.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await db?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** What an attacker with database rights does: guards off, rows gone, guards on. */
async function tamper(...statements: SqlQuery[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('ALTER TABLE audit_events DISABLE TRIGGER USER; ALTER TABLE audit_heads DISABLE TRIGGER USER');
    for (const statement of statements) await tx.query(statement);
    await tx.exec('ALTER TABLE audit_events ENABLE TRIGGER USER; ALTER TABLE audit_heads ENABLE TRIGGER USER');
  });
}

const runVerify = promisify(execFile);

describe('a chain deleted with its head', { timeout: 120_000 }, () => {
  it('is intact before anything is deleted, and a workspace fresh from the seed needs no chain', async () => {
    expect(await expectedChains(db)).toEqual([null, OTHER, PHARMA]);
    for (const clientId of [null, OTHER, PHARMA]) expect((await verifyStoredChain(db, clientId)).ok).toBe(true);
    const fresh = await openWorldDb();
    try {
      expect(await expectedChains(fresh)).toEqual([]);
      expect(await verifyStoredChain(fresh, PHARMA)).toMatchObject({ ok: true, events: 0 });
    } finally {
      await fresh.close();
    }
  });

  it('is reported removed from event 1, for a client and for the workspace', async () => {
    await tamper(
      sql`DELETE FROM audit_events WHERE chain IN (${PHARMA}, '')`,
      sql`DELETE FROM audit_heads WHERE chain IN (${PHARMA}, '')`,
    );
    expect(await verifyStoredChain(db, PHARMA)).toMatchObject({
      ok: false,
      clientId: PHARMA,
      problem: { kind: 'removed', index: 0, seq: 1 },
    });
    expect(await verifyStoredChain(db, null)).toMatchObject({ ok: false, problem: { kind: 'removed', seq: 1 } });
    expect(await verifyStoredChain(db, OTHER)).toMatchObject({ ok: true });
  });

  it('a head deleted with its events left is reported removed after the last event', async () => {
    const [before] = await db.query(sql`SELECT seq FROM audit_heads WHERE chain = ${OTHER}`);
    await tamper(sql`DELETE FROM audit_heads WHERE chain = ${OTHER}`);
    const last = Number(before?.seq);
    expect(await verifyStoredChain(db, OTHER)).toMatchObject({
      ok: false,
      problem: { kind: 'removed', index: last, seq: last + 1 },
    });
  });

  it('makes `npm run audit:verify` fail and name the chains', async () => {
    await server.close();
    await db.close();
    const env: NodeJS.ProcessEnv = { ...process.env, SERVER_DATA_DIR: join(folder, 'db') };
    delete env.DATABASE_URL;
    const failure = await runVerify('npx', ['tsx', 'scripts/audit-verify.ts', '--json'], { env }).then(
      () => null,
      (error: { code?: number; stdout?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const report = JSON.parse(failure?.stdout ?? '{}') as { ok: boolean; chains: { clientId: string | null }[] };
    expect(report.ok).toBe(false);
    expect(report.chains.map((chain) => chain.clientId)).toEqual([null, OTHER, PHARMA]);
  });
});
