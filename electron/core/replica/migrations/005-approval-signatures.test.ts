import { afterEach, describe, expect, it } from 'vitest';
import type { Approval } from '../../../../shared/domain/entities';
import { readReplies } from '../entities';
import { ingestBatch } from '../ingest';
import { sql } from '../sql';
import { writeRow } from '../syncRows';
import { openTempReplica, type TempReplica } from '../testing';
import {
  fixtureChannel,
  fixtureClient,
  fixtureContact,
  fixtureInteraction,
  fixtureItem,
  fixtureReply,
  fixtureThread,
  fixtureUsers,
} from '../testing-fixtures';

let opened: TempReplica | null = null;
afterEach(async () => {
  await opened?.dispose();
  opened = null;
});

const decision = (fields: Partial<Approval>): Approval => ({
  id: 'ap-1',
  replyId: 'rp-it-c-1',
  stepIndex: 0,
  approverId: 'us-approver',
  decision: 'approved',
  meaning: 'Approvato — Medical',
  comment: null,
  textHash: 'h-1',
  at: 1,
  ...fields,
});

describe('migration 005 (approval signatures)', () => {
  it('keeps unsigned decisions of older replicas, and stores and returns a signature as the server sent it', async () => {
    opened = await openTempReplica();
    const db = opened.replica.writer;
    const interaction = fixtureInteraction({ id: 'c-1', threadId: 'th-post', contactId: 'ct-anna', text: 'Dosaggio?' });
    const item = fixtureItem(interaction);
    ingestBatch(db, {
      clients: [fixtureClient],
      users: fixtureUsers,
      channels: [fixtureChannel('facebook')],
      contacts: [fixtureContact('ct-anna', 'Anna Rossi')],
      threads: [fixtureThread('th-post', 'post')],
      interactions: [interaction],
      items: [item],
      replies: [fixtureReply(item, { status: 'awaiting_approval', approvals: [decision({})] })],
    });
    const pk = db.column<number>(sql`SELECT pk FROM items WHERE id = ${item.id}`)[0] ?? 0;
    expect(readReplies(db, pk)[0]?.approvals[0]?.signature).toBeNull();

    const signature = {
      printedName: 'Elena Marchetti',
      signedAt: 2,
      meaning: 'Approvato — Medical',
      lang: 'it' as const,
      textHash: 'h-2',
      method: 'password' as const,
    };
    db.transaction(() =>
      writeRow(
        db,
        'reply',
        fixtureReply(item, { status: 'approved', approvals: [decision({ id: 'ap-2', signature })] }),
      ),
    );
    // The new version carries exactly its current decisions, the signed one.
    expect(readReplies(db, pk)[0]?.approvals).toEqual([expect.objectContaining({ id: 'ap-2', signature })]);
  });
});
