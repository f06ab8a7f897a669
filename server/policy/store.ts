/**
 * Reading and writing policy rows: the client row (its policy fields), the client's saved
 * replies, and the people who may approve for it. Writes go through the change log like every
 * other change (`writeCommit`), so replicas receive a new policy by their next pull. A saved
 * reply's removal is a `delete` change, which `writeCommit` (upserts only) does not write: it is
 * written here with the same columns.
 */
import { createHash } from 'node:crypto';
import type { Client, SavedReply, User } from '../../shared/domain/entities';
import { canonicalJson } from '../../shared/domain/audit';
import { can } from '../../shared/domain/permissions';
import type { Queryable } from '../db/db';
import { toInt, toJson } from '../db/db';
import { sql } from '../db/sql';
import { userFromRow } from '../auth/sessions';
import { actorOf } from '../sync/apply';

/** A stored row's version: a hash of its canonical JSON (the same value has the same version). */
export function versionOf(value: Client | SavedReply): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

export async function readClient(db: Queryable, clientId: string, lock: boolean): Promise<Client | null> {
  const [found] = await db.query(sql`SELECT data FROM entities WHERE entity = 'client' AND id = ${clientId}
    ${lock ? sql`FOR UPDATE` : sql``}`);
  return found === undefined ? null : (toJson(found.data) as Client);
}

export async function readClients(db: Queryable): Promise<Client[]> {
  const rows = await db.query(sql`SELECT data FROM entities WHERE entity = 'client' ORDER BY data->>'name', id`);
  return rows.map((found) => toJson(found.data) as Client);
}

export async function readSavedReplies(db: Queryable, clientId: string): Promise<SavedReply[]> {
  const rows = await db.query(sql`SELECT data FROM entities
    WHERE entity = 'saved_reply' AND data->>'clientId' = ${clientId} ORDER BY data->>'name', id`);
  return rows.map((found) => toJson(found.data) as SavedReply);
}

export async function readSavedReply(db: Queryable, savedReplyId: string, lock: boolean): Promise<SavedReply | null> {
  const [found] = await db.query(sql`SELECT data FROM entities WHERE entity = 'saved_reply' AND id = ${savedReplyId}
    ${lock ? sql`FOR UPDATE` : sql``}`);
  return found === undefined ? null : (toJson(found.data) as SavedReply);
}

/** The accounts that may sign a decision for `clientId` (the shared permission rule decides). */
export async function approversOf(db: Queryable, clientId: string): Promise<User[]> {
  const rows = await db.query(sql`
    SELECT id, name, email, role, client_ids, also_approver FROM users
    WHERE NOT disabled AND role IN ('approver', 'admin') ORDER BY name, id`);
  return rows.map(userFromRow).filter((user) => can(actorOf(user), 'approval.decide', { clientId }).ok);
}

/** Removes a saved reply and logs the removal for the replicas that saw it (its client's). */
export async function deleteSavedReplyRow(
  db: Queryable,
  saved: SavedReply,
  userId: string,
  now: number,
): Promise<number> {
  const scopes = [saved.clientId];
  const [result] = await db.query(sql`
    WITH c AS (
      INSERT INTO commits (client_id, mutation_id, mutation_name, user_id, refused_code, refused_message, created_at)
      VALUES (NULL, NULL, NULL, ${userId}, NULL, NULL, ${now})
      RETURNING seq
    ), removed AS (
      DELETE FROM entities WHERE entity = 'saved_reply' AND id = ${saved.id}
    ), logged AS (
      INSERT INTO changes (commit_seq, ord, entity, id, op, scopes, data)
      SELECT c.seq, 0, 'saved_reply', ${saved.id}, 'delete', ${scopes}::text[], NULL FROM c
    )
    SELECT seq FROM c`);
  return toInt(result?.seq);
}
