/**
 * The ingest pipeline on PGlite with the test world (server/testing/world.ts), fed real Meta
 * deliveries (server/platforms/meta/fixtures/) parsed by the connector: what a moderator's desktop
 * ends up showing after each kind of platform change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client as clientSchema } from '../../../shared/domain/entities';
import { PLATFORM_HIDDEN, PLATFORM_REMOVED } from '../../../shared/domain/lifecycle';
import { dueAt, priorityScore } from '../../../shared/domain/priority';
import type { Db } from '../../db/db';
import { toJson } from '../../db/db';
import { sql } from '../../db/sql';
import { createLogger } from '../../log';
import { pullChanges } from '../../sync/pull';
import { visibilityOf } from '../../sync/scope';
import { currentCursor, Sequencer } from '../../sync/sequencer';
import { openWorldDb } from '../../testing/harness';
import { OTHER, PHARMA, people } from '../../testing/world';
import { randomBytes } from 'node:crypto';
import type { Connector, NormalizedEvent } from '../connector';
import { createTokenVault } from '../vault';
import { connectorFetch } from './fetch';
import type { IngestDeps } from './ingest';
import { ingestEvents } from './ingest';
import { commitCount, connectChannel, metaEvents, rowsOf } from './testing';

const PAGE = '1234567890321';
const OTHER_PAGE = '12345654332';
const NOW = Date.UTC(2023, 10, 15, 12);
const T = Math.floor(NOW / 1000) - 3600;
let db: Db;
const deps: IngestDeps = { now: () => NOW, log: createLogger('silent') };
const ingest = (events: readonly NormalizedEvent[]) => db.transaction((tx) => ingestEvents(tx, events, deps));

const visitor = { id: '555000', name: 'Marta Rossi' };
const comment = (id: string, message: string, extra: Record<string, unknown> = {}) =>
  metaEvents('feed-comment-add-from', {
    comment_id: id,
    post_id: `${PAGE}_post1`,
    parent_id: `${PAGE}_post1`,
    from: visitor,
    message,
    created_time: T,
    ...extra,
  });

beforeAll(async () => {
  db = await openWorldDb();
  await connectChannel(db, 'ch-pharma', PHARMA, PAGE);
  await connectChannel(db, 'ch-other', OTHER, OTHER_PAGE);
});
afterAll(async () => {
  await db.close();
});

describe('ingestEvents', () => {
  it('turns a visitor comment into a thread, a contact, an interaction and a new item, like the demo builds them', async () => {
    const summary = await ingest(comment('c-new', 'Quali effetti collaterali ha il farmaco?'));
    expect(summary).toMatchObject({ created: 1, updated: 0, duplicates: 0, ignored: 0, unknownAccount: 0 });

    const { interaction, item, thread, contact } = await rowsOf(db, 'c-new');
    const [clientRow] = await db.query(sql`SELECT data FROM entities WHERE entity = 'client' AND id = ${PHARMA}`);
    const client = clientSchema.parse(toJson(clientRow?.data));
    const createdAt = T * 1000;
    expect(interaction).toMatchObject({
      clientId: PHARMA,
      channelId: 'ch-pharma',
      kind: 'comment',
      platformId: 'c-new',
      parentId: null,
      text: 'Quali effetti collaterali ha il farmaco?',
      createdAt,
      lang: null,
      sentiment: 0,
      rating: null,
      flags: { sensitive: true, adverseEvent: false, spam: false, profanity: false },
    });
    const due = dueAt(createdAt, 'comment', client.sla);
    expect(item).toMatchObject({
      interactionId: interaction?.id,
      status: 'new',
      dueAt: due,
      assigneeId: null,
      priority: priorityScore(
        {
          kind: 'comment',
          sentiment: 0,
          rating: null,
          flags: { sensitive: true, adverseEvent: false, spam: false, profanity: false },
          createdAt,
          dueAt: due,
        },
        NOW,
      ),
    });
    expect(thread).toMatchObject({ kind: 'post', platformId: `${PAGE}_post1`, clientId: PHARMA });
    expect(contact).toMatchObject({
      displayName: 'Marta Rossi',
      handles: [{ platform: 'facebook', handle: 'Marta Rossi' }],
      firstSeenAt: createdAt,
    });
  });

  it('writes nothing for the same delivery twice: no commit, counted as duplicates', async () => {
    const events = comment('c-dup', 'Dove vi trovo?');
    await ingest(events);
    const before = await commitCount(db);
    const summary = await ingest([...events, ...events]);
    expect(summary).toMatchObject({ created: 0, updated: 0, duplicates: 2 });
    expect(await commitCount(db)).toBe(before);
  });

  it('shows an edit as the new text of the same interaction, in one commit', async () => {
    await ingest(comment('c-edit', 'Dove vi trovo?'));
    const first = await rowsOf(db, 'c-edit');
    const before = await commitCount(db);
    const edit = metaEvents('feed-comment-edited', {
      comment_id: 'c-edit',
      post_id: `${PAGE}_post1`,
      parent_id: `${PAGE}_post1`,
      sender_id: visitor.id,
      sender_name: visitor.name,
      message: 'Dove vi trovo a Milano?',
      created_time: T + 60,
    });
    expect(await ingest(edit)).toMatchObject({ created: 0, updated: 1 });
    const after = await rowsOf(db, 'c-edit');
    expect(after.interaction?.id).toBe(first.interaction?.id);
    expect(after.interaction?.text).toBe('Dove vi trovo a Milano?');
    expect(after.interaction?.createdAt).toBe(T * 1000);
    expect(after.item?.status).toBe('new');
    expect(await commitCount(db)).toBe(before + 1);
  });

  it('closes the item of a comment hidden, shows it again when unhidden, and closes it for good when removed', async () => {
    await ingest(comment('c-mod', 'Che schifo'));
    const hide = (verb: string, at: number) =>
      metaEvents('feed-comment-hide', { comment_id: 'c-mod', post_id: `${PAGE}_post1`, verb, created_time: at });
    await ingest(hide('hide', T + 10));
    expect((await rowsOf(db, 'c-mod')).item).toMatchObject({ status: 'moderated', closedReason: PLATFORM_HIDDEN });
    await ingest(hide('unhide', T + 20));
    expect((await rowsOf(db, 'c-mod')).item).toMatchObject({ status: 'new', closedReason: null });
    await ingest(metaEvents('feed-comment-remove', { comment_id: 'c-mod', post_id: `${PAGE}_post1` }));
    const removed = await rowsOf(db, 'c-mod');
    expect(removed.item).toMatchObject({ status: 'done', closedReason: PLATFORM_REMOVED });
    expect(removed.interaction?.text).toBe('Che schifo');
  });

  it('keeps an item whose reply is in approval when the comment is removed on the platform', async () => {
    await ingest(comment('c-draft', 'Posso prendere due dosi?'));
    const { item } = await rowsOf(db, 'c-draft');
    await db.query(sql`UPDATE entities SET data = jsonb_set(data, '{status}', '"awaiting_approval"')
      WHERE entity = 'item' AND id = ${String(item?.id)}`);
    await ingest(metaEvents('feed-comment-remove', { comment_id: 'c-draft', post_id: `${PAGE}_post1` }));
    expect((await rowsOf(db, 'c-draft')).item?.status).toBe('awaiting_approval');
  });

  it('takes the Page’s own reply as no work, and as the answer to the comment it replies to', async () => {
    await ingest(comment('c-asked', 'A che ora aprite?'));
    const own = metaEvents('feed-comment-add-from', {
      comment_id: 'c-our-answer',
      post_id: `${PAGE}_post1`,
      parent_id: 'c-asked',
      created_time: T + 120,
    });
    expect(own[0]?.isOwn).toBe(true);
    await ingest(own);
    expect((await rowsOf(db, 'c-asked')).item?.status).toBe('answered');
    expect(await rowsOf(db, 'c-our-answer')).toMatchObject({ interaction: undefined, item: undefined });
    const [recorded] = await db.query(sql`SELECT own FROM platform_objects WHERE external_id = 'c-our-answer'`);
    expect(recorded?.own).toBe(true);
  });

  it('links a reply that arrived before its parent once the parent arrives', async () => {
    await ingest(comment('c-child', 'Anch’io!', { parent_id: 'c-parent' }));
    expect((await rowsOf(db, 'c-child')).interaction?.parentId).toBeNull();
    await ingest(comment('c-parent', 'Quando riaprite?'));
    const parent = await rowsOf(db, 'c-parent');
    expect((await rowsOf(db, 'c-child')).interaction?.parentId).toBe(parent.interaction?.id);
  });

  it('answers a direct message by the Page’s echo in the same conversation', async () => {
    await ingest(metaEvents('messaging-message'));
    const [message] = metaEvents('messaging-message');
    const { interaction, item, thread } = await rowsOf(db, message?.externalId ?? '');
    expect(interaction).toMatchObject({ kind: 'dm', clientId: OTHER, text: 'hello, world!' });
    expect(thread).toMatchObject({ kind: 'conversation' });
    expect(item?.status).toBe('new');
    const echo = metaEvents('messaging-echo', {
      sender: { id: OTHER_PAGE },
      recipient: { id: '987654321432' },
      timestamp: 1457764299999,
      message: { mid: 'mid.echo-1', text: 'Ciao!', is_echo: true },
    });
    await ingest(echo);
    expect((await rowsOf(db, message?.externalId ?? '')).item?.status).toBe('answered');
  });

  it('ignores events of accounts no channel connects, counting them, and writes nothing', async () => {
    const before = await commitCount(db);
    const events = comment('c-stranger', 'Ciao').map((event) => ({ ...event, accountId: '999' }));
    expect(await ingest(events)).toMatchObject({ created: 0, unknownAccount: 1 });
    expect(await commitCount(db)).toBe(before);
  });

  it('leaves ids-only notifications waiting without a fetch, and ingests what the platform answers with the channel’s token', async () => {
    const vault = createTokenVault([{ id: 'k1', key: randomBytes(32) }]);
    await db.query(sql`INSERT INTO channel_credentials (channel_id, client_id, platform, external_account_id,
        sealed_token, key_id, state, created_at, updated_at)
      VALUES ('ch-ig', ${PHARMA}, 'instagram', 'ig-1', ${vault.seal('tok-secret', 'ch-ig')}, 'k1', 'connected', 1, 1)`);
    const mention: NormalizedEvent = {
      platform: 'instagram',
      accountId: 'ig-1',
      kind: 'mention',
      verb: 'add',
      externalId: 'c-mention',
      postId: 'media-1',
      isOwn: false,
      idsOnly: true,
      version: 'add',
      rawRef: 'entry[0].changes[0]',
    };
    expect(await ingest([mention])).toMatchObject({ ignored: 1, codes: { ids_only_waiting: 1 } });
    const tokens: string[] = [];
    const connector: Pick<Connector, 'fetchObject'> = {
      fetchObject: async (account, ref) => {
        tokens.push(account.accessToken);
        return {
          ok: true,
          value: { ...mention, externalId: ref.externalId, idsOnly: false, text: 'Vi ho citati', author: visitor },
        };
      },
    };
    const fetched = await db.transaction((tx) =>
      ingestEvents(tx, [mention], { ...deps, fetchObject: connectorFetch(connector, vault, () => NOW) }),
    );
    expect(fetched).toMatchObject({ created: 1 });
    expect(tokens).toEqual(['tok-secret']);
    expect((await rowsOf(db, 'c-mention')).interaction).toMatchObject({ kind: 'mention', text: 'Vi ho citati' });

    const gone: Pick<Connector, 'fetchObject'> = { fetchObject: async () => ({ ok: true, value: null }) };
    const other = { ...mention, externalId: 'c-mention-gone' };
    expect(
      await db.transaction((tx) =>
        ingestEvents(tx, [other], { ...deps, fetchObject: connectorFetch(gone, vault, () => NOW) }),
      ),
    ).toMatchObject({ created: 0, codes: { ids_only_gone: 1 } });
  });

  it('is pulled by the users of the channel’s client, and not by the users of another client', async () => {
    const sequencer = new Sequencer(db, () => undefined);
    await sequencer.sequence();
    const from = await currentCursor(db);
    await ingest(comment('c-scoped', 'Buongiorno'));
    await sequencer.sequence();
    const { interaction, item } = await rowsOf(db, 'c-scoped');
    const pulled = async (user: (typeof people)[keyof typeof people]) =>
      (await pullChanges(db, visibilityOf(user), { clientId: 'replica-1', cursor: from, limit: 1000 })).changes.map(
        (change) => change.id,
      );
    expect(await pulled(people.pharmaModerator)).toEqual(expect.arrayContaining([interaction?.id, item?.id]));
    const other = await pulled(people.otherApprover);
    expect(other).not.toContain(interaction?.id);
    expect(other).not.toContain(item?.id);
  });
});
