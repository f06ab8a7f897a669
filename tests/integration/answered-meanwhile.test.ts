/**
 * "Someone answered meanwhile", across two real desktops and the team server: A reads a
 * conversation and drafts an answer, loses the network, and sends while the contact writes again
 * or B answers the same conversation. A's desktop cannot know; the server refuses A's send with
 * `newer_activity` (listed on A with its reason) until A, having read it, sends anyway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../shared/domain/entities';
import { CONSUMER } from '../../shared/demo/ids';
import type { Core } from '../../electron/core';
import type { ModeratorServer } from '../../server/app';
import { toJson } from '../../server/db/db';
import { writeBatch } from '../../server/seed/write';
import { sql } from '../../server/db/sql';
import { startProxy, type CuttableProxy } from './support/proxy';
import { call, lastStatus, signedInDesktop, startDemoServer, until } from './support/desktops';

const folder = mkdtempSync(join(tmpdir(), 'answered-meanwhile-'));
let server: ModeratorServer;
let proxy: CuttableProxy;
let a: Core;
let b: Core;

beforeAll(async () => {
  const started = await startDemoServer(folder, 80);
  server = started.server;
  proxy = await startProxy(new URL(started.url));
  a = await signedInDesktop(folder, 'a', proxy.url, 'us-giulia');
  b = await signedInDesktop(folder, 'b', started.url, 'us-marco');
}, 180_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await proxy?.close();
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function serverReply(id: string): Promise<Reply | null> {
  const [found] = await server.db.query(sql`SELECT data FROM entities WHERE entity = 'reply' AND id = ${id}`);
  return found === undefined ? null : (toJson(found.data) as Reply);
}

async function inSync(core: Core): Promise<void> {
  await call(core, 'sync:retry', {});
  await until('the desktop to be in sync', () => {
    const status = lastStatus(core);
    return status?.state === 'online' && status.pending === 0;
  });
}

const draft = (replyId: string, itemId: string, text: string) => ({
  replyId,
  itemId,
  text,
  visibility: 'public' as const,
  savedReplyId: null,
  escalated: false,
  escalationNote: null,
});

/** Open items of a client without confirmation rules, none touched by an earlier test. */
async function openItems(): Promise<string[]> {
  const page = await call(a, 'queue:list', {
    view: 'inbox',
    sort: 'oldest',
    limit: 50,
    filters: { clientId: CONSUMER },
  });
  return page.rows.filter((row) => row.assignee === null).map((row) => row.itemId);
}

describe('something newer arrived while this desktop was offline', () => {
  it('the server refuses a send after the contact wrote again, until the moderator sends anyway', async () => {
    const [itemId] = await openItems();
    if (itemId === undefined) throw new Error('no open item');
    const { interaction } = await call(a, 'item:get', { itemId });
    const seenUpTo = Date.now();
    await call(a, 'reply:saveDraft', draft('rp-written-again', itemId, 'Grazie, le rispondiamo subito.'));
    await inSync(a);

    // A loses the network; the contact writes again in the same conversation.
    proxy.cut();
    const again = { ...interaction, id: 'ix-written-again', platformId: 'pl-written-again', createdAt: Date.now() };
    await writeBatch(server.db, { interactions: [again] }, Date.now());

    await call(a, 'reply:send', { replyId: 'rp-written-again', seenUpTo });
    proxy.restore();
    await inSync(a);
    const refused = (await call(a, 'sync:refused', {})).changes;
    expect(refused.map((change) => [change.name, change.code])).toEqual([['reply.send', 'newer_activity']]);
    expect((await serverReply('rp-written-again'))?.status).toBe('draft');
    expect((await call(a, 'item:get', { itemId })).replies.find((r) => r.id === 'rp-written-again')?.status).toBe(
      'draft',
    );

    // Having read it, A sends anyway (no seenUpTo: confirmed), and the server takes it.
    await call(a, 'sync:dismiss', { ids: refused.map((change) => change.id) });
    await call(a, 'reply:send', { replyId: 'rp-written-again' });
    await inSync(a);
    expect((await call(a, 'sync:refused', {})).changes).toEqual([]);
    expect((await serverReply('rp-written-again'))?.status).toMatch(/^(queued|sent)$/);
  }, 180_000);

  it('the server refuses a second answer with newer_activity when a colleague answered meanwhile', async () => {
    const [, itemId] = await openItems();
    if (itemId === undefined) throw new Error('no open item');

    // A reads the conversation (what the renderer passes as seenUpTo) and drafts an answer.
    await call(a, 'item:get', { itemId });
    const seenUpTo = Date.now();
    await call(a, 'reply:saveDraft', draft('rp-meanwhile-a', itemId, 'Grazie, le rispondiamo subito.'));
    await inSync(a);

    // A loses the network; B answers the same conversation, and the server has it.
    proxy.cut();
    await call(b, 'reply:saveDraft', draft('rp-meanwhile-b', itemId, 'Buongiorno, ecco la risposta.'));
    await call(b, 'reply:send', { replyId: 'rp-meanwhile-b' });
    await inSync(b);
    expect((await serverReply('rp-meanwhile-b'))?.status).toMatch(/^(queued|sent)$/);

    // A sends: its replica knows nothing newer, so it goes out; the server knows better.
    await call(a, 'reply:send', { replyId: 'rp-meanwhile-a', seenUpTo });
    proxy.restore();
    await inSync(a);
    const refused = (await call(a, 'sync:refused', {})).changes;
    expect(refused.map((change) => [change.name, change.code])).toEqual([['reply.send', 'newer_activity']]);
    expect((await serverReply('rp-meanwhile-a'))?.status).toBe('draft');
    // On A the answer is a draft again, and B's answer is there to read.
    const detail = await call(a, 'item:get', { itemId });
    expect(detail.replies.find((r) => r.id === 'rp-meanwhile-a')?.status).toBe('draft');
    expect(detail.replies.find((r) => r.id === 'rp-meanwhile-b')?.status).toMatch(/^(queued|sent)$/);

    // The conversation is answered: the lifecycle refuses a second send from here on, on A too.
    await expect(call(a, 'reply:send', { replyId: 'rp-meanwhile-a' })).rejects.toThrow(/illegal_transition/);
  }, 180_000);
});
