import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { toInt } from '../db';
import { openPglite } from '../pglite';
import { sql } from '../sql';
import { bareCluster } from '../../testing/harness';
import { migrate, migrations } from './index';

let db: Db;

beforeAll(async () => {
  db = await openPglite({ loadDataDir: await bareCluster() });
});

afterAll(async () => {
  await db.close();
});

describe('migration 003 (snapshot text)', () => {
  it("gives a database written before it every row's JSON text, and keeps it in step afterwards", async () => {
    await migrate(
      db,
      migrations.filter((migration) => migration.version < 3),
    );
    const rows = [
      { entity: 'workspace', id: 'ws-1', rank: 0, data: { id: 'ws-1', name: 'Agenzia "Uno" è' } },
      { entity: 'client', id: 'c-1', rank: 1, data: { id: 'c-1', name: 'Cliente', tags: ['a', 'b'] } },
    ];
    for (const row of rows) {
      await db.query(sql`INSERT INTO entities (entity, id, rank, sort_key, scopes, data)
        VALUES (${row.entity}, ${row.id}, ${row.rank}, 0, NULL, ${JSON.stringify(row.data)}::jsonb)`);
    }

    expect((await migrate(db)).applied[0]).toBe(3);
    const read = async () =>
      (await db.query(sql`SELECT id, data_text FROM entities ORDER BY rank`)).map((row) => ({
        id: row.id,
        data: JSON.parse(String(row.data_text)) as unknown,
      }));
    expect(await read()).toEqual(rows.map((row) => ({ id: row.id, data: row.data })));

    // A writer that sets only the jsonb still leaves the text right.
    await db.query(sql`UPDATE entities SET data = jsonb_set(data, '{name}', '"Rinominato"') WHERE id = 'c-1'`);
    await db.query(sql`INSERT INTO entities (entity, id, rank, sort_key, scopes, data)
      VALUES ('client', 'c-2', 1, 0, NULL, '{"id":"c-2","name":"Due"}'::jsonb)`);
    expect(await read()).toEqual([
      { id: 'ws-1', data: rows[0]?.data },
      { id: 'c-1', data: { id: 'c-1', name: 'Rinominato', tags: ['a', 'b'] } },
      { id: 'c-2', data: { id: 'c-2', name: 'Due' } },
    ]);

    // One that writes both keeps its own text (the server's, compact).
    await db.query(sql`UPDATE entities SET data = '{"id":"c-2","name":"Tre"}'::jsonb, data_text = '{"id":"c-2","name":"Tre"}'
      WHERE id = 'c-2'`);
    const [stored] = await db.query(sql`SELECT data_text FROM entities WHERE id = 'c-2'`);
    expect(stored?.data_text).toBe('{"id":"c-2","name":"Tre"}');
    const [missing] = await db.query(sql`SELECT count(*) AS n FROM entities WHERE data_text IS NULL`);
    expect(toInt(missing?.n)).toBe(0);
  });
});
