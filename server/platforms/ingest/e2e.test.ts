/**
 * End to end on one team server (PGlite): the sandbox platform writes a comment, signs its
 * webhook as Meta does, the delivery is POSTed to /webhooks/meta, stored in the inbox, processed,
 * ingested — and a desktop's pull shows the new interaction and its item, at once: the processor's
 * commit is numbered right after it commits (not at the sequencer's next timer, set far away here).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commentDelivery, metaJson, signatureHeaders } from '../../../sandbox/webhooks';
import { SandboxWorld } from '../../../sandbox/world';
import type { ModeratorServer } from '../../app';
import { createServer } from '../../app';
import type { Db } from '../../db/db';
import { createLogger } from '../../log';
import { as, Clock, login, openWorldDb, testConfig } from '../../testing/harness';
import { PHARMA, people } from '../../testing/world';
import { TEST_APP_SECRET } from '../meta/fixtures';
import { connectChannel } from './testing';

let db: Db | null = null;
let server: ModeratorServer | null = null;
afterEach(async () => {
  await server?.close();
  await db?.close();
  server = null;
  db = null;
});

describe('sandbox → webhook → inbox → processor → ingest → pull', () => {
  it('shows a new comment to the users of the channel’s client as soon as it is processed', async () => {
    db = await openWorldDb();
    server = await createServer(
      { ...testConfig, meta: { appSecret: TEST_APP_SECRET, verifyToken: 'verify' } },
      { db, now: new Clock().now, logger: createLogger('silent'), sequencerIntervalMs: 600_000 },
    );
    const { app } = server;
    const world = new SandboxWorld(() => Date.UTC(2024, 0, 10, 12));
    const page = world.addAccount('facebook', '104857600000001', 'Lenitex Italia', 'lenitex.it');
    await connectChannel(db, 'ch-pharma', PHARMA, page.id);
    const post = world.addPost(page.id, 'Novità');
    const visitor = { id: '7001', name: 'Marta Rossi', username: 'marta' };
    const comment = world.addComment(post.id, post.id, visitor, 'Posso prenderlo con 20 mg di altro?');

    const moderator = as(app, await login(app, people.pharmaModerator.email));
    const outsider = as(app, await login(app, people.otherApprover.email));
    const from = (await moderator.pull('replica-e2e-1', 0, 5000)).body.cursor;
    const otherFrom = (await outsider.pull('replica-e2e-2', 0, 5000)).body.cursor;

    const body = metaJson(commentDelivery(world, comment, 'add'));
    const answer = await app.inject({
      method: 'POST',
      url: '/webhooks/meta',
      headers: { 'content-type': 'application/json', ...signatureHeaders(body, TEST_APP_SECRET) },
      payload: body,
    });
    expect(answer.statusCode).toBe(200);

    await vi.waitFor(async () => {
      const changes = (await moderator.pull('replica-e2e-1', from)).body.changes;
      const interaction = changes.find((change) => change.entity === 'interaction');
      expect(interaction?.data).toMatchObject({
        clientId: PHARMA,
        platformId: comment.id,
        text: 'Posso prenderlo con 20 mg di altro?',
        flags: { sensitive: true },
      });
      expect(changes.find((change) => change.entity === 'item')?.data).toMatchObject({
        interactionId: interaction?.id,
        status: 'new',
      });
    });
    const seenByOther = (await outsider.pull('replica-e2e-2', otherFrom)).body.changes;
    expect(seenByOther.filter((change) => change.entity === 'interaction' || change.entity === 'item')).toEqual([]);
  });
});
