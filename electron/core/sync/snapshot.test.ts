import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../../../shared/demo';
import type { SyncEntity } from '../../../shared/sync/protocol';
import type { SnapshotResponse, SnapshotRow } from '../../../shared/sync/server-api';
import { entityRank, sortKeyOf } from '../../../server/sync/rows';
import { upsertClient, upsertUser, upsertWorkspace } from '../replica/upserts';
import { sql } from '../replica/sql';
import { readSyncMeta } from '../replica/syncMeta';
import { openTempReplica, TEST_NOW, type TempReplica } from '../replica/testing';
import { fillFromSnapshot, type SnapshotDeps } from './snapshot';
import { SyncNetworkError, type SyncTransport } from './transport';

/** The demo workspace as a server's snapshot sends it: parents first, interactions by time. */
function snapshotRows(items: number): SnapshotRow[] {
  const rows: SnapshotRow[] = [];
  const add = (entity: SyncEntity, values: readonly { id: string }[] | undefined) => {
    for (const data of values ?? []) rows.push({ entity, id: data.id, data });
  };
  for (const batch of generateDemo({ seed: 3, items, now: TEST_NOW, batchSize: 40 })) {
    if (batch.workspace) add('workspace', [batch.workspace]);
    add('client', batch.clients);
    add('user', batch.users);
    add('channel', batch.channels);
    add('saved_reply', batch.savedReplies);
    add('contact', batch.contacts);
    add('thread', batch.threads);
    add('interaction', batch.interactions);
    add('item', batch.items);
    add('reply', batch.replies);
    add('note', batch.notes);
  }
  const key = (row: SnapshotRow) => [entityRank[row.entity], sortKeyOf(row.entity, row.data)] as const;
  return rows.sort((a, b) => {
    const [rankA, sortA] = key(a);
    const [rankB, sortB] = key(b);
    return rankA - rankB || sortA - sortB || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/** A server holding `rows`: pages of `limit` rows; `cutAt` drops the connection once at that row. */
function fakeServer(rows: readonly SnapshotRow[], cutAt: number | null = null) {
  let cut = false;
  const pages: number[] = [];
  const snapshot = (_token: string, _clientId: string, page: string | null, limit: number) => {
    const start = page === null ? 0 : Number(page);
    if (cutAt !== null && !cut && start >= cutAt) {
      cut = true;
      return Promise.reject(new SyncNetworkError('The team server cannot be reached.'));
    }
    pages.push(start);
    const end = Math.min(rows.length, start + limit);
    const answer: SnapshotResponse = {
      cursor: 42,
      rows: rows.slice(start, end),
      next: end < rows.length ? String(end) : null,
      progress: { done: end, total: rows.length },
    };
    return Promise.resolve(answer);
  };
  const transport: SyncTransport = {
    login: () => Promise.reject(new Error('unused')),
    logout: () => Promise.resolve(),
    push: () => Promise.reject(new Error('unused')),
    pull: () => Promise.reject(new Error('unused')),
    snapshot,
    decide: () => Promise.reject(new Error('unused')),
  };
  return { transport, pages };
}

let opened: TempReplica;
beforeEach(async () => {
  opened = await openTempReplica();
});
afterEach(async () => {
  await opened.dispose();
});

function deps(transport: SyncTransport, extra: Partial<SnapshotDeps> = {}): SnapshotDeps & { progress: number[] } {
  const progress: number[] = [];
  return {
    replica: opened.replica,
    transport,
    token: 'token',
    clientId: readSyncMeta(opened.replica.reader).clientId,
    log: { warn: () => undefined },
    onProgress: (answer) => progress.push(answer.done),
    pageRows: 100,
    sliceRows: 30,
    progress,
    ...extra,
  };
}

const counts = {
  items: sql`SELECT count(*) FROM items`,
  clients: sql`SELECT count(*) FROM clients`,
};
const count = (table: keyof typeof counts) => opened.replica.reader.column<number>(counts[table])[0] ?? 0;
const snapshotDone = () =>
  opened.replica.reader.column<number>(sql`SELECT snapshot_done FROM sync_meta WHERE singleton = 1`)[0];

describe('filling a new replica from the snapshot', () => {
  const rows = snapshotRows(120);
  const itemsSent = rows.filter((row) => row.entity === 'item').length;

  it('takes every page, says how far it is, and counts as synced at the cursor the server gave', async () => {
    const server = fakeServer(rows);
    let turns = 0;
    const fill = deps(server.transport, { yieldToEventLoop: () => ((turns += 1), Promise.resolve()) });
    const report = await fillFromSnapshot(fill);
    expect(report).toMatchObject({ rows: rows.length, pages: Math.ceil(rows.length / 100), cursor: 42 });
    expect(count('items')).toBe(itemsSent);
    expect(snapshotDone()).toBe(1);
    expect(readSyncMeta(opened.replica.reader).cursor).toBe(42);
    expect(fill.progress.at(-1)).toBe(rows.length);
    expect(fill.progress).toEqual([...fill.progress].sort((a, b) => a - b));
    // The thread gets a turn inside every page, not only between pages.
    expect(turns).toBeGreaterThanOrEqual(Math.ceil(rows.length / 30) - report.pages);
  });

  it('cut off midway, leaves the replica empty and not synced; the next attempt starts over and gets it all once', async () => {
    const server = fakeServer(rows, 300);
    await expect(fillFromSnapshot(deps(server.transport))).rejects.toBeInstanceOf(SyncNetworkError);
    expect(count('items')).toBe(0);
    expect(count('clients')).toBe(0);
    expect(snapshotDone()).toBe(0);

    const report = await fillFromSnapshot(deps(server.transport));
    expect(report.mode).toBe('build');
    expect(server.pages.filter((start) => start === 0)).toHaveLength(2);
    expect(count('items')).toBe(itemsSent);
    expect(snapshotDone()).toBe(1);
  });

  it('writes over rows an older attempt left, row by row, and ends with the same replica', async () => {
    const { writer } = opened.replica;
    writer.transaction(() => {
      for (const row of rows) {
        if (row.entity === 'workspace') upsertWorkspace(writer, row.data as Parameters<typeof upsertWorkspace>[1]);
        if (row.entity === 'client') upsertClient(writer, row.data as Parameters<typeof upsertClient>[1]);
        if (row.entity === 'user') upsertUser(writer, row.data as Parameters<typeof upsertUser>[1]);
      }
    });
    const report = await fillFromSnapshot(deps(fakeServer(rows).transport));
    expect(report.mode).toBe('incremental');
    expect(count('items')).toBe(itemsSent);
    expect(snapshotDone()).toBe(1);
  });
});
