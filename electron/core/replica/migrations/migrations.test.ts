import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { queueCounts } from '../counts';
import { ReplicaError } from '../errors';
import { openReplica } from '../open';
import { recordingLog } from '../testing';
import { assertOrdered, latestVersion, migrations, schemaVersion, type Migration } from './index';
import { newDir, openAt, seedVersion1 } from './testing-versions';

/** The migration runner and the files it refuses; each migration has its own test beside it. */
describe('the migration list', () => {
  it('only ever increases', () => {
    expect(() => assertOrdered(migrations)).not.toThrow();
    const shuffled: Migration[] = [migrations[1], migrations[0]].filter((m): m is Migration => m !== undefined);
    expect(() => assertOrdered(shuffled)).toThrow(/out of order/);
    expect(latestVersion()).toBe(migrations.length);
  });

  it('runs every pending migration in one transaction: a failure leaves the file as it was', async () => {
    const dir = newDir();
    const broken: Migration = {
      version: latestVersion() + 1,
      name: 'broken on purpose',
      up: (db) => db.execScript('CREATE TABLE nope (a); SELECT * FROM no_such_table;'),
    };
    await expect(
      openReplica({
        file: dir.file(),
        log: recordingLog(),
        migrations: [...migrations, broken],
        checkpoints: 'inline',
      }),
    ).rejects.toBeInstanceOf(ReplicaError);
    const db = new Database(dir.file(), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('a replica written by a newer app', () => {
  it('is refused with a clear error and left exactly as it was', async () => {
    const dir = newDir();
    const file = dir.file();
    const db = new Database(file);
    db.exec('CREATE TABLE future_things (a TEXT); INSERT INTO future_things VALUES (1);');
    db.pragma(`user_version = ${latestVersion() + 5}`);
    db.close();
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    const mtime = statSync(file).mtimeMs;
    const log = recordingLog();

    const error = await openReplica({ file, log, integrityCheck: 'inline' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplicaError);
    expect((error as ReplicaError).code).toBe('replica_newer');
    expect((error as ReplicaError).message).toMatch(/newer version/);
    expect((error as ReplicaError).message).toMatch(/Update the app/);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(hash);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(readdirSync(dir.path)).toEqual(['replica.db']);
  });
});

describe('a corrupt replica', () => {
  it('that is not a database is moved aside and replaced by a fresh, working replica', async () => {
    const dir = newDir();
    const file = dir.file();
    const garbage = Buffer.from('this is not a database, just some bytes '.repeat(200));
    writeFileSync(file, garbage);
    const log = recordingLog();
    const { replica, recovery } = await openReplica({ file, log, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    expect(recovery?.code).toBe('replica_corrupt_recovered');
    expect(recovery?.movedTo).toBe(`${file}.corrupt-2026-01-02T03-04-05-000Z`);
    expect(readFileSync(recovery?.movedTo ?? '')).toEqual(garbage);
    expect(log.lines.some((line) => line.level === 'warn' && /moved aside/.test(line.message))).toBe(true);
    expect(schemaVersion(replica.reader)).toBe(latestVersion());
    expect(queueCounts(replica.reader, {}).views.all).toBe(0);
    await replica.close();
  });

  it('that fails quick_check (checked in a worker) is moved aside too', async () => {
    const dir = newDir();
    const file = dir.file();
    await (await openAt(file, latestVersion())).replica.close();
    seedVersion1(file);
    const db = new Database(file);
    const page = db
      .prepare(`SELECT pageno FROM dbstat WHERE name = 'interactions' AND pagetype = 'leaf' LIMIT 1`)
      .get() as {
      pageno: number;
    };
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    bytes.fill(0xff, (page.pageno - 1) * pageSize, (page.pageno - 1) * pageSize + 64);
    writeFileSync(file, bytes);

    const { replica, recovery } = await openReplica({ file, log: recordingLog() });
    expect(recovery?.code).toBe('replica_corrupt_recovered');
    expect(recovery?.reason).not.toBe('');
    expect(existsSync(recovery?.movedTo ?? '')).toBe(true);
    expect(queueCounts(replica.reader, {}).views.all).toBe(0);
    await replica.close();
  });
});
