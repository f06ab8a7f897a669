import { describe, expect, it } from 'vitest';
import { sql } from '../sql';
import { bareDatabase, migrateTo, sqlState } from './testing';

const database = bareDatabase();

describe('migration 007 (platform objects, the ingest dedupe table)', () => {
  it('keeps one row per platform object on a version-6 database', async () => {
    await migrateTo(database(), 6);
    expect(await migrateTo(database(), 7)).toEqual([7]);

    const add = (platform: string, externalId: string) =>
      database().query(sql`INSERT INTO platform_objects (platform, external_id, channel_id, client_id, kind, updated_at)
        VALUES (${platform}, ${externalId}, 'ch-1', 'c-1', 'comment', 1) RETURNING own, removed, content`);
    const [row] = await add('facebook', '1_2');
    expect(row).toEqual({ own: false, removed: false, content: null });
    expect(await sqlState(add('facebook', '1_2'))).toBe('23505');
    expect(await sqlState(add('instagram', '1_2'))).toBeUndefined();
  });
});
