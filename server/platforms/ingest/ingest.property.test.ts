/**
 * Out-of-order delivery (docs/platforms.md, "Ingest"): whatever the order of a set of events, with
 * duplicates, one event per delivery, ends in the same rows as the same events delivered once, in
 * order, in one delivery — an edit before its add, a reply before its parent, our own answer
 * before the question, a hide before its comment.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db';
import { createLogger } from '../../log';
import { openWorldDb } from '../../testing/harness';
import { PHARMA } from '../../testing/world';
import type { NormalizedEvent } from '../connector';
import { ingestEvents } from './ingest';
import { connectChannel, rowsOf } from './testing';

const PAGE = '1234567890321';
const NOW = Date.UTC(2024, 0, 10, 12);
const T0 = NOW - 3_600_000;
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
let db: Db;
const deps = { now: () => NOW, log: createLogger('silent') };

beforeAll(async () => {
  db = await openWorldDb();
  await connectChannel(db, 'ch-pharma', PHARMA, PAGE);
});
afterAll(async () => {
  await db.close();
});

type Template = Omit<NormalizedEvent, 'platform' | 'accountId' | 'isOwn' | 'idsOnly' | 'rawRef'> & { own?: boolean };
const marta = { id: 'marta', name: 'Marta' };
const luca = { id: 'luca', name: 'Luca' };
const templates: readonly Template[] = [
  {
    kind: 'comment',
    verb: 'add',
    externalId: 'P',
    parentId: 'post',
    postId: 'post',
    author: marta,
    text: 'Quanti mg?',
    createdAt: at(0),
    version: 'add:0',
  },
  {
    kind: 'comment',
    verb: 'edit',
    externalId: 'P',
    parentId: 'post',
    postId: 'post',
    author: marta,
    text: 'Dove siete?',
    createdAt: at(50),
    version: 'edit:50',
  },
  {
    kind: 'reply',
    verb: 'add',
    externalId: 'C',
    parentId: 'P',
    postId: 'post',
    author: luca,
    text: 'Anch’io',
    createdAt: at(10),
    version: 'add:10',
  },
  {
    kind: 'reply',
    verb: 'edit',
    externalId: 'C',
    parentId: 'P',
    postId: 'post',
    author: luca,
    text: 'Anch’io!!',
    createdAt: at(60),
    version: 'edit:60',
  },
  {
    kind: 'reply',
    verb: 'add',
    externalId: 'O',
    parentId: 'P',
    postId: 'post',
    author: { id: PAGE },
    text: 'Ciao',
    createdAt: at(20),
    version: 'add:20',
    own: true,
  },
  { kind: 'reply', verb: 'hide', externalId: 'C', postId: 'post', createdAt: at(30), version: 'hide:30' },
  { kind: 'reply', verb: 'unhide', externalId: 'C', postId: 'post', createdAt: at(40), version: 'unhide:40' },
  {
    kind: 'comment',
    verb: 'add',
    externalId: 'Q',
    parentId: 'post',
    postId: 'post',
    author: luca,
    text: 'Spam',
    createdAt: at(5),
    version: 'add:5',
  },
  { kind: 'comment', verb: 'remove', externalId: 'Q', postId: 'post', version: 'remove' },
  {
    kind: 'message',
    verb: 'add',
    externalId: 'M',
    threadId: 'marta',
    author: marta,
    text: 'Aiuto',
    createdAt: at(0),
    version: 'add',
  },
  {
    kind: 'message',
    verb: 'add',
    externalId: 'E',
    threadId: 'marta',
    author: { id: PAGE },
    text: 'Eccoci',
    createdAt: at(70),
    version: 'add',
    own: true,
  },
];

let run = 0;
/** The events of one run: every platform id carries the run's prefix, so runs never share an object. */
function materialize(list: readonly Template[], prefix: string): NormalizedEvent[] {
  const p = (id: string | undefined) => (id === undefined ? undefined : `${prefix}${id}`);
  return list.map(({ own, ...template }) => {
    const event: NormalizedEvent = {
      ...template,
      platform: 'facebook',
      accountId: PAGE,
      externalId: `${prefix}${template.externalId}`,
      isOwn: own === true,
      idsOnly: false,
      rawRef: 'entry[0]',
    };
    const parentId = p(template.parentId);
    const postId = p(template.postId);
    const threadId = p(template.threadId);
    const author =
      template.author &&
      (own === true ? template.author : { ...template.author, id: `${prefix}${template.author.id}` });
    return {
      ...event,
      ...(parentId === undefined ? {} : { parentId }),
      ...(postId === undefined ? {} : { postId }),
      ...(threadId === undefined ? {} : { threadId }),
      ...(author === undefined ? {} : { author }),
    };
  });
}

/** What a desktop shows for each object, with our ids replaced by the objects they stand for. */
async function view(prefix: string): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  const names = new Map<unknown, string>();
  const all = await Promise.all(
    ['P', 'C', 'O', 'Q', 'M', 'E'].map(async (name) => [name, await rowsOf(db, `${prefix}${name}`)] as const),
  );
  for (const [name, rows] of all) if (rows.interaction !== undefined) names.set(rows.interaction.id, name);
  for (const [name, { interaction, item, thread, contact }] of all) {
    const strip = (value: unknown) => (typeof value === 'string' ? value.replace(prefix, '') : value);
    result[name] = {
      interaction: interaction && {
        ...interaction,
        id: name,
        threadId: null,
        contactId: null,
        platformId: strip(interaction.platformId),
        parentId: interaction.parentId === null ? null : (names.get(interaction.parentId) ?? 'unknown'),
      },
      item: item && { ...item, id: name, interactionId: name },
      thread: thread && { ...thread, id: null, platformId: strip(thread.platformId) },
      contact: contact && { ...contact, id: null, handles: null },
    };
  }
  return result;
}

describe('ingest, any order', () => {
  it('ends in the same rows for any permutation, with duplicates, of a set of events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([...templates], { minLength: 1 }).chain((chosen) =>
          fc.tuple(
            fc.constant(chosen),
            fc.array(fc.nat(chosen.length - 1), { maxLength: 4 }).chain((dupes) => {
              const all = [...chosen, ...dupes.map((index) => chosen[index] as Template)];
              return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
            }),
          ),
        ),
        async ([chosen, shuffled]) => {
          run += 1;
          const inOrder = `a${run}-`;
          const anyOrder = `b${run}-`;
          await db.transaction((tx) => ingestEvents(tx, materialize(chosen, inOrder), deps));
          for (const event of materialize(shuffled, anyOrder)) {
            await db.transaction((tx) => ingestEvents(tx, [event], deps));
          }
          expect(await view(anyOrder)).toEqual(await view(inOrder));
        },
      ),
      { numRuns: 40 },
    );
  });
});
