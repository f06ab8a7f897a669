import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../shared/domain/entities';
import { currentTextHash } from '../../shared/domain';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { toInt } from '../db/db';
import { sql } from '../db/sql';
import { as, Clock, login, mutationOf, openWorldDb, pushOf, startTestServer } from '../testing/harness';
import { itemId, OTHER, people, PHARMA, SENSITIVE_ITEM } from '../testing/world';
import { completeDispatch, takeForDispatch } from './outbox';

let db: Db;
let server: ModeratorServer;
let moderator: ReturnType<typeof as>;
const clock = new Clock();
let nextId = 1;
const replica = 'replica-outbox-1';

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, clock);
  moderator = as(server.app, await login(server.app, people.moderator.email));
});

afterAll(async () => {
  await server.close();
  await db.close();
});

async function mutate(...mutations: Parameters<typeof mutationOf>[]) {
  const batch = mutations.map(([, , name, args]) => mutationOf(replica, nextId++, name, args));
  const answer = await moderator.push(pushOf(replica, batch));
  expect(answer.body.gapAt).toBeNull();
}

const outboxRows = async () =>
  (await db.query(sql`SELECT reply_id, reply_version, status, attempts FROM outbox ORDER BY id`)).map((found) => ({
    replyId: found.reply_id,
    version: toInt(found.reply_version),
    status: found.status,
    attempts: toInt(found.attempts),
  }));

const replyRow = async (id: string) =>
  (await db.query(sql`SELECT data FROM entities WHERE entity = 'reply' AND id = ${id}`))[0]?.data as Reply;

describe('outbox', () => {
  it('queues a sent reply once per version, hands it to the sender once, and records the answer', async () => {
    const item = itemId(OTHER, 1);
    await mutate(
      [replica, 0, 'item.claim', { itemId: item }],
      [
        replica,
        0,
        'reply.draft',
        {
          replyId: 'r-out-1',
          itemId: item,
          text: 'Ciao! Siamo in via Roma 1.',
          visibility: 'public',
          savedReplyId: null,
        },
      ],
      [replica, 0, 'reply.send', { replyId: 'r-out-1', seenUpTo: null }],
      // Sending it again is refused: it is queued already.
      [replica, 0, 'reply.send', { replyId: 'r-out-1', seenUpTo: null }],
    );
    expect(await outboxRows()).toEqual([{ replyId: 'r-out-1', version: 1, status: 'queued', attempts: 0 }]);
    const taken = await takeForDispatch(db, 10, clock.now());
    expect(taken.ready.map((job) => job.reply.id)).toEqual(['r-out-1']);
    expect((await takeForDispatch(db, 10, clock.now())).ready).toEqual([]);
    await completeDispatch(db, taken.ready[0]?.outboxId ?? 0, { sent: false, error: 'platform_timeout' }, clock.now());
    expect((await replyRow('r-out-1')).status).toBe('failed');
    // The same version again: the same outbox row, queued once more, never a second row.
    await mutate([replica, 0, 'reply.send', { replyId: 'r-out-1', seenUpTo: null }]);
    const again = await takeForDispatch(db, 10, clock.now());
    await completeDispatch(db, again.ready[0]?.outboxId ?? 0, { sent: true }, clock.now());
    expect(await outboxRows()).toEqual([{ replyId: 'r-out-1', version: 1, status: 'sent', attempts: 2 }]);
    expect((await replyRow('r-out-1')).status).toBe('sent');
  });

  it('blocks a sensitive reply without a complete chain for its exact text, however it got queued', async () => {
    const item = SENSITIVE_ITEM;
    await mutate(
      [replica, 0, 'item.claim', { itemId: item }],
      [
        replica,
        0,
        'reply.draft',
        { replyId: 'r-out-2', itemId: item, text: 'Ne parli con il medico.', visibility: 'public', savedReplyId: null },
      ],
      [replica, 0, 'reply.send', { replyId: 'r-out-2', seenUpTo: null }],
    );
    const refusal = await db.query(
      sql`SELECT refused_code FROM commits WHERE client_id = ${replica} ORDER BY seq DESC LIMIT 1`,
    );
    expect(refusal[0]?.refused_code).toBe('needs_approval');
    expect((await outboxRows()).map((row) => row.replyId)).not.toContain('r-out-2');

    // Tampering behind the rules' back (a bug, a hand-edited row) still stops at the gate.
    const reply = await replyRow('r-out-2');
    const forged = { ...reply, status: 'queued' };
    await db.query(
      sql`UPDATE entities SET data = ${sql.json(forged)}::jsonb WHERE entity = 'reply' AND id = 'r-out-2'`,
    );
    await db.query(sql`INSERT INTO outbox (reply_id, reply_version, text_hash, client_id, status, created_at, updated_at)
      VALUES ('r-out-2', ${reply.version}, ${currentTextHash(reply)}, ${PHARMA}, 'queued', 0, 0)`);
    const taken = await takeForDispatch(db, 10, clock.now());
    expect(taken.ready).toEqual([]);
    expect(taken.blocked).toEqual([expect.objectContaining({ replyId: 'r-out-2', code: 'needs_approval' })]);
    // The moderator sees a failed reply (not one queued forever); sending it again is refused.
    expect((await replyRow('r-out-2')).status).toBe('failed');
    await mutate([replica, 0, 'reply.send', { replyId: 'r-out-2', seenUpTo: null }]);
    expect((await takeForDispatch(db, 10, clock.now())).ready).toEqual([]);
    expect((await outboxRows()).find((row) => row.replyId === 'r-out-2')).toMatchObject({ status: 'failed' });
  });

  it('blocks a queued row whose reply text changed since it was queued', async () => {
    const item = itemId(OTHER, 2);
    await mutate(
      [replica, 0, 'item.claim', { itemId: item }],
      [
        replica,
        0,
        'reply.draft',
        { replyId: 'r-out-3', itemId: item, text: 'Grazie!', visibility: 'public', savedReplyId: null },
      ],
      [replica, 0, 'reply.send', { replyId: 'r-out-3', seenUpTo: null }],
    );
    const reply = await replyRow('r-out-3');
    await db.query(
      sql`UPDATE entities SET data = ${sql.json({ ...reply, text: 'Grazie mille!' })}::jsonb WHERE entity = 'reply' AND id = 'r-out-3'`,
    );
    const taken = await takeForDispatch(db, 10, clock.now());
    expect(taken.blocked).toEqual([expect.objectContaining({ replyId: 'r-out-3', code: 'approval_stale' })]);
  });

  it('refuses a dosage disguised with invisible characters, and stops a disguised text at the gate', async () => {
    // A neutral interaction: only the reply's words make it sensitive.
    const item = itemId(PHARMA, 3);
    const disguised = 'La do\u200Bse di Cardi\u200Bolex è 5\u200B0 m\u200Bg al giorno.';
    await mutate(
      [replica, 0, 'item.claim', { itemId: item }],
      [
        replica,
        0,
        'reply.draft',
        { replyId: 'r-out-4', itemId: item, text: disguised, visibility: 'public', savedReplyId: null },
      ],
      [replica, 0, 'reply.send', { replyId: 'r-out-4', seenUpTo: null }],
    );
    const refusal = await db.query(
      sql`SELECT refused_code FROM commits WHERE client_id = ${replica} ORDER BY seq DESC LIMIT 1`,
    );
    expect(refusal[0]?.refused_code).toBe('needs_approval');
    expect((await outboxRows()).map((row) => row.replyId)).not.toContain('r-out-4');
    // What is stored is what the moderator wrote, without the hidden characters.
    expect((await replyRow('r-out-4')).text).toBe('La dose di Cardiolex è 50 mg al giorno.');

    // A row queued behind the rules' back with look-alike letters, fullwidth digits and a
    // no-break space in it still stops at the last gate.
    const reply = await replyRow('r-out-4');
    const forged = { ...reply, status: 'queued', text: 'La d\u043Ese di \u0421\u0430rdiolex è \uFF15\uFF10\u00A0mg.' };
    await db.query(
      sql`UPDATE entities SET data = ${sql.json(forged)}::jsonb WHERE entity = 'reply' AND id = 'r-out-4'`,
    );
    await db.query(sql`INSERT INTO outbox (reply_id, reply_version, text_hash, client_id, status, created_at, updated_at)
      VALUES ('r-out-4', ${reply.version}, ${currentTextHash(forged)}, ${PHARMA}, 'queued', 0, 0)`);
    const taken = await takeForDispatch(db, 10, clock.now());
    expect(taken.ready).toEqual([]);
    expect(taken.blocked).toEqual([expect.objectContaining({ replyId: 'r-out-4', code: 'needs_approval' })]);
    expect((await replyRow('r-out-4')).status).toBe('failed');
  });
});
