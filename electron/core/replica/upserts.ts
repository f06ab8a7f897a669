import type {
  Channel,
  Client,
  Contact,
  Interaction,
  Item,
  Note,
  Reply,
  SavedReply,
  Thread,
  User,
  Workspace,
} from '../../../shared/domain/entities';
import type { WritableDb } from './db';
import { sql } from './sql';
import { insertInto, selectOf, valuesOf } from './columns';

/**
 * Writes whole entities (as the server or the demo generator has them) into the replica,
 * insert or update by `id`. Parents must already be there: a missing parent is an error, never
 * a silently dropped row. These run inside the caller's transaction.
 */

const pkOf = (table: 'clients' | 'channels' | 'users' | 'contacts' | 'threads' | 'interactions', id: string) => {
  switch (table) {
    case 'clients':
      return sql`(SELECT pk FROM clients WHERE id = ${id})`;
    case 'channels':
      return sql`(SELECT pk FROM channels WHERE id = ${id})`;
    case 'users':
      return sql`(SELECT pk FROM users WHERE id = ${id})`;
    case 'contacts':
      return sql`(SELECT pk FROM contacts WHERE id = ${id})`;
    case 'threads':
      return sql`(SELECT pk FROM threads WHERE id = ${id})`;
    case 'interactions':
      return sql`(SELECT pk FROM interactions WHERE id = ${id})`;
  }
};

const optionalPk = (table: 'users' | 'interactions' | 'contacts', id: string | null) =>
  id === null ? sql`NULL` : pkOf(table, id);

function requireRow(changes: number, what: string, id: string): void {
  if (changes === 0) throw new Error(`replica: ${what} ${id} references a row that is not in the replica`);
}

/** Makes a link table hold exactly `wanted` for one owner, touching only what differs. */
function syncSet(current: readonly string[], wanted: readonly string[]) {
  const have = new Set(current);
  const want = new Set(wanted);
  return {
    added: [...want].filter((value) => !have.has(value)),
    removed: [...have].filter((value) => !want.has(value)),
  };
}

export function upsertWorkspace(db: WritableDb, workspace: Workspace): void {
  db.run(sql`${insertInto('workspace')} VALUES ${valuesOf('workspace', workspace)}
    ON CONFLICT (id) DO UPDATE SET name = excluded.name`);
}

export function upsertClient(db: WritableDb, client: Client): void {
  db.run(sql`${insertInto('clients')} VALUES ${valuesOf('clients', client)}
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, regulation = excluded.regulation,
      languages = excluded.languages, sensitivity = excluded.sensitivity,
      approval_chain = excluded.approval_chain, approval_sla_minutes = excluded.approval_sla_minutes,
      sla = excluded.sla, moderation_reasons = excluded.moderation_reasons`);
}

export function upsertUser(db: WritableDb, user: User): void {
  db.run(sql`${insertInto('users')} VALUES ${valuesOf('users', user)}
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role,
      all_clients = excluded.all_clients, also_approver = excluded.also_approver`);
  const userPk = pkOf('users', user.id);
  db.run(sql`DELETE FROM user_clients WHERE user_pk = ${userPk}`);
  for (const clientId of user.clientIds ?? []) {
    db.run(
      sql`${insertInto('userClients')} VALUES ${valuesOf('userClients', null, { user_pk: userPk, client_pk: pkOf('clients', clientId) })}`,
    );
  }
}

export function upsertChannel(db: WritableDb, channel: Channel): void {
  const result = db.run(sql`${insertInto('channels')}
    SELECT ${selectOf('channels', channel, { client_pk: sql`c.pk` })}
    FROM clients c WHERE c.id = ${channel.clientId}
    ON CONFLICT (id) DO UPDATE SET client_pk = excluded.client_pk, platform = excluded.platform,
      name = excluded.name, handle = excluded.handle`);
  requireRow(result.changes, 'channel', channel.id);
}

export function upsertSavedReply(db: WritableDb, saved: SavedReply): void {
  const result = db.run(sql`${insertInto('savedReplies')}
    SELECT ${selectOf('savedReplies', saved, { client_pk: sql`c.pk` })}
    FROM clients c WHERE c.id = ${saved.clientId}
    ON CONFLICT (id) DO UPDATE SET client_pk = excluded.client_pk, name = excluded.name,
      text = excluded.text, lang = excluded.lang, pre_approved = excluded.pre_approved,
      pre_approval = excluded.pre_approval`);
  requireRow(result.changes, 'saved reply', saved.id);
}

export function upsertContact(db: WritableDb, contact: Contact): void {
  const inserted = db.column<number>(sql`${insertInto('contacts')} VALUES ${valuesOf('contacts', contact)}
    ON CONFLICT (id) DO NOTHING RETURNING pk`)[0];
  if (inserted !== undefined) {
    // New: nothing to compare with.
    for (const h of contact.handles) {
      db.run(sql`${insertInto('contactHandles', { verb: 'INSERT OR IGNORE' })}
        VALUES ${valuesOf('contactHandles', h, { contact_pk: inserted })}`);
    }
    for (const label of contact.labels) {
      db.run(sql`${insertInto('contactLabels', { verb: 'INSERT OR IGNORE' })}
        VALUES ${valuesOf('contactLabels', null, { contact_pk: inserted, label })}`);
    }
    return;
  }
  // The WHERE keeps an unchanged contact from rewriting its search names (and re-indexing).
  const contactPk =
    db.column<number>(sql`UPDATE contacts SET display_name = ${contact.displayName},
      first_name = ${contact.firstName}, first_seen_at = ${contact.firstSeenAt}
    WHERE id = ${contact.id} AND (display_name IS NOT ${contact.displayName}
      OR first_name IS NOT ${contact.firstName} OR first_seen_at IS NOT ${contact.firstSeenAt})
    RETURNING pk`)[0] ?? db.column<number>(sql`SELECT pk FROM contacts WHERE id = ${contact.id}`)[0];
  if (contactPk === undefined) throw new Error(`replica: contact ${contact.id} was not written`);

  const handleKey = (platform: string, handle: string) => `${platform}\u0000${handle}`;
  const currentHandles = db
    .all<{ platform: string; handle: string }>(
      sql`SELECT platform, handle FROM contact_handles WHERE contact_pk = ${contactPk}`,
    )
    .map((row) => handleKey(row.platform, row.handle));
  const handles = syncSet(
    currentHandles,
    contact.handles.map((h) => handleKey(h.platform, h.handle)),
  );
  for (const key of handles.removed) {
    const [platform = '', handle = ''] = key.split('\u0000');
    db.run(sql`DELETE FROM contact_handles
      WHERE contact_pk = ${contactPk} AND platform = ${platform} AND handle = ${handle}`);
  }
  for (const key of handles.added) {
    const [platform = '', handle = ''] = key.split('\u0000');
    db.run(
      sql`${insertInto('contactHandles')} VALUES ${valuesOf('contactHandles', { platform, handle }, { contact_pk: contactPk })}`,
    );
  }

  const labels = syncSet(
    db.column<string>(sql`SELECT label FROM contact_labels WHERE contact_pk = ${contactPk}`),
    contact.labels,
  );
  for (const label of labels.removed) {
    db.run(sql`DELETE FROM contact_labels WHERE contact_pk = ${contactPk} AND label = ${label}`);
  }
  for (const label of labels.added) {
    db.run(
      sql`${insertInto('contactLabels')} VALUES ${valuesOf('contactLabels', null, { contact_pk: contactPk, label })}`,
    );
  }
}

export function upsertThread(db: WritableDb, thread: Thread): void {
  const result = db.run(sql`${insertInto('threads')}
    SELECT ${selectOf('threads', thread, { client_pk: sql`ch.client_pk`, channel_pk: sql`ch.pk` })}
    FROM channels ch WHERE ch.id = ${thread.channelId}
    ON CONFLICT (id) DO UPDATE SET text = excluded.text, url = excluded.url`);
  requireRow(result.changes, 'thread', thread.id);
}

export function upsertInteraction(db: WritableDb, x: Interaction): void {
  const inserted = db.run(sql`${insertInto('interactions')}
    SELECT ${selectOf('interactions', x, {
      client_pk: sql`t.client_pk`,
      channel_pk: sql`t.channel_pk`,
      thread_pk: sql`t.pk`,
      parent_pk: optionalPk('interactions', x.parentId),
      contact_pk: pkOf('contacts', x.contactId),
    })}
    FROM threads t WHERE t.id = ${x.threadId}
    ON CONFLICT (id) DO NOTHING`);
  if (inserted.changes > 0) return;
  // Known already: only what can change on the platform (an edit, a re-classification).
  const exists = db.column<number>(sql`SELECT pk FROM interactions WHERE id = ${x.id}`).length > 0;
  requireRow(exists ? 1 : 0, 'interaction', x.id);
  db.run(sql`UPDATE interactions SET text = ${x.text}, lang = ${x.lang}, sentiment = ${x.sentiment},
      rating = ${x.rating}, sensitive = ${x.flags.sensitive}, adverse_event = ${x.flags.adverseEvent},
      spam = ${x.flags.spam}, profanity = ${x.flags.profanity}
    WHERE id = ${x.id} AND (text IS NOT ${x.text} OR lang IS NOT ${x.lang} OR sentiment IS NOT ${x.sentiment}
      OR rating IS NOT ${x.rating} OR sensitive IS NOT ${x.flags.sensitive}
      OR adverse_event IS NOT ${x.flags.adverseEvent} OR spam IS NOT ${x.flags.spam}
      OR profanity IS NOT ${x.flags.profanity})`);
}

/** The queue's priority order as one integer (migration 001): priority high→low, then due soonest. */
export function priorityKey(priority: number, dueAt: number): number {
  return (100 - priority) * 4_398_046_511_104 + dueAt;
}

export function upsertItem(db: WritableDb, item: Item): void {
  const prioKey = priorityKey(item.priority, item.dueAt);
  const inserted = db.column<number>(sql`${insertInto('items')}
    SELECT ${selectOf('items', item, {
      interaction_pk: sql`x.pk`,
      client_pk: sql`x.client_pk`,
      channel_pk: sql`x.channel_pk`,
      assignee_pk: optionalPk('users', item.assigneeId),
      kind: sql`x.kind`,
      sentiment: sql`x.sentiment`,
      sensitive: sql`x.sensitive`,
      prio_key: prioKey,
    })}
    FROM interactions x WHERE x.id = ${item.interactionId}
    ON CONFLICT (id) DO NOTHING
    RETURNING pk`)[0];
  if (inserted !== undefined) {
    writeItemLabels(db, inserted, item.labels);
    return;
  }
  const itemPk = db.column<number>(sql`UPDATE items SET status = ${item.status}, priority = ${item.priority},
      assignee_pk = ${optionalPk('users', item.assigneeId)}, due_at = ${item.dueAt}, prio_key = ${prioKey},
      snoozed_until = ${item.snoozedUntil}, closed_reason = ${item.closedReason}, updated_at = ${item.updatedAt}
    WHERE id = ${item.id} RETURNING pk`)[0];
  if (itemPk === undefined) throw new Error(`replica: item ${item.id} references a missing interaction`);
  writeItemLabels(db, itemPk, item.labels);
}

/** Replaces an item's labels (inside the caller's transaction). */
export function writeItemLabels(db: WritableDb, itemPk: number, labels: readonly string[]): void {
  const change = syncSet(db.column<string>(sql`SELECT label FROM item_labels WHERE item_pk = ${itemPk}`), labels);
  for (const label of change.removed) {
    db.run(sql`DELETE FROM item_labels WHERE item_pk = ${itemPk} AND label = ${label}`);
  }
  for (const label of change.added) {
    db.run(sql`${insertInto('itemLabels')}
      SELECT ${selectOf('itemLabels', null, { item_pk: sql`pk`, label, created_at: sql`created_at` })}
      FROM items WHERE pk = ${itemPk}`);
  }
}

export function upsertReply(db: WritableDb, reply: Reply): void {
  const savedReplyPk =
    reply.savedReplyId === null ? sql`NULL` : sql`(SELECT pk FROM saved_replies WHERE id = ${reply.savedReplyId})`;
  const replyPk = db.column<number>(sql`${insertInto('replies')}
    SELECT ${selectOf('replies', reply, {
      item_pk: sql`i.pk`,
      client_pk: sql`i.client_pk`,
      author_pk: pkOf('users', reply.authorId),
      saved_reply_pk: savedReplyPk,
    })}
    FROM items i WHERE i.id = ${reply.itemId}
    ON CONFLICT (id) DO UPDATE SET author_pk = excluded.author_pk, text = excluded.text,
      visibility = excluded.visibility, status = excluded.status, version = excluded.version,
      escalated = excluded.escalated, escalation_note = excluded.escalation_note,
      saved_reply_pk = excluded.saved_reply_pk, created_at = excluded.created_at,
      updated_at = excluded.updated_at, sent_at = excluded.sent_at, approver_edit = excluded.approver_edit
    RETURNING pk`)[0];
  if (replyPk === undefined) throw new Error(`replica: reply ${reply.id} references a missing item`);
  for (const approval of reply.approvals) {
    // Decisions are records: once written they do not change.
    db.run(sql`${insertInto('approvals')}
      VALUES ${valuesOf('approvals', approval, { reply_pk: replyPk, approver_pk: pkOf('users', approval.approverId) })}
      ON CONFLICT (id) DO NOTHING`);
  }
}

export function upsertNote(db: WritableDb, note: Note): void {
  const givenPks = { contact_pk: pkOf('contacts', note.contactId), author_pk: pkOf('users', note.authorId) };
  db.run(sql`${insertInto('notes')} VALUES ${valuesOf('notes', note, givenPks)}
    ON CONFLICT (id) DO UPDATE SET contact_pk = excluded.contact_pk, author_pk = excluded.author_pk,
      text = excluded.text, created_at = excluded.created_at`);
}
