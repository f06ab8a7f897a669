/**
 * The push records what it applies in the client's audit chain, in the same transaction, and
 * nothing for what it refuses (issue 6, "every state change is an append-only event").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { toText } from '../db/db';
import { sql } from '../db/sql';
import { as, Clock, login, mutationOf, openWorldDb, pushOf, startTestServer } from '../testing/harness';
import { itemId, people, PHARMA } from '../testing/world';
import { verifyStoredChain } from './verify';

let db: Db;
let server: ModeratorServer;
const clock = new Clock();

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, clock);
});
afterAll(async () => {
  await server.close();
  await db.close();
});

describe('pushed mutations in the audit trail', () => {
  it('records each applied mutation with its actor and change, and none that was refused', async () => {
    const moderator = as(server.app, await login(server.app, people.moderator.email));
    const target = itemId(PHARMA, 1);
    const replica = 'replica-audit-wiring';
    const answer = await moderator.push(
      pushOf(replica, [
        mutationOf(replica, 1, 'item.claim', { itemId: target }),
        mutationOf(replica, 2, 'item.label', { itemId: target, label: 'urgente', op: 'add' }),
        // Refused: already claimed by this moderator, nothing changes.
        mutationOf(replica, 3, 'item.claim', { itemId: target }),
      ]),
    );
    expect(answer.status).toBe(200);
    const events = await db.query(sql`SELECT action, entity_id, actor_id FROM audit_events
      WHERE client_id = ${PHARMA} AND entity_id = ${target} ORDER BY seq`);
    expect(events.map((row) => [toText(row.action), toText(row.entity_id), toText(row.actor_id)])).toEqual([
      ['claim', target, people.moderator.id],
      ['label', target, people.moderator.id],
    ]);
    const report = await verifyStoredChain(db, PHARMA);
    expect(report.ok).toBe(true);
  });
});
