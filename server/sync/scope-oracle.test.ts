/**
 * A push must not tell a replica whether an id it cannot see exists: a row of another client is
 * refused exactly like a row that is not there (`not_found`, same message), for every entity a
 * mutation can reference. Only rows the user sees get the more precise refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationArgs, MutationName } from '../../shared/sync/mutations';
import type { ModeratorServer } from '../app';
import type { Db } from '../db/db';
import { sql } from '../db/sql';
import { as, Clock, login, mutationOf, openWorldDb, pushOf, startTestServer } from '../testing/harness';
import { itemId, OTHER, people, PHARMA } from '../testing/world';

let db: Db;
let server: ModeratorServer;
let moderator: ReturnType<typeof as>;
let pharmaOnly: ReturnType<typeof as>;
let replicas = 0;

interface Answer {
  readonly code: string | null;
  readonly message: string | null;
}

/** One mutation pushed from a fresh replica, answered with its refusal (null when applied). */
async function pushOne<N extends MutationName>(
  user: ReturnType<typeof as>,
  name: N,
  args: MutationArgs<N>,
): Promise<Answer> {
  const replica = `replica-oracle-${(replicas += 1)}`;
  const answer = await user.push(pushOf(replica, [mutationOf(replica, 1, name, args)]));
  expect(answer.status).toBe(200);
  const [found] = await db.query(sql`SELECT refused_code, refused_message FROM commits WHERE client_id = ${replica}`);
  return {
    code: (found?.refused_code as string | null | undefined) ?? null,
    message: (found?.refused_message as string | null | undefined) ?? null,
  };
}

beforeAll(async () => {
  db = await openWorldDb();
  server = await startTestServer(db, new Clock());
  moderator = as(server.app, await login(server.app, people.moderator.email));
  pharmaOnly = as(server.app, await login(server.app, people.pharmaModerator.email));
  // Rows of the other client, made by someone who works on both.
  expect(await pushOne(moderator, 'item.claim', { itemId: itemId(OTHER, 2) })).toEqual({ code: null, message: null });
  const draft = {
    replyId: 'r-other',
    itemId: itemId(OTHER, 2),
    text: 'Ciao',
    visibility: 'public',
    savedReplyId: null,
  };
  expect(await pushOne(moderator, 'reply.draft', draft as MutationArgs<'reply.draft'>)).toMatchObject({ code: null });
  const note = { noteId: 'n-other', contactId: 'ct-other', text: 'Solo per c-other' };
  expect(await pushOne(moderator, 'note.add', note)).toMatchObject({ code: null });
}, 60_000);

afterAll(async () => {
  await server.close();
  await db.close();
});

describe('rows of another client answer like missing ones', { timeout: 30_000 }, () => {
  it('notes: another client’s note id is not_found; a visible one already used stays invalid_argument', async () => {
    const hidden = await pushOne(pharmaOnly, 'note.add', { noteId: 'n-other', contactId: 'ct-both', text: 'x' });
    expect(hidden.code).toBe('not_found');
    const visible = await pushOne(pharmaOnly, 'note.add', { noteId: 'n-seed', contactId: 'ct-both', text: 'x' });
    expect(visible).toEqual({ code: 'invalid_argument', message: 'the note id is already used' });
    // Nothing of the other client's note changed.
    const [row] = await db.query(sql`SELECT data FROM entities WHERE entity = 'note' AND id = 'n-other'`);
    expect(row?.data).toMatchObject({ contactId: 'ct-other', text: 'Solo per c-other' });
  });

  it('replies: drafting with another client’s reply id is not_found and leaves that reply alone', async () => {
    const draft = {
      replyId: 'r-other',
      itemId: itemId(PHARMA, 4),
      text: 'x',
      visibility: 'public',
      savedReplyId: null,
    };
    const hidden = await pushOne(pharmaOnly, 'reply.draft', draft as MutationArgs<'reply.draft'>);
    expect(hidden.code).toBe('not_found');
    const [row] = await db.query(sql`SELECT data FROM entities WHERE entity = 'reply' AND id = 'r-other'`);
    expect(row?.data).toMatchObject({ clientId: OTHER, text: 'Ciao' });
  });

  it('replies, items, contacts: the same refusal as for an id that does not exist', async () => {
    const cases: [Answer, Answer][] = [
      [
        await pushOne(pharmaOnly, 'reply.submit', { replyId: 'r-other', escalated: false, note: null }),
        await pushOne(pharmaOnly, 'reply.submit', { replyId: 'r-nowhere', escalated: false, note: null }),
      ],
      [
        await pushOne(pharmaOnly, 'item.claim', { itemId: itemId(OTHER, 3) }),
        await pushOne(pharmaOnly, 'item.claim', { itemId: 'it-nowhere' }),
      ],
      [
        await pushOne(pharmaOnly, 'contact.tag', { contactId: 'ct-other', label: 'vip', op: 'add' }),
        await pushOne(pharmaOnly, 'contact.tag', { contactId: 'ct-nowhere', label: 'vip', op: 'add' }),
      ],
      [
        await pushOne(pharmaOnly, 'item.assign', { itemId: itemId(PHARMA, 3), assigneeId: people.otherApprover.id }),
        await pushOne(pharmaOnly, 'item.assign', { itemId: itemId(PHARMA, 3), assigneeId: 'u-nowhere' }),
      ],
    ];
    for (const [hidden, missing] of cases) expect(hidden).toEqual(missing);
    expect(cases.slice(0, 3).map(([hidden]) => hidden.code)).toEqual(['not_found', 'not_found', 'not_found']);
  });
});
