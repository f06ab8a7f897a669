import { describe, expect, it } from 'vitest';
import { queueListArgs } from '../../../../shared/contract/queue';
import { contactCard } from '../contacts';
import { itemDetail } from '../items';
import { queuePage } from '../queue';
import { sql } from '../sql';
import { plansOf, recordingReader } from '../testing-db';
import { latestVersion, schemaVersion } from './index';
import { newDir, openAt, seedVersion1 } from './testing-versions';

describe('migration 1: core entities, outbox, sync metadata', () => {
  it('creates the tables on an empty file and the indexes serve the queue, thread and history', async () => {
    const dir = newDir();
    const { replica, migrated } = await openAt(dir.file(), 1);
    expect(migrated).toEqual({ from: 0, to: 1 });
    expect(schemaVersion(replica.reader)).toBe(1);
    const meta = replica.reader.get<{ clientId: string; last: number }>(
      sql`SELECT client_id AS clientId, last_mutation_id AS last FROM sync_meta`,
    );
    expect(meta?.clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(meta?.last).toBe(0);
    await replica.close();

    seedVersion1(dir.file());
    // Today's queries read columns later migrations added (replies.approver_edit): migrate the seeded file.
    const again = await openAt(dir.file(), latestVersion());
    const reader = recordingReader(again.replica.reader);
    const inbox = queuePage(reader, queueListArgs.parse({ view: 'inbox', sort: 'priority' }));
    expect(inbox.rows.map((row) => row.status).every((s) => s === 'new' || s === 'open')).toBe(true);
    queuePage(reader, queueListArgs.parse({ view: 'done', sort: 'newest' }));
    queuePage(reader, queueListArgs.parse({ view: 'mine', userId: 'us-1', sort: 'priority' }));
    queuePage(reader, queueListArgs.parse({ view: 'mine', userId: 'us-1', sort: 'oldest' }));
    queuePage(reader, queueListArgs.parse({ view: 'all', sort: 'newest', filters: { label: 'vip' } }));
    itemDetail(reader, 'it-30');
    contactCard(reader, 'ct-1');
    const plans = plansOf(again.replica.reader, reader.queries).join('\n');
    // The queue walks its indexes without visiting the rows (filters are index columns).
    for (const index of ['ix_items_queue_priority', 'ix_items_queue_created', 'ix_items_mine_priority']) {
      expect(plans).toMatch(new RegExp(`USING COVERING INDEX ${index}`));
    }
    for (const index of ['ix_items_mine_created', 'ix_interactions_thread', 'ix_interactions_contact']) {
      expect(plans).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}`));
    }
    expect(plans).not.toMatch(/SCAN items(?! VIA)/);
    expect(plans).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    await again.replica.close();
  });
});
