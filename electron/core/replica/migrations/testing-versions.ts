/** Test support for the replica migrations' tests: a file at a schema version, rows of version 1. */
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { openReplica } from '../open';
import { recordingLog, tempDir, type TempDir } from '../testing';
import { migrations } from './index';

const dirs: TempDir[] = [];
/** A temp folder removed after the test. */
export const newDir = (): TempDir => {
  const dir = tempDir('replica-migrations-');
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

/** Opens (and migrates) a replica file up to `version`, as an app of that version would. */
export const openAt = (file: string, version: number) =>
  openReplica({ file, log: recordingLog(), integrityCheck: 'inline', migrations: migrations.slice(0, version) });

/** Rows written with the SQL of schema 1, as an app of that version would have. */
export function seedVersion1(file: string): void {
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
