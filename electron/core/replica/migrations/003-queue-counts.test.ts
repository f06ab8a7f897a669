import { describe, expect, it } from 'vitest';
import { queueCounts } from '../counts';
import { sql } from '../sql';
import { plansOf, recordingReader } from '../testing-db';
import { newDir, openAt, seedVersion1 } from './testing-versions';

describe('migration 3: queue counters', () => {
  it('counts the items a version-2 replica had, and the sidebar never reads the items table', async () => {
    const dir = newDir();
    await (await openAt(dir.file(), 1)).replica.close();
    seedVersion1(dir.file());
    await (await openAt(dir.file(), 2)).replica.close();

    const { replica, migrated } = await openAt(dir.file(), 3);
    expect(migrated).toEqual({ from: 2, to: 3 });
    const exact = replica.reader.all<{ status: string; n: number }>(
      sql`SELECT status, count(*) AS n FROM items GROUP BY status ORDER BY status`,
    );
    const counted = replica.reader.all<{ status: string; n: number }>(
      sql`SELECT status, sum(n) AS n FROM item_counts GROUP BY status HAVING sum(n) > 0 ORDER BY status`,
    );
    expect(counted).toEqual(exact);
    const assigned = replica.reader.all<{ status: string; n: number }>(
      sql`SELECT status, count(*) AS n FROM items WHERE assignee_pk = 1 GROUP BY status ORDER BY status`,
    );
    expect(
      replica.reader.all(sql`SELECT status, n FROM item_assignee_counts WHERE assignee_pk = 1 ORDER BY status`),
    ).toEqual(assigned);

    const reader = recordingReader(replica.reader);
    const counts = queueCounts(reader, { userId: 'us-1' });
    expect(counts.views.all).toBe(60);
    expect(counts.views.inbox).toBe(
      exact.filter((r) => r.status === 'new' || r.status === 'open').reduce((a, r) => a + r.n, 0),
    );
    const plans = plansOf(replica.reader, reader.queries).join('\n');
    expect(plans).toMatch(/item_counts/);
    expect(plans).not.toMatch(/\bitems\b/);
    await replica.close();
  });
});
