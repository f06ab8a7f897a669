import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { openReplica, type Replica } from '../replica/open';
import { enqueueMutation, pendingMutations } from '../replica/outbox';
import { sql } from '../replica/sql';
import { readSyncMeta } from '../replica/syncMeta';
import { openDemoReplica, recordingLog, type TempReplica } from '../replica/testing';
import { ensureReplicaFor } from './identity';

let opened: TempReplica | null = null;
let current: Replica | null = null;
afterEach(async () => {
  await current?.close();
  current = null;
  opened?.dir.remove();
  opened = null;
});

async function replicaOf(userId: string | null, snapshotDone: boolean): Promise<TempReplica> {
  const made = await openDemoReplica(50);
  const { writer } = made.replica;
  writer.transaction(() => {
    writer.run(sql`UPDATE sync_meta SET user_id = ${userId}, server_url = ${userId === null ? null : 'solo'},
      snapshot_done = ${snapshotDone ? 1 : 0} WHERE singleton = 1`);
    enqueueMutation(writer, { name: 'item.claim', args: { itemId: 'it-0000001' } }, 1);
    enqueueMutation(writer, { name: 'item.label', args: { itemId: 'it-0000001', label: 'x', op: 'add' } }, 2);
  });
  return made;
}

const ensure = (made: TempReplica, identity: { serverUrl: string; userId: string } | null) =>
  ensureReplicaFor({
    replica: made.replica,
    file: made.dir.file(),
    identity,
    reopen: async () =>
      (await openReplica({ file: made.dir.file(), log: recordingLog(), integrityCheck: 'inline' })).replica,
    log: silentLogger,
    now: () => 42,
  });

const itemCount = (replica: Replica) => replica.reader.column<number>(sql`SELECT count(*) FROM items`)[0];

describe('a replica and the session it serves', () => {
  it('is kept as is for its own account', async () => {
    opened = await replicaOf('us-giulia', true);
    current = await ensure(opened, { serverUrl: 'solo', userId: 'us-giulia' });
    expect(current).toBe(opened.replica);
    expect(itemCount(current)).toBe(50);
  });

  it('of another account is set aside whole (its outbox with it), and a new one starts empty', async () => {
    opened = await replicaOf('us-giulia', true);
    const before = readSyncMeta(opened.replica.reader).clientId;
    current = await ensure(opened, { serverUrl: 'solo', userId: 'us-marco' });
    expect(itemCount(current)).toBe(0);
    expect(pendingMutations(current.reader)).toEqual([]);
    expect(readSyncMeta(current.reader).clientId).not.toBe(before);
    expect(readdirSync(dirname(opened.dir.file())).some((name) => name.includes('.other-account-42'))).toBe(true);
  });

  it('holding rows that never came from the server is rebuilt, keeping its outbox and counter', async () => {
    opened = await replicaOf('us-giulia', false);
    const before = readSyncMeta(opened.replica.reader);
    current = await ensure(opened, { serverUrl: 'solo', userId: 'us-giulia' });
    expect(itemCount(current)).toBe(0);
    const after = readSyncMeta(current.reader);
    expect([after.clientId, after.lastMutationId]).toEqual([before.clientId, 2]);
    expect(pendingMutations(current.reader).map((m) => [m.id, m.name])).toEqual([
      [1, 'item.claim'],
      [2, 'item.label'],
    ]);
    expect(existsSync(`${opened.dir.file()}.replaced-42`)).toBe(true);
  });
});
