import type { Contact, Interaction, Item, Reply, Thread } from '../../../shared/domain/entities';
import type { WritableDb } from './db';
import { sql, type SqlFragment } from './sql';
import { insertInto, valuesOf } from './columns';
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
    }>(sql`${insertInto('contacts')} VALUES ${sql.join(group.map((c) => valuesOf('contacts', c)))} RETURNING pk, id`);
    const pkOf = new Map(rows.map((row) => [row.id, row.pk]));
    const handles = group.flatMap((c) =>
      c.handles.map((h) => valuesOf('contactHandles', h, { contact_pk: pkOf.get(c.id) ?? null })),
    );
    for (const part of groups(handles)) {
      db.run(sql`${insertInto('contactHandles', { verb: 'INSERT OR IGNORE' })} VALUES ${sql.join(part)}`);
    }
    const labels = group.flatMap((c) =>
      c.labels.map((label) => valuesOf('contactLabels', null, { contact_pk: pkOf.get(c.id) ?? null, label })),
    );
    for (const part of groups(labels)) {
      db.run(sql`${insertInto('contactLabels', { verb: 'INSERT OR IGNORE' })} VALUES ${sql.join(part)}`);
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
    for (const h of contact.handles)
      if (!have.has(key(h))) addHandles.push(valuesOf('contactHandles', h, { contact_pk: pk }));
    for (const h of handlesOf.get(pk) ?? []) {
      if (!want.has(key(h))) {
        db.run(
          sql`DELETE FROM contact_handles WHERE contact_pk = ${pk} AND platform = ${h.platform} AND handle = ${h.handle}`,
        );
      }
    }
    const haveLabels = new Set(labelsOf.get(pk) ?? []);
    const wantLabels = new Set(contact.labels);
    for (const label of wantLabels) {
      if (!haveLabels.has(label)) addLabels.push(valuesOf('contactLabels', null, { contact_pk: pk, label }));
    }
    for (const label of haveLabels) {
      if (!wantLabels.has(label)) db.run(sql`DELETE FROM contact_labels WHERE contact_pk = ${pk} AND label = ${label}`);
    }
  }
  for (const part of groups(addHandles)) {
    db.run(sql`${insertInto('contactHandles', { verb: 'INSERT OR IGNORE' })} VALUES ${sql.join(part)}`);
  }
  for (const part of groups(addLabels)) {
    db.run(sql`${insertInto('contactLabels', { verb: 'INSERT OR IGNORE' })} VALUES ${sql.join(part)}`);
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
      return valuesOf('threads', t, { client_pk: channel.clientPk, channel_pk: channel.pk });
    });
    db.run(sql`${insertInto('threads')} VALUES ${sql.join(values)}`);
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
      return valuesOf('interactions', x, {
        client_pk: thread.clientPk,
        channel_pk: thread.channelPk,
        thread_pk: thread.pk,
        parent_pk: parentPk,
        contact_pk: contact.pk,
      });
    });
    db.run(sql`${insertInto('interactions')} VALUES ${sql.join(values)}`);
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
      return valuesOf('items', i, {
        interaction_pk: x.pk,
        client_pk: x.clientPk,
        channel_pk: x.channelPk,
        assignee_pk: assignee,
        kind: x.kind,
        sentiment: x.sentiment,
        sensitive: x.sensitive,
        prio_key: priorityKey(i.priority, i.dueAt),
      });
    });
    const rows = db.all<{ pk: number; id: string }>(
      sql`${insertInto('items')} VALUES ${sql.join(values)} RETURNING pk, id`,
    );
    const pkOf = new Map(rows.map((row) => [row.id, row.pk]));
    const labels = group.flatMap((i) =>
      unique(i.labels).map((label) =>
        valuesOf('itemLabels', null, { item_pk: pkOf.get(i.id) ?? null, label, created_at: i.createdAt }),
      ),
    );
    for (const part of groups(labels)) {
      db.run(sql`${insertInto('itemLabels')} VALUES ${sql.join(part)}`);
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
      return valuesOf('replies', r, {
        item_pk: item.pk,
        client_pk: item.clientPk,
        author_pk: userPk(r, r.authorId),
        saved_reply_pk: savedPk,
      });
    });
    const rows = db.all<{ pk: number; id: string }>(
      sql`${insertInto('replies')} VALUES ${sql.join(values)} RETURNING pk, id`,
    );
    const pkOf = new Map(rows.map((row) => [row.id, row.pk]));
    const approvals = group.flatMap((r) =>
      r.approvals.map((a) =>
        valuesOf('approvals', a, { reply_pk: pkOf.get(r.id) ?? null, approver_pk: userPk(r, a.approverId) }),
      ),
    );
    for (const part of groups(approvals)) {
      db.run(sql`${insertInto('approvals')} VALUES ${sql.join(part)} ON CONFLICT (id) DO NOTHING`);
    }
  }
}
