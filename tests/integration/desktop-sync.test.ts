/**
 * Two real desktop cores (replica, outbox, sync engine, socket) and one real team server on
 * PGlite, talking HTTP and WebSocket over loopback (issue 5, "Tests"). Desktop A sits behind a
 * proxy the test can cut: offline for real, not mocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, EventPayload } from '../../shared/contract';
import type { Core } from '../../electron/core';
import type { ModeratorServer } from '../../server/app';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { currentTextHash } from '../../shared/domain';
import { startProxy, type CuttableProxy } from './support/proxy';
import { act, call, lastStatus, signedInDesktop, startDemoServer, until } from './support/desktops';

const folder = mkdtempSync(join(tmpdir(), 'desktop-sync-'));
let server: ModeratorServer;
let proxy: CuttableProxy;
let a: Core;
let b: Core;

const desktop = (name: string, serverUrl: string, userId: string) => signedInDesktop(folder, name, serverUrl, userId);

const itemOf = async (core: Core, itemId: string) => (await call(core, 'item:get', { itemId })).item;
/** The first `count` unassigned items of the inbox, oldest first (a page may be short: keep asking). */
async function newItems(core: Core, count: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page: CallResult<'queue:list'> = await call(core, 'queue:list', {
      view: 'inbox',
      sort: 'oldest',
      limit: 100,
      after,
    });
    ids.push(...page.rows.filter((row) => row.assignee === null).map((row) => row.itemId));
    after = page.nextCursor;
  } while (after !== null && ids.length < count);
  return ids.slice(0, count);
}

beforeAll(async () => {
  const started = await startDemoServer(folder, 600);
  server = started.server;
  const url = started.url;
  proxy = await startProxy(new URL(url));
  a = await desktop('a', proxy.url, 'us-giulia');
  b = await desktop('b', url, 'us-marco');
}, 180_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await proxy?.close();
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('two desktops and a team server', () => {
  it('fills a new replica from the snapshot: both desktops see the same queue', async () => {
    const [onA, onB] = await Promise.all([newItems(a, 100), newItems(b, 100)]);
    expect(onA.length).toBeGreaterThan(20);
    expect(onA).toEqual(onB);
  });

  it("shows a change made on A in B's replica, without B asking", async () => {
    const [itemId] = await newItems(a, 100);
    if (itemId === undefined) throw new Error('no item');
    await act(a, itemId, { type: 'label', label: 'follow-up', op: 'add' });
    const seen = await until('the label on B', async () => {
      const item = await itemOf(b, itemId);
      return item.labels.includes('follow-up') ? item : null;
    });
    expect(seen.labels).toContain('follow-up');
    await until('A to have nothing pending', () => pendingOf(a) === 0);
  });

  it('converges after A works offline on items B changes meanwhile; conflicts are reported, nothing is applied twice', async () => {
    const items = (await newItems(a, 60)).slice(5, 55);
    expect(items).toHaveLength(50);
    const overlapping = items.slice(0, 10);
    proxy.cut();
    // A, offline: claims 10 items B will claim too, labels the other 40 (optimistic, at once).
    for (const itemId of overlapping) await act(a, itemId, { type: 'claim' });
    for (const itemId of items.slice(10)) await act(a, itemId, { type: 'label', label: 'offline', op: 'add' });
    expect((await itemOf(a, overlapping[0] ?? '')).assigneeId).toBe('us-giulia');
    expect(pendingOf(a)).toBeGreaterThanOrEqual(50);
    // B, online, claims the same 10 first.
    for (const itemId of overlapping) await act(b, itemId, { type: 'claim' });

    proxy.restore();
    await call(a, 'sync:retry', {});
    await until('A to push and rebase', () => pendingOf(a) === 0 && lastStatus(a)?.state === 'online', 60_000);
    await until('B to see the labels', async () => (await itemOf(b, items[49] ?? '')).labels.includes('offline'));

    // Converged: both replicas hold the server's version of every item touched.
    for (const itemId of items) expect(await itemOf(a, itemId)).toEqual(await itemOf(b, itemId));
    // The conflicts: B holds the 10 items; A was told why its claims were not applied.
    for (const itemId of overlapping) expect((await itemOf(a, itemId)).assigneeId).toBe('us-marco');
    const refused = (await call(a, 'sync:refused', {})).changes;
    expect(refused.filter((change) => change.name === 'item.claim')).toHaveLength(10);
    expect(refused.every((change) => change.code === 'already_assigned' && change.message !== '')).toBe(true);
    // Applied once: each label appears once, no claim of A's slipped through.
    for (const itemId of items.slice(10))
      expect((await itemOf(b, itemId)).labels.filter((label) => label === 'offline')).toHaveLength(1);
  }, 180_000);
});

function pendingOf(core: Core): number {
  return lastStatus(core)?.pending ?? -1;
}

/**
 * Every notification a core announces from now on (the `notify` event the hosts show), and
 * whether its notifier has read the replica yet (what is there at start is counted, not announced).
 */
function notificationsOf(core: Core) {
  const seen: EventPayload<'notify'>['notifications'] = [];
  let started = false;
  core.events.on('notify', (event) => {
    started = true;
    seen.push(...event.notifications);
  });
  return { seen, started: () => started };
}

describe('an approver deciding from the desktop', () => {
  it("gets a submission made offline once the moderator reconnects, signs with their password (a wrong one records nothing); the moderator's replica gets the signed step", async () => {
    const approver = await desktop('approver', proxy.url, 'us-medical');
    const approverNotes = notificationsOf(approver);
    const toApprover = approverNotes.seen;
    const toModerator = notificationsOf(a).seen;
    try {
      await until("the approver's notifier to start", approverNotes.started);
      proxy.restore();
      const page = await call(a, 'queue:list', {
        view: 'inbox',
        sort: 'oldest',
        limit: 100,
        filters: { clientId: 'cl-vitalia' },
      });
      const [itemId, otherItemId] = page.rows.filter((row) => row.assignee === null).map((row) => row.itemId);
      if (itemId === undefined || otherItemId === undefined) throw new Error('no open pharma items');
      const { reply: draft } = await call(a, 'reply:saveDraft', {
        replyId: 'rp-desktop-approval',
        itemId,
        text: 'Per il dosaggio di Cardiolex segua le indicazioni del suo medico.',
        visibility: 'public',
        savedReplyId: null,
        escalated: false,
        escalationNote: null,
      });
      // Submitted while offline: kept locally, pushed on reconnect.
      proxy.cut();
      const sent = await call(a, 'reply:send', { replyId: draft.id });
      expect(sent.submittedForApproval).toBe(true);
      expect((await call(a, 'item:get', { itemId })).replies.find((r) => r.id === draft.id)?.status).toBe(
        'awaiting_approval',
      );
      expect(pendingOf(a)).toBeGreaterThan(0);
      proxy.restore();
      await call(a, 'sync:retry', {});
      const waiting = await until('the submission on the approver desktop', async () => {
        const detail = await call(approver, 'item:get', { itemId }).catch(() => null);
        const reply = detail?.replies.find((r) => r.id === draft.id);
        return reply?.status === 'awaiting_approval' ? reply : null;
      });
      // The approver is told once, without the reply's words.
      const request = await until(
        'the approval request notification',
        () => toApprover.find((n) => n.kind === 'approval_requested' || n.kind === 'summary') ?? null,
      );
      expect(request).toMatchObject({ kind: 'approval_requested', target: { type: 'item', itemId } });
      expect(JSON.stringify(request)).not.toContain('Cardiolex');
      const decision = {
        replyId: waiting.id,
        stepIndex: 0,
        decision: 'approved' as const,
        textHash: currentTextHash(waiting),
        comment: null,
        editedText: null,
        lang: 'it' as const,
      };
      await expect(call(approver, 'approval:decide', { ...decision, password: 'not-the-password' })).rejects.toThrow(
        /invalid_credentials/,
      );
      await call(approver, 'approval:decide', { ...decision, password: DEMO_PASSWORD });
      const signed = await until("the signed step in the moderator's replica", async () => {
        const detail = await call(a, 'item:get', { itemId });
        const approval = detail.replies.find((r) => r.id === draft.id)?.approvals[0];
        return approval?.decision === 'approved' ? approval : null;
      });
      expect(signed).toMatchObject({ stepIndex: 0, approverId: 'us-medical' });
      // One step of three is no news to the moderator yet; a rejection is, with its reason.
      expect(toModerator.filter((n) => n.kind === 'approval_decided')).toEqual([]);
      const { reply: second } = await call(a, 'reply:saveDraft', {
        replyId: 'rp-desktop-rejected',
        itemId: otherItemId,
        text: 'Cardiolex si può prendere al doppio della dose.',
        visibility: 'public',
        savedReplyId: null,
        escalated: false,
        escalationNote: null,
      });
      await call(a, 'reply:send', { replyId: second.id });
      const pending = await until('the second submission on the approver desktop', async () => {
        const detail = await call(approver, 'item:get', { itemId: otherItemId }).catch(() => null);
        const reply = detail?.replies.find((r) => r.id === second.id);
        return reply?.status === 'awaiting_approval' ? reply : null;
      });
      await call(approver, 'approval:decide', {
        ...decision,
        replyId: pending.id,
        decision: 'rejected',
        textHash: currentTextHash(pending),
        comment: 'Dose non in etichetta',
        password: DEMO_PASSWORD,
      });
      const decided = await until(
        'the rejection notification on the moderator desktop',
        () => toModerator.find((n) => n.kind === 'approval_decided') ?? null,
      );
      expect(decided).toMatchObject({
        target: { type: 'item', itemId: otherItemId },
        title: { key: 'notify.approvalDecided.rejectedTitle' },
        body: { key: 'notify.approvalDecided.rejectedBody', params: { reason: 'Dose non in etichetta' } },
      });
    } finally {
      await approver.close();
    }
  }, 180_000);
});
