import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { queueListArgs } from '../../../../shared/contract/queue';
import { contactCard } from '../contacts';
import { queueCounts } from '../counts';
import { ReplicaError } from '../errors';
import { itemDetail } from '../items';
import { openReplica } from '../open';
import { queuePage } from '../queue';
import { searchCandidates } from '../search';
import { sql } from '../sql';
import { recordingLog, tempDir, type TempDir } from '../testing';
import { plansOf, recordingReader } from '../testing-db';
import { assertOrdered, latestVersion, migrations, schemaVersion, type Migration } from './index';

const dirs: TempDir[] = [];
const newDir = () => {
  const dir = tempDir('replica-migrations-');
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

const openAt = (file: string, version: number) =>
  openReplica({ file, log: recordingLog(), integrityCheck: 'inline', migrations: migrations.slice(0, version) });

/** Rows written with the SQL of schema 1, as an app of that version would have. */
function seedVersion1(file: string): void {
  const db = new Database(file);
  db.exec(`
    INSERT INTO clients (pk, id, name, regulation, languages, sensitivity, approval_chain, approval_sla_minutes, sla,
      moderation_reasons)
      VALUES (1, 'cl-1', 'Vitalia', 'pharma', '["it"]', '{"topics":[],"productNames":[]}', '[]', 60, '{}', '[]');
    INSERT INTO users (pk, id, name, email, role, all_clients) VALUES (1, 'us-1', 'Giulia', 'g@x.it', 'moderator', 1);
    INSERT INTO channels (pk, id, client_pk, platform, name, handle) VALUES (1, 'ch-1', 1, 'facebook', 'Vitalia', '@v');
    INSERT INTO threads (pk, id, client_pk, channel_pk, kind, platform_id, created_at)
      VALUES (1, 'th-1', 1, 1, 'post', 'p1', 1000);
    INSERT INTO contacts (pk, id, display_name, first_name, first_seen_at) VALUES (1, 'ct-1', 'José Pérez', 'José', 1000);
    INSERT INTO contact_handles (contact_pk, platform, handle) VALUES (1, 'instagram', '@jose.perez');
  `);
  const interaction = db.prepare(`INSERT INTO interactions (pk, id, client_pk, channel_pk, thread_pk, kind, platform_id,
      contact_pk, text, lang, created_at, sentiment, sensitive, adverse_event, spam, profanity)
    VALUES (?, ?, 1, 1, 1, 'comment', ?, 1, ?, 'it', ?, 0, ?, 0, 0, 0)`);
  const item =
    db.prepare(`INSERT INTO items (pk, id, interaction_pk, client_pk, channel_pk, status, priority, assignee_pk,
      due_at, created_at, updated_at, kind, sentiment, sensitive, prio_key)
    VALUES (?, ?, ?, 1, 1, ?, ?, ?, ?, ?, ?, 'comment', 0, ?, ?)`);
  const statuses = ['new', 'open', 'done', 'answered', 'snoozed', 'awaiting_approval'];
  db.transaction(() => {
    for (let n = 1; n <= 60; n += 1) {
      const text = n % 3 === 0 ? `Perché il Cardiolex mi dà nausea? (${n})` : `Grazie mille per le informazioni ${n}`;
      interaction.run(n, `ix-${n}`, `p-${n}`, text, 1000 + n, n % 2);
      const status = statuses[n % statuses.length] ?? 'new';
      const priority = n % 101;
      const due = 5000 + n;
      const prioKey = (100 - priority) * 4398046511104 + due;
      item.run(n, `it-${n}`, n, status, priority, n % 4 === 0 ? 1 : null, due, 1000 + n, 1000 + n, n % 2, prioKey);
    }
  })();
  db.close();
}

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

describe('migration 2: full-text search', () => {
  it('indexes the interactions a version-1 replica already had, accents folded, names included', async () => {
    const dir = newDir();
    await (await openAt(dir.file(), 1)).replica.close();
    seedVersion1(dir.file());

    const { replica, migrated } = await openAt(dir.file(), 2);
    expect(migrated).toEqual({ from: 1, to: 2 });
    const handles = replica.reader.column<string>(sql`SELECT search_handles FROM contacts WHERE id = 'ct-1'`);
    expect(handles).toEqual(['@jose.perez']);
    expect(searchCandidates(replica.reader, '@jose.perez ')).toHaveLength(60);
    expect(searchCandidates(replica.reader, 'perche cardiolex')).toHaveLength(20);
    expect(searchCandidates(replica.reader, 'jose perez grazie')).toHaveLength(40);
    expect(searchCandidates(replica.reader, 'cardiol')).toHaveLength(20);
    const plan = replica.reader.explain(
      sql`SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ${'"perche"'} ORDER BY rowid DESC LIMIT 10`,
    );
    expect(plan.join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    replica.writer.run(sql`INSERT INTO interactions_fts (interactions_fts) VALUES ('integrity-check')`);
    replica.writer.run(sql`INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')`);
    // The search's candidates meet the queue through an index of migration 1, without the rows.
    const reader = recordingReader(replica.reader);
    const found = queuePage(
      reader,
      queueListArgs.parse({ view: 'all', sort: 'priority', filters: { search: 'nausea' } }),
    );
    expect(found.rows).toHaveLength(20);
    const plans = plansOf(replica.reader, reader.queries).join('\n');
    expect(plans).toMatch(/USING COVERING INDEX ix_items_interaction_queue/);
    await replica.close();
  });
});

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
