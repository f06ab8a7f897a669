/**
 * Server rows in and out of the replica for the sync client (docs/sync.md "Client replica"): whole
 * entities written by `id` after validation, deletes, and the shadows that keep the
 * server-confirmed version of rows a pending mutation changed optimistically.
 */
import type { Note, Reply } from '../../../shared/domain/entities';
import type { EntityTypes } from '../../../shared/entities/registry';
import { entityRegistry } from '../../../shared/entities/registry';
import type { SyncEntity } from '../../../shared/sync/protocol';
import type { ReadableDb, WritableDb } from './db';
import { readContact, readItem, readReplies } from './entities';
import { sql } from './sql';
import { writerOf } from './writers';

export type SyncRowData<E extends SyncEntity> = EntityTypes[E];

/** A server row that does not fit its entity's schema: the sync stops instead of storing it. */
export class SyncRowError extends Error {
  constructor(
    readonly entity: SyncEntity,
    readonly id: string,
    detail: string,
  ) {
    super(`The team server sent a ${entity} (${id}) this app cannot read: ${detail}`);
    this.name = 'SyncRowError';
  }
}

export function parseRow<E extends SyncEntity>(entity: E, id: string, data: unknown): SyncRowData<E> {
  const parsed = entityRegistry[entity].schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SyncRowError(entity, id, issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid');
  }
  if (parsed.data.id !== id) throw new SyncRowError(entity, id, `its data names id ${parsed.data.id}`);
  return parsed.data as SyncRowData<E>;
}

/** Writes one validated entity (insert or update by id); parents must be in the replica. */
export function writeRow<E extends SyncEntity>(db: WritableDb, entity: E, data: unknown): void {
  writerOf(entity).one(db, data as EntityTypes[E]);
}

/** Rows the server may delete (the rest only change status); others are kept, and reported. */
export function deleteRow(db: WritableDb, entity: SyncEntity, id: string): boolean {
  switch (entity) {
    case 'reply':
      db.run(sql`DELETE FROM replies WHERE id = ${id}`);
      return true;
    case 'note':
      db.run(sql`DELETE FROM notes WHERE id = ${id}`);
      return true;
    case 'saved_reply':
      db.run(sql`UPDATE replies SET saved_reply_pk = NULL
        WHERE saved_reply_pk = (SELECT pk FROM saved_replies WHERE id = ${id})`);
      db.run(sql`DELETE FROM saved_replies WHERE id = ${id}`);
      return true;
    default:
      return false;
  }
}

/** The entities a local mutation changes optimistically, and so the ones that get shadows. */
export type ShadowEntity = 'item' | 'reply' | 'note' | 'contact';

export function readRow(db: ReadableDb, entity: ShadowEntity, id: string): unknown {
  switch (entity) {
    case 'item': {
      const found = readItem(db, id);
      if (!found) return null;
      const { pk: _pk, interactionPk: _interactionPk, ...value } = found;
      return value;
    }
    case 'reply': {
      const itemPk = db.column<number>(sql`SELECT item_pk FROM replies WHERE id = ${id}`)[0];
      return itemPk === undefined ? null : (readReplies(db, itemPk).find((r) => r.id === id) ?? null);
    }
    case 'note':
      return (
        db.get<Note>(sql`SELECT n.id, c.id AS contactId, u.id AS authorId, n.text, n.created_at AS createdAt
          FROM notes n JOIN contacts c ON c.pk = n.contact_pk JOIN users u ON u.pk = n.author_pk
          WHERE n.id = ${id}`) ?? null
      );
    case 'contact': {
      const found = readContact(db, { id });
      if (!found) return null;
      const { pk: _pk, ...value } = found;
      return value;
    }
  }
}

/** Keeps the server's version of a row before its first optimistic change (later ones keep it). */
export function captureShadow(db: WritableDb, entity: ShadowEntity, id: string): void {
  const exists = db.get(sql`SELECT 1 AS x FROM sync_shadows WHERE entity = ${entity} AND id = ${id}`);
  if (exists) return;
  const data = readRow(db, entity, id);
  db.run(sql`INSERT INTO sync_shadows (entity, id, data)
    VALUES (${entity}, ${id}, ${data === null ? null : JSON.stringify(data)})`);
}

export function hasShadow(db: ReadableDb, entity: SyncEntity, id: string): boolean {
  return db.get(sql`SELECT 1 AS x FROM sync_shadows WHERE entity = ${entity} AND id = ${id}`) !== undefined;
}

/** A pulled change to a shadowed row becomes its new confirmed version; the row waits for the rebase. */
export function updateShadow(db: WritableDb, entity: SyncEntity, id: string, data: unknown): void {
  db.run(sql`UPDATE sync_shadows SET data = ${data === null ? null : JSON.stringify(data)}
    WHERE entity = ${entity} AND id = ${id}`);
}

const shadowOrder: Record<ShadowEntity, number> = { contact: 0, item: 1, reply: 2, note: 3 };

/**
 * Puts every shadowed row back to its confirmed version and forgets the shadows: the first half
 * of a rebase (the caller then applies the still-pending mutations again). Returns what changed.
 */
export function restoreShadows(db: WritableDb): { items: string[]; contacts: string[] } {
  const shadows = db
    .all<{ entity: ShadowEntity; id: string; data: string | null }>(sql`SELECT entity, id, data FROM sync_shadows`)
    .sort((a, b) => shadowOrder[a.entity] - shadowOrder[b.entity]);
  const items = new Set<string>();
  const contacts = new Set<string>();
  // Deletes children first (a note, a draft), then writes parents first.
  for (const shadow of [...shadows].reverse()) {
    if (shadow.data === null) deleteRow(db, shadow.entity, shadow.id);
  }
  for (const shadow of shadows) {
    if (shadow.data !== null) writeRow(db, shadow.entity, JSON.parse(shadow.data) as unknown);
    if (shadow.entity === 'item') items.add(shadow.id);
    if (shadow.entity === 'contact') contacts.add(shadow.id);
    if (shadow.entity === 'reply' && shadow.data !== null) items.add((JSON.parse(shadow.data) as Reply).itemId);
  }
  db.run(sql`DELETE FROM sync_shadows`);
  return { items: [...items], contacts: [...contacts] };
}

export function shadowCount(db: ReadableDb): number {
  return db.column<number>(sql`SELECT count(*) FROM sync_shadows`)[0] ?? 0;
}
