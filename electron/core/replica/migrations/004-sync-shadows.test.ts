import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../sql';
import { openTempReplica, type TempReplica } from '../testing';
import { migrations } from './index';

let opened: TempReplica | null = null;
afterEach(async () => {
  await opened?.dispose();
  opened = null;
});

describe('migration 004 (sync shadows)', () => {
  it("keeps a version-3 replica's outbox and sync position, and marks it as never snapshotted", async () => {
    opened = await openTempReplica({ migrations: migrations.slice(0, 3) });
    const { writer } = opened.replica;
    writer.transaction(() => {
      writer.run(sql`UPDATE sync_meta SET cursor = 42, last_mutation_id = 3 WHERE singleton = 1`);
      writer.run(sql`INSERT INTO pending_mutations (client_id, mutation_id, name, args, created_at)
        SELECT client_id, 3, 'item.claim', '{"itemId":"it-1"}', 1 FROM sync_meta`);
    });
    const file = opened.dir.file();
    await opened.replica.close();
    const reopened = await openTempReplica({ file });
    const meta = reopened.replica.reader.get<{ cursor: number; snapshotDone: number; lastMutationId: number }>(
      sql`SELECT cursor, snapshot_done AS snapshotDone, last_mutation_id AS lastMutationId FROM sync_meta`,
    );
    expect(meta).toEqual({ cursor: 42, snapshotDone: 0, lastMutationId: 3 });
    expect(reopened.replica.reader.column<number>(sql`SELECT count(*) FROM pending_mutations`)).toEqual([1]);
    expect(reopened.replica.reader.column<number>(sql`SELECT count(*) FROM sync_shadows`)).toEqual([0]);
    await reopened.replica.close();
    opened.dir.remove();
    opened = null;
  });
});
