import { afterEach, describe, expect, it } from 'vitest';
import type { ApproverEdit } from '../../../../shared/domain/entities';
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

describe('migration 007 (approver edits)', () => {
  it('stores the approver’s edit and its new author as the server sent them, and clears them with the next version', async () => {
    opened = await openTempReplica();
    const db = opened.replica.writer;
    const interaction = fixtureInteraction({ id: 'c-1', threadId: 'th-post', contactId: 'ct-anna', text: 'Dosaggio?' });
    const item = fixtureItem(interaction);
    const approver = fixtureUsers.find((user) => user.role === 'approver') ?? fixtureUsers[0];
    if (approver === undefined) throw new Error('the fixtures have no users');
    ingestBatch(db, {
      clients: [fixtureClient],
      users: fixtureUsers,
      channels: [fixtureChannel('facebook')],
      contacts: [fixtureContact('ct-anna', 'Anna Rossi')],
      threads: [fixtureThread('th-post', 'post')],
      interactions: [interaction],
      items: [item],
      replies: [fixtureReply(item, { status: 'awaiting_approval' })],
    });
    const pk = db.column<number>(sql`SELECT pk FROM items WHERE id = ${item.id}`)[0] ?? 0;
    expect(readReplies(db, pk)[0]?.approverEdit).toBeNull();

    const edit: ApproverEdit = {
      approvalId: 'ap-edit',
      previousAuthorId: 'us-mod',
      previousText: 'Grazie per averci scritto.',
      previousVisibility: 'public',
      textHash: 'h-2',
      confirmedAt: null,
    };
    const rewritten = fixtureReply(item, {
      status: 'approved',
      authorId: approver.id,
      text: 'Grazie, le scriviamo in privato.',
      version: 2,
      approverEdit: edit,
    });
    db.transaction(() => writeRow(db, 'reply', rewritten));
    expect(readReplies(db, pk)[0]).toMatchObject({ authorId: approver.id, approverEdit: edit });

    db.transaction(() => writeRow(db, 'reply', { ...rewritten, status: 'draft', version: 3, approverEdit: null }));
    expect(readReplies(db, pk)[0]?.approverEdit).toBeNull();
  });
});
