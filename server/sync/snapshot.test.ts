import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotRow } from '../../shared/sync/server-api';
import { T0 } from '../../shared/domain/testing';
import type { Db } from '../db/db';
import { sql } from '../db/sql';
import { writeBatch } from '../seed/write';
import { openWorldDb } from '../testing/harness';
import { OTHER, people, PHARMA } from '../testing/world';
import { entityRank } from './rows';
import type { Visibility } from './scope';
import { visibilityOf } from './scope';
import { BadPageTokenError, snapshotPage, snapshotPageJson } from './snapshot';

let db: Db;

beforeAll(async () => {
  db = await openWorldDb();
});

afterAll(async () => {
  await db.close();
});

async function wholeSnapshot(visibility: Visibility, limit: number): Promise<{ rows: SnapshotRow[]; pages: number }> {
  const rows: SnapshotRow[] = [];
  let page: string | null = null;
  let pages = 0;
  do {
    const answer = await snapshotPage(db, visibility, { limit, page });
    rows.push(...answer.rows);
    pages += 1;
    page = answer.next;
    if (page === null) expect(answer.progress.done).toBe(answer.progress.total);
  } while (page !== null);
  return { rows, pages };
}

async function storedRows(): Promise<Map<string, unknown>> {
  const found = await db.query(sql`SELECT entity, id, data FROM entities`);
  return new Map(found.map((row) => [`${String(row.entity)}:${String(row.id)}`, row.data]));
}

const keyed = (rows: readonly SnapshotRow[]) => new Map(rows.map((row) => [`${row.entity}:${row.id}`, row.data]));

describe('snapshot pages', () => {
  it('hold every row as stored, parents first, whatever the page size', async () => {
    const all: Visibility = { all: true };
    const big = await wholeSnapshot(all, 5000);
    const small = await wholeSnapshot(all, 3);
    expect(big.pages).toBe(1);
    expect(small.pages).toBeGreaterThan(10);
    expect(small.rows).toEqual(big.rows);
    expect(keyed(big.rows)).toEqual(await storedRows());
    const ranks = big.rows.map((row) => entityRank[row.entity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('carry text with quotes, backslashes, line separators and emoji intact', async () => {
    const displayName = 'Anna "la \\ vera" \u2028 Rossi 😀 è';
    await writeBatch(
      db,
      {
        contacts: [
          {
            id: 'ct-quoted',
            displayName,
            firstName: 'Anna',
            handles: [{ platform: 'facebook', handle: 'a"b' }],
            labels: [],
            firstSeenAt: T0,
          },
        ],
      },
      T0,
    );
    const { rows } = await wholeSnapshot({ all: true }, 7);
    const contact = rows.find((row) => row.id === 'ct-quoted');
    expect(contact?.data).toMatchObject({ displayName, handles: [{ platform: 'facebook', handle: 'a"b' }] });
    // Sent as ASCII (escapes), which both ends decode and encode on their fast path.
    const page = await snapshotPageJson(db, { all: true }, { limit: 5000, page: null });
    expect(page).toContain('ct-quoted');
    expect(/[^\x20-\x7e]/.test(page)).toBe(false);
  });

  it("show an approver of one client no row of another, and other people's clients stripped", async () => {
    const visibility = visibilityOf(people.medical);
    const { rows } = await wholeSnapshot(visibility, 2);
    const scoped = await db.query(sql`SELECT entity, id FROM entities WHERE scopes IS NOT NULL
      AND NOT (scopes && ${[PHARMA]}::text[])`);
    expect(scoped.length).toBeGreaterThan(0);
    const seen = new Set(rows.map((row) => `${row.entity}:${row.id}`));
    for (const hidden of scoped) expect(seen.has(`${String(hidden.entity)}:${String(hidden.id)}`)).toBe(false);
    expect(JSON.stringify(rows)).not.toContain(OTHER);
    const moderator = rows.find((row) => row.id === people.moderator.id);
    expect(moderator?.data).toMatchObject({ clientIds: [PHARMA] });
  });

  it('follow rows written without their text (another writer) from their jsonb', async () => {
    await db.query(sql`UPDATE entities SET data = jsonb_set(data, '{name}', '"Renamed by hand"')
      WHERE entity = 'workspace'`);
    await db.query(sql`INSERT INTO entities (entity, id, rank, sort_key, scopes, data)
      VALUES ('note', 'n-by-hand', ${entityRank.note}, ${T0}, ${[PHARMA]}::text[],
        ${JSON.stringify({ id: 'n-by-hand', contactId: 'ct-pharma', authorId: people.pharmaModerator.id, text: 'x', createdAt: T0 })}::jsonb)`);
    const { rows } = await wholeSnapshot({ all: true }, 5000);
    expect(keyed(rows)).toEqual(await storedRows());
    expect(rows.find((row) => row.entity === 'workspace')?.data).toMatchObject({ name: 'Renamed by hand' });
    expect(rows.find((row) => row.id === 'n-by-hand')?.data).toMatchObject({ text: 'x' });
  });

  it('refuse a page token the server did not give', async () => {
    await expect(snapshotPage(db, { all: true }, { limit: 10, page: 'bm90LWEtdG9rZW4' })).rejects.toBeInstanceOf(
      BadPageTokenError,
    );
  });
});
