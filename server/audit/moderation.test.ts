/**
 * Hide and delete on a political client (issue 6): the server refuses them without a reason from
 * the client's published moderation policy — whoever pushes them, whatever the desktop let
 * through — with a reason code the desktop shows; the reason given is in the audit event and in
 * both exports a compliance officer files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../shared/domain/entities';
import type { Mutation } from '../../shared/sync/mutations';
import { T0 } from '../../shared/domain/testing';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { toJson, toText } from '../db/db';
import { sql } from '../db/sql';
import { addPoliticsClient, POLITICS, politicsPeople, seedRunItems } from '../approvals/rules.world';
import { as, Clock, login, openWorldDb, pushOf, startTestServer } from '../testing/harness';
import { people } from '../testing/world';
import { pdfText } from './testing';

let db: Db;
let server: ModeratorServer;
const clock = new Clock();
let items: string[] = [];
let replicas = 0;
const tokens = new Map<string, string>();

beforeAll(async () => {
  db = await openWorldDb();
  await addPoliticsClient(db);
  server = await startTestServer(db, clock);
  // Two political items: [4] and [5] (seedRunItems writes two per client, politics last).
  items = await seedRunItems(db, 1, clock.now());
  for (const user of [politicsPeople.politicsModerator, people.admin, people.lead]) {
    tokens.set(user.id, await login(server.app, user.email));
  }
});

afterAll(async () => {
  await server.close();
  await db.close();
});

/** One crafted mutation from a fresh replica; answers its refusal code, or null when applied. */
async function push(userId: string, name: 'item.hide' | 'item.delete', args: Record<string, unknown>) {
  const replica = `replica-moderation-${(replicas += 1)}`;
  const mutation: Mutation = { clientId: replica, id: 1, name, args, createdAt: T0 };
  const answer = await as(server.app, tokens.get(userId) ?? '').push(pushOf(replica, [mutation]));
  expect(answer.status).toBe(200);
  const [found] = await db.query(sql`SELECT refused_code FROM commits WHERE client_id = ${replica}`);
  return found?.refused_code === null ? null : toText(found?.refused_code);
}

async function item(id: string): Promise<Item> {
  const [found] = await db.query(sql`SELECT data FROM entities WHERE entity = 'item' AND id = ${id}`);
  return toJson(found?.data) as Item;
}

async function download(userId: string, query: string) {
  const response = await server.app.inject({
    method: 'GET',
    url: `/audit/export?clientId=${POLITICS}&from=2025-01-01&to=2025-01-31&${query}`,
    headers: { authorization: `Bearer ${tokens.get(userId) ?? ''}` },
  });
  expect(response.statusCode).toBe(200);
  return response;
}

describe('moderation reasons on a political client', () => {
  it('refuses a hide or delete without a policy reason, for every role, saying why', async () => {
    const target = items[4] ?? '';
    const moderator = politicsPeople.politicsModerator.id;
    expect(await push(moderator, 'item.hide', { itemId: target })).toBe('reason_required');
    expect(await push(moderator, 'item.hide', { itemId: target, reason: '   ' })).toBe('reason_required');
    expect(await push(moderator, 'item.hide', { itemId: target, reason: 'non mi piace' })).toBe('reason_not_in_policy');
    // Admins and leads are held to the published policy of a political client too.
    expect(await push(people.admin.id, 'item.delete', { itemId: target, reason: 'troll' })).toBe(
      'reason_not_in_policy',
    );
    expect(await push(people.lead.id, 'item.delete', { itemId: target, reason: '' })).toBe('reason_required');
    expect((await item(target)).status).toBe('new');
  });

  it('records the reason in the audit trail and shows it in the CSV and the PDF report', async () => {
    const hidden = items[4] ?? '';
    const deleted = items[5] ?? '';
    expect(await push(politicsPeople.politicsModerator.id, 'item.hide', { itemId: hidden, reason: 'insulti' })).toBe(
      null,
    );
    // Compared trimmed, stored as the policy says it.
    expect(await push(people.admin.id, 'item.delete', { itemId: deleted, reason: ' spam ' })).toBe(null);
    expect(await item(hidden)).toMatchObject({ status: 'moderated', closedReason: 'insulti' });
    expect(await item(deleted)).toMatchObject({ status: 'moderated', closedReason: 'spam' });

    const events = await db.query(sql`SELECT action, entity_id, actor_id, after FROM audit_events
      WHERE client_id = ${POLITICS} AND action IN ('hide', 'delete') ORDER BY seq`);
    expect(
      events.map((found) => ({
        action: toText(found.action),
        item: toText(found.entity_id),
        actor: toText(found.actor_id),
        after: toJson(found.after),
      })),
    ).toEqual([
      {
        action: 'hide',
        item: hidden,
        actor: politicsPeople.politicsModerator.id,
        after: expect.objectContaining({ status: 'moderated', closedReason: 'insulti' }),
      },
      {
        action: 'delete',
        item: deleted,
        actor: people.admin.id,
        after: expect.objectContaining({ status: 'moderated', closedReason: 'spam' }),
      },
    ]);

    const csv = (await download(people.admin.id, 'format=csv')).body.split('\r\n');
    const hideRow = csv.find((line) => line.includes(`,hide,item,${hidden},`));
    expect(hideRow).toContain('""closedReason"":""insulti""');
    expect(csv.find((line) => line.includes(`,delete,item,${deleted},`))).toContain('""closedReason"":""spam""');

    const italian = pdfText((await download(people.lead.id, 'format=pdf&lang=it')).rawPayload);
    expect(italian).toContain('Nascosta');
    expect(italian).toContain('Motivo: insulti');
    expect(italian).toContain('Motivo: spam');
    const english = pdfText((await download(people.lead.id, 'format=pdf&lang=en')).rawPayload);
    expect(english).toContain('Reason: insulti');
  });
});
