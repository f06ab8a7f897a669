import { approverEditJson, signatureJson } from './signatures';
import type { Contact, Interaction, Item, Reply, Thread } from '../../../shared/domain/entities';
import type { WritableDb } from './db';
import { sql, type SqlFragment } from './sql';
import { priorityKey, upsertInteraction, upsertItem, upsertReply, upsertThread } from './upserts';

/**
 * The ingest's fast path: many entities of one kind at once. References are resolved with one
 * query per group instead of one per row, and rows the replica does not have yet go in
 * multi-row INSERTs (a statement has a fixed cost, and each statement that fires a trigger pays
 * for a statement journal); rows it has already go through the per-row upserts.
 */

/** Group sizes: few distinct statement texts, so the statement cache keeps them all. */
const GROUP_SIZES = [64, 32, 16, 8, 4, 2, 1] as const;

function* groups<T>(rows: readonly T[]): Generator<T[]> {
  let start = 0;
  while (start < rows.length) {
    const left = rows.length - start;
    const size = GROUP_SIZES.find((candidate) => candidate <= left) ?? 1;
    yield rows.slice(start, start + size);
    start += size;
  }
}

const unique = (values: readonly string[]) => [...new Set(values)];

function missing(what: string, id: string, parent: string, parentId: string): never {
  throw new Error(`replica: ${what} ${id} references ${parent} ${parentId}, which is not in the replica`);
}

/**
 * The ids as one bound JSON array: `id IN (SELECT value FROM json_each(?))` is one statement
 * text whatever the count (an `IN (?, ?, …)` list would prepare a new statement per length).
 */
const idList = (ids: readonly string[]): SqlFragment =>
  sql`SELECT value FROM json_each(${JSON.stringify(unique(ids))})`;

/** id → row for the ids given (those present). */
function lookup<Row extends { id: string }>(
  db: WritableDb,
  ids: readonly string[],
  query: (ids: SqlFragment) => SqlFragment,
) {
  const map = new Map<string, Row>();
  if (ids.length === 0) return map;
  for (const row of db.all<Row>(query(idList(ids)))) map.set(row.id, row);
  return map;
}

function existingIds(
  db: WritableDb,
  table: 'contacts' | 'threads' | 'interactions' | 'items' | 'replies',
  ids: string[],
) {
  if (ids.length === 0) return new Set<string>();
  const list = idList(ids);
  switch (table) {
    case 'contacts':
      return new Set(db.column<string>(sql`SELECT id FROM contacts WHERE id IN (${list})`));
    case 'threads':
      return new Set(db.column<string>(sql`SELECT id FROM threads WHERE id IN (${list})`));
    case 'interactions':
      return new Set(db.column<string>(sql`SELECT id FROM interactions WHERE id IN (${list})`));
    case 'items':
      return new Set(db.column<string>(sql`SELECT id FROM items WHERE id IN (${list})`));
    case 'replies':
      return new Set(db.column<string>(sql`SELECT id FROM replies WHERE id IN (${list})`));
  }
}

export function bulkContacts(db: WritableDb, contacts: readonly Contact[]): void {
  const known = lookup<{ id: string; pk: number; displayName: string; firstName: string | null; firstSeenAt: number }>(
    db,
    contacts.map((c) => c.id),
    (ids) => sql`SELECT id, pk, display_name AS displayName, first_name AS firstName, first_seen_at AS firstSeenAt
      FROM contacts WHERE id IN (${ids})`,
  );
  // Known people: change what differs. A returning person usually only brings a new handle.
  const wanted = new Map<number, Contact>();
  for (const contact of contacts) {
    const row = known.get(contact.id);
    if (!row) continue;
    wanted.set(row.pk, contact);
    if (
      row.displayName !== contact.displayName ||
      row.firstName !== contact.firstName ||
      row.firstSeenAt !== contact.firstSeenAt
    ) {
      db.run(sql`UPDATE contacts SET display_name = ${contact.displayName}, first_name = ${contact.firstName},
        first_seen_at = ${contact.firstSeenAt} WHERE pk = ${row.pk}`);
    }
  }
  if (wanted.size > 0) syncContactSets(db, wanted);

  for (const group of groups(contacts.filter((c) => !known.has(c.id)))) {
    const rows = db.all<{
      pk: number;
      id: string;
    }>(sql`INSERT INTO contacts (id, display_name, first_name, first_seen_at)
      VALUES ${sql.join(group.map((c) => sql`(${c.id}, ${c.displayName}, ${c.firstName}, ${c.firstSeenAt})`))}
      RETURNING pk, id`);
    const pkOf = new Map(rows.map((row) => [row.id, row.pk]));
    const handles = group.flatMap((c) =>
      c.handles.map((h) => sql`(${pkOf.get(c.id) ?? null}, ${h.platform}, ${h.handle})`),
    );
    for (const part of groups(handles)) {
      db.run(sql`INSERT OR IGNORE INTO contact_handles (contact_pk, platform, handle) VALUES ${sql.join(part)}`);
    }
    const labels = group.flatMap((c) => c.labels.map((label) => sql`(${pkOf.get(c.id) ?? null}, ${label})`));
    for (const part of groups(labels)) {
      db.run(sql`INSERT OR IGNORE INTO contact_labels (contact_pk, label) VALUES ${sql.join(part)}`);
    }
  }
}

/** Makes the handles and labels of known contacts exactly those given, touching only differences. */
function syncContactSets(db: WritableDb, wanted: ReadonlyMap<number, Contact>): void {
  const pks = JSON.stringify([...wanted.keys()]);
  const handlesOf = new Map<number, { platform: string; handle: string }[]>();
  for (const row of db.all<{ pk: number; platform: string; handle: string }>(sql`SELECT contact_pk AS pk, platform,
      handle FROM contact_handles WHERE contact_pk IN (SELECT value FROM json_each(${pks}))`)) {
    handlesOf.set(row.pk, [...(handlesOf.get(row.pk) ?? []), row]);
  }
  const labelsOf = new Map<number, string[]>();
  for (const row of db.all<{ pk: number; label: string }>(sql`SELECT contact_pk AS pk, label FROM contact_labels
      WHERE contact_pk IN (SELECT value FROM json_each(${pks}))`)) {
    labelsOf.set(row.pk, [...(labelsOf.get(row.pk) ?? []), row.label]);
  }
  const addHandles: SqlFragment[] = [];
  const addLabels: SqlFragment[] = [];
  for (const [pk, contact] of wanted) {
    const key = (h: { platform: string; handle: string }) => `${h.platform}\u0000${h.handle}`;
    const have = new Set((handlesOf.get(pk) ?? []).map(key));
    const want = new Set(contact.handles.map(key));
    for (const h of contact.handles) if (!have.has(key(h))) addHandles.push(sql`(${pk}, ${h.platform}, ${h.handle})`);
    for (const h of handlesOf.get(pk) ?? []) {
      if (!want.has(key(h))) {
        db.run(
          sql`DELETE FROM contact_handles WHERE contact_pk = ${pk} AND platform = ${h.platform} AND handle = ${h.handle}`,
        );
      }
    }
    const haveLabels = new Set(labelsOf.get(pk) ?? []);
    const wantLabels = new Set(contact.labels);
    for (const label of wantLabels) if (!haveLabels.has(label)) addLabels.push(sql`(${pk}, ${label})`);
    for (const label of haveLabels) {
      if (!wantLabels.has(label)) db.run(sql`DELETE FROM contact_labels WHERE contact_pk = ${pk} AND label = ${label}`);
    }
  }
  for (const part of groups(addHandles)) {
    db.run(sql`INSERT OR IGNORE INTO contact_handles (contact_pk, platform, handle) VALUES ${sql.join(part)}`);
  }
  for (const part of groups(addLabels)) {
    db.run(sql`INSERT OR IGNORE INTO contact_labels (contact_pk, label) VALUES ${sql.join(part)}`);
  }
}

export function bulkThreads(db: WritableDb, threads: readonly Thread[]): void {
  const known = existingIds(
    db,
    'threads',
    threads.map((t) => t.id),
  );
  const channels = lookup<{ id: string; pk: number; clientPk: number }>(
    db,
    threads.map((t) => t.channelId),
    (ids) => sql`SELECT id, pk, client_pk AS clientPk FROM channels WHERE id IN (${ids})`,
  );
  for (const thread of threads) if (known.has(thread.id)) upsertThread(db, thread);
  for (const group of groups(threads.filter((t) => !known.has(t.id)))) {
    const values = group.map((t) => {
      const channel = channels.get(t.channelId) ?? missing('thread', t.id, 'channel', t.channelId);
      return sql`(${t.id}, ${channel.clientPk}, ${channel.pk}, ${t.kind}, ${t.platformId}, ${t.text}, ${t.url}, ${t.createdAt})`;
    });
    db.run(sql`INSERT INTO threads (id, client_pk, channel_pk, kind, platform_id, text, url, created_at)
      VALUES ${sql.join(values)}`);
  }
}

export function bulkInteractions(db: WritableDb, interactions: readonly Interaction[]): void {
  const known = existingIds(
    db,
    'interactions',
    interactions.map((x) => x.id),
  );
  const threads = lookup<{ id: string; pk: number; clientPk: number; channelPk: number }>(
    db,
    interactions.map((x) => x.threadId),
    (ids) => sql`SELECT id, pk, client_pk AS clientPk, channel_pk AS channelPk FROM threads WHERE id IN (${ids})`,
  );
  const contacts = lookup<{ id: string; pk: number }>(
    db,
    interactions.map((x) => x.contactId),
    (ids) => sql`SELECT id, pk FROM contacts WHERE id IN (${ids})`,
  );
  const parentIds = interactions.flatMap((x) => (x.parentId === null ? [] : [x.parentId]));
  const parents = lookup<{ id: string; pk: number }>(
    db,
    parentIds,
    (ids) => sql`SELECT id, pk FROM interactions WHERE id IN (${ids})`,
  );
  const batchIds = new Set(interactions.map((x) => x.id));
  /** Replies to a comment of this same call: linked once the comment has its pk. */
  const linkLater: Interaction[] = [];

  for (const x of interactions) if (known.has(x.id)) upsertInteraction(db, x);
  for (const group of groups(interactions.filter((x) => !known.has(x.id)))) {
    const values = group.map((x) => {
      const thread = threads.get(x.threadId) ?? missing('interaction', x.id, 'thread', x.threadId);
      const contact = contacts.get(x.contactId) ?? missing('interaction', x.id, 'contact', x.contactId);
      let parentPk: number | null = null;
      if (x.parentId !== null) {
        const parent = parents.get(x.parentId);
        if (parent) parentPk = parent.pk;
        else if (batchIds.has(x.parentId)) linkLater.push(x);
        else missing('interaction', x.id, 'interaction', x.parentId);
      }
      return sql`(${x.id}, ${thread.clientPk}, ${thread.channelPk}, ${thread.pk}, ${x.kind}, ${x.platformId}, ${parentPk},
        ${contact.pk}, ${x.text}, ${x.lang}, ${x.createdAt}, ${x.sentiment}, ${x.rating}, ${x.flags.sensitive},
        ${x.flags.adverseEvent}, ${x.flags.spam}, ${x.flags.profanity})`;
    });
    db.run(sql`INSERT INTO interactions (id, client_pk, channel_pk, thread_pk, kind, platform_id, parent_pk, contact_pk,
        text, lang, created_at, sentiment, rating, sensitive, adverse_event, spam, profanity)
      VALUES ${sql.join(values)}`);
  }
  for (const x of linkLater) {
    db.run(sql`UPDATE interactions SET parent_pk = (SELECT pk FROM interactions WHERE id = ${x.parentId})
      WHERE id = ${x.id}`);
  }
}

export function bulkItems(db: WritableDb, items: readonly Item[]): void {
  const known = existingIds(
    db,
    'items',
    items.map((i) => i.id),
  );
  const interactions = lookup<{
    id: string;
    pk: number;
    clientPk: number;
    channelPk: number;
    kind: string;
    sentiment: number;
    sensitive: number;
  }>(
    db,
    items.map((i) => i.interactionId),
    (ids) => sql`SELECT id, pk, client_pk AS clientPk, channel_pk AS channelPk, kind, sentiment, sensitive
      FROM interactions WHERE id IN (${ids})`,
  );
  const assigneeIds = items.flatMap((i) => (i.assigneeId === null ? [] : [i.assigneeId]));
  const users = lookup<{ id: string; pk: number }>(
    db,
    assigneeIds,
    (ids) => sql`SELECT id, pk FROM users WHERE id IN (${ids})`,
  );

  for (const item of items) if (known.has(item.id)) upsertItem(db, item);
  for (const group of groups(items.filter((i) => !known.has(i.id)))) {
    const values = group.map((i) => {
      const x = interactions.get(i.interactionId) ?? missing('item', i.id, 'interaction', i.interactionId);
      const assignee =
        i.assigneeId === null ? null : (users.get(i.assigneeId) ?? missing('item', i.id, 'user', i.assigneeId)).pk;
      return sql`(${i.id}, ${x.pk}, ${x.clientPk}, ${x.channelPk}, ${i.status}, ${i.priority}, ${assignee}, ${i.dueAt},
        ${i.snoozedUntil}, ${i.closedReason}, ${i.createdAt}, ${i.updatedAt}, ${x.kind}, ${x.sentiment}, ${x.sensitive},
        ${priorityKey(i.priority, i.dueAt)})`;
    });
    const rows = db.all<{ pk: number; id: string }>(sql`INSERT INTO items (id, interaction_pk, client_pk, channel_pk,
        status, priority, assignee_pk, due_at, snoozed_until, closed_reason, created_at, updated_at, kind, sentiment,
        sensitive, prio_key)
      VALUES ${sql.join(values)}
      RETURNING pk, id`);
    const pkOf = new Map(rows.map((row) => [row.id, row.pk]));
    const labels = group.flatMap((i) =>
      unique(i.labels).map((label) => sql`(${pkOf.get(i.id) ?? null}, ${label}, ${i.createdAt})`),
    );
    for (const part of groups(labels)) {
      db.run(sql`INSERT INTO item_labels (item_pk, label, created_at) VALUES ${sql.join(part)}`);
    }
  }
}

export function bulkReplies(db: WritableDb, replies: readonly Reply[]): void {
  const known = existingIds(
    db,
    'replies',
    replies.map((r) => r.id),
  );
  const items = lookup<{ id: string; pk: number; clientPk: number }>(
    db,
    replies.map((r) => r.itemId),
    (ids) => sql`SELECT id, pk, client_pk AS clientPk FROM items WHERE id IN (${ids})`,
  );
  const userIds = replies.flatMap((r) => [r.authorId, ...r.approvals.map((a) => a.approverId)]);
  const users = lookup<{ id: string; pk: number }>(
    db,
    userIds,
    (ids) => sql`SELECT id, pk FROM users WHERE id IN (${ids})`,
  );
  const savedIds = replies.flatMap((r) => (r.savedReplyId === null ? [] : [r.savedReplyId]));
  const saved = lookup<{ id: string; pk: number }>(
    db,
    savedIds,
    (ids) => sql`SELECT id, pk FROM saved_replies WHERE id IN (${ids})`,
  );
  const userPk = (reply: Reply, userId: string) => (users.get(userId) ?? missing('reply', reply.id, 'user', userId)).pk;

  for (const reply of replies) if (known.has(reply.id)) upsertReply(db, reply);
  for (const group of groups(replies.filter((r) => !known.has(r.id)))) {
    const values = group.map((r) => {
      const item = items.get(r.itemId) ?? missing('reply', r.id, 'item', r.itemId);
      const savedPk = r.savedReplyId === null ? null : (saved.get(r.savedReplyId)?.pk ?? null);
      return sql`(${r.id}, ${item.pk}, ${item.clientPk}, ${userPk(r, r.authorId)}, ${r.text}, ${r.visibility}, ${r.status},
        ${r.version}, ${r.escalated}, ${r.escalationNote}, ${savedPk}, ${r.createdAt}, ${r.updatedAt}, ${r.sentAt},
        ${approverEditJson(r)})`;
    });
    const rows = db.all<{ pk: number; id: string }>(sql`INSERT INTO replies (id, item_pk, client_pk, author_pk, text,
        visibility, status, version, escalated, escalation_note, saved_reply_pk, created_at, updated_at, sent_at,
        approver_edit)
      VALUES ${sql.join(values)}
      RETURNING pk, id`);
    const pkOf = new Map(rows.map((row) => [row.id, row.pk]));
    const approvals = group.flatMap((r) =>
      r.approvals.map(
        (a) => sql`(${a.id}, ${pkOf.get(r.id) ?? null}, ${a.stepIndex}, ${userPk(r, a.approverId)}, ${a.decision},
          ${a.meaning}, ${a.comment}, ${a.textHash}, ${a.at}, ${signatureJson(a)})`,
      ),
    );
    for (const part of groups(approvals)) {
      db.run(sql`INSERT INTO approvals (id, reply_pk, step_index, approver_pk, decision, meaning, comment, text_hash, at,
          signature)
        VALUES ${sql.join(part)} ON CONFLICT (id) DO NOTHING`);
    }
  }
}
