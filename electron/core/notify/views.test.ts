import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTextHash } from '../../../shared/domain/approval';
import type { Approval, Client, Interaction, Item, User } from '../../../shared/domain/entities';
import { ingestBatch } from '../replica/ingest';
import { openTempReplica, type TempReplica } from '../replica/testing';
import {
  fixtureChannel,
  fixtureClient,
  fixtureContact,
  fixtureInteraction,
  fixtureItem,
  fixtureReply,
  fixtureThread,
  fixtureUsers,
} from '../replica/testing-fixtures';
import { createNotifyViews } from './views';

const client: Client = {
  ...fixtureClient,
  approvalChain: [
    { name: 'Medical', approverIds: ['us-approver', 'us-mod'] },
    { name: 'Legal', approverIds: ['us-legal', 'us-approver'] },
  ],
};
const legal: User = { ...fixtureUsers[1]!, id: 'us-legal', name: 'Paolo Neri', email: 'paolo@example.it' };

let opened: TempReplica;
const interactions: Interaction[] = [];
const items: Item[] = [];

function approval(
  fields: Partial<Approval> & Pick<Approval, 'id' | 'stepIndex' | 'approverId' | 'textHash'>,
): Approval {
  return {
    replyId: 'rp-it-c-2',
    decision: 'approved',
    meaning: 'ok',
    comment: null,
    at: Date.UTC(2026, 10, 2),
    ...fields,
  };
}

/** On it-c-4: the approver rewrote Giulia's reply and approved it; she has not confirmed yet. */
function rewritten() {
  const text = 'Per favore contatti il suo medico.';
  const hash = currentTextHash({ text, visibility: 'public' });
  return fixtureReply(items[3]!, {
    id: 'rp-rewritten',
    authorId: 'us-approver',
    text,
    status: 'approved' as const,
    approvals: [
      approval({ id: 'ap-edit', replyId: 'rp-rewritten', stepIndex: 0, approverId: 'us-approver', textHash: hash }),
    ],
    approverEdit: {
      approvalId: 'ap-edit',
      previousAuthorId: 'us-mod',
      previousText: 'Prenda due compresse.',
      previousVisibility: 'public' as const,
      textHash: hash,
      confirmedAt: null,
    },
  });
}

beforeAll(async () => {
  opened = await openTempReplica();
  for (let n = 1; n <= 5; n += 1) {
    interactions.push(
      fixtureInteraction({
        id: `c-${n}`,
        threadId: 'th-post',
        contactId: 'ct-anna',
        text: `Commento ${n}`,
        ...(n === 3 ? { kind: 'review' as const, rating: 1, sentiment: -0.8 } : {}),
        ...(n === 4 ? { flags: { sensitive: true, adverseEvent: true, spam: false, profanity: false } } : {}),
      }),
    );
  }
  for (const x of interactions) {
    items.push(
      fixtureItem(x, {
        ...(x.id === 'c-2' ? { status: 'awaiting_approval' as const, assigneeId: 'us-mod' } : {}),
        ...(x.id === 'c-5' ? { status: 'done' as const, closedReason: 'Spam' } : {}),
      }),
    );
  }
  const item2 = items[1]!;
  const text = 'Segua le indicazioni del medico.';
  const hash = currentTextHash({ text, visibility: 'public' });
  const reply = fixtureReply(item2, {
    text,
    status: 'awaiting_approval',
    approvals: [
      approval({
        id: 'ap-old',
        stepIndex: 0,
        approverId: 'us-approver',
        textHash: 'an-older-text',
        decision: 'rejected',
        comment: 'No',
      }),
      approval({ id: 'ap-now', stepIndex: 0, approverId: 'us-approver', textHash: hash }),
    ],
  });
  ingestBatch(opened.replica.writer, {
    clients: [client],
    users: [...fixtureUsers, legal],
    channels: [fixtureChannel('facebook')],
    contacts: [fixtureContact('ct-anna', 'Anna Rossi')],
    threads: [fixtureThread('th-post', 'post')],
    interactions,
    items,
    replies: [reply, fixtureReply(items[0]!, { id: 'rp-draft' }), rewritten()],
  });
});
afterAll(() => opened.dispose());

describe('notification views from the replica', () => {
  it('reads every live item with its client, author and flags, leaving closed ones out', () => {
    const views = createNotifyViews(opened.replica.reader).live();
    expect(views.map((view) => view.id).sort()).toEqual(['it-c-1', 'it-c-2', 'it-c-3', 'it-c-4']);
    const review = views.find((view) => view.id === 'it-c-3');
    expect(review).toMatchObject({ clientName: 'Test Pharma', authorName: 'Anna Rossi', kind: 'review', rating: 1 });
    expect(views.find((view) => view.id === 'it-c-4')?.flags.adverseEvent).toBe(true);
  });

  it('shows the step waiting and who may decide it, counting only decisions on the current text', () => {
    const [view] = createNotifyViews(opened.replica.reader).load(['it-c-2']);
    expect(view?.assigneeId).toBe('us-mod');
    expect(view?.replies).toHaveLength(1);
    const reply = view?.replies[0];
    // Step 0 is signed for these words; step 1 waits for Legal, minus the step 0 signer.
    expect(reply).toMatchObject({ authorId: 'us-mod', authorName: 'Giulia Conti', pendingStep: 1 });
    expect(reply?.pendingApproverIds).toEqual(['us-legal']);
    // The rejection of an older text is not a decision on this one.
    expect(reply?.decisions.map((decision) => decision.id)).toEqual(['ap-now']);
  });

  it("names the moderator who must confirm an approver's rewrite, without carrying either text", () => {
    const [view] = createNotifyViews(opened.replica.reader).load(['it-c-4']);
    expect(view?.replies).toHaveLength(1);
    expect(view?.replies[0]).toMatchObject({
      id: 'rp-rewritten',
      authorId: 'us-approver',
      awaitsConfirmationBy: 'us-mod',
    });
    const all = JSON.stringify(view);
    expect(all).not.toContain('Prenda');
    expect(all).not.toContain('contatti');
  });

  it('leaves drafts out (nothing to announce) and carries no text', () => {
    const [view] = createNotifyViews(opened.replica.reader).load(['it-c-1']);
    expect(view?.replies).toEqual([]);
    const all = JSON.stringify(createNotifyViews(opened.replica.reader).live());
    expect(all).not.toContain('Commento');
    expect(all).not.toContain('Segua');
  });

  it('reads a big replica page by page, yielding in between, with the same result', async () => {
    const views = createNotifyViews(opened.replica.reader);
    let turns = 0;
    const ticking = setInterval(() => (turns += 1), 0);
    const paged = await views.liveInPagesOf(2);
    clearInterval(ticking);
    expect(paged).toEqual(views.live());
    expect(turns).toBeGreaterThan(0);
  });
});
