/**
 * Writes entities that do not come from a mutation (the demo workspace, later the platform
 * ingest and admin screens) through the same change log, so replicas receive them like any other
 * change. Each batch is one commit; parents come before children inside it.
 */
import type { Contact, User } from '../../shared/domain/entities';
import type { EntityBatch as SharedEntityBatch } from '../../shared/domain/batch';
import { entitiesOf } from '../../shared/domain/batch';
import { syncEntities } from '../../shared/entities/registry';
import type { Queryable } from '../db/db';
import { toJson, toText, toTextArrayOrNull } from '../db/db';
import { sql } from '../db/sql';
import { writeCommit } from '../sync/commits';
import type { EntityRow } from '../sync/rows';
import { row, unionScopes } from '../sync/rows';
import { canSeeClient, visibilityOf } from '../sync/scope';

/** What the seed writes as entity rows; users go in separately, with their accounts (writeUsers). */
export type EntityBatch = Omit<SharedEntityBatch, 'users'>;

export interface UserAccount {
  readonly user: User;
  readonly passwordHash: string;
}

/** Accounts and their public rows (no password ever leaves the users table). */
export async function writeUsers(db: Queryable, accounts: readonly UserAccount[], now: number): Promise<void> {
  for (const { user, passwordHash } of accounts) {
    await db.query(sql`
      INSERT INTO users (id, email, name, role, client_ids, also_approver, password_hash, created_at)
      VALUES (${user.id}, ${user.email.toLowerCase()}, ${user.name}, ${user.role}, ${user.clientIds},
        ${user.alsoApprover}, ${passwordHash}, ${now})
      ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, role = excluded.role,
        client_ids = excluded.client_ids, also_approver = excluded.also_approver,
        password_hash = excluded.password_hash`);
  }
  const rows = accounts.map(({ user }) => row('user', user));
  await writeCommit(db, { mutation: null, userId: null, refusal: null, rows, outbox: [], now });
}

interface KnownContact {
  readonly scopes: readonly string[] | null;
  readonly data: Contact;
}

async function knownContacts(db: Queryable, ids: readonly string[]): Promise<Map<string, KnownContact>> {
  const known = new Map<string, KnownContact>();
  if (ids.length === 0) return known;
  const found = await db.query(
    sql`SELECT id, scopes, data FROM entities WHERE entity = 'contact' AND id = ANY(${ids}::text[])`,
  );
  for (const entry of found) {
    known.set(toText(entry.id), { scopes: toTextArrayOrNull(entry.scopes), data: toJson(entry.data) as Contact });
  }
  return known;
}

async function authors(db: Queryable, ids: readonly string[]): Promise<Map<string, Pick<User, 'role' | 'clientIds'>>> {
  const found =
    ids.length === 0 ? [] : await db.query(sql`SELECT id, role, client_ids FROM users WHERE id = ANY(${ids}::text[])`);
  return new Map(
    found.map((entry) => [
      toText(entry.id),
      { role: toText(entry.role) as User['role'], clientIds: toTextArrayOrNull(entry.client_ids) },
    ]),
  );
}

/**
 * Every entity of the batch as a row, in one commit. Scopes follow the registry's rules
 * (shared/entities/registry.ts); the two derived ones are computed here: contacts are seen through
 * the clients they wrote to (this batch's interactions plus what was known), a note where both its
 * contact and its author are.
 */
export async function writeBatch(db: Queryable, batch: EntityBatch, now: number): Promise<void> {
  const contacts = entitiesOf(batch, 'contact');
  const notes = entitiesOf(batch, 'note');
  const interactions = entitiesOf(batch, 'interaction');
  const contactIds = new Set([
    ...contacts.map((contact) => contact.id),
    ...interactions.map((interaction) => interaction.contactId),
    ...notes.map((note) => note.contactId),
  ]);
  const known = await knownContacts(db, [...contactIds]);
  const contactScopes = new Map<string, readonly string[] | null>([...known].map(([id, entry]) => [id, entry.scopes]));
  for (const interaction of interactions) {
    const scopes = contactScopes.get(interaction.contactId) ?? [];
    if (scopes !== null) contactScopes.set(interaction.contactId, unionScopes(scopes, [interaction.clientId]));
  }
  const noteAuthors = await authors(db, [...new Set(notes.map((note) => note.authorId))]);

  // Parents first, in the registry's rank order; users go in with their accounts (writeUsers).
  const rows: EntityRow[] = [];
  for (const entity of syncEntities) {
    if (entity === 'user') continue;
    if (entity === 'contact') {
      const written = new Set(contacts.map((contact) => contact.id));
      for (const contact of contacts) rows.push(row('contact', contact, contactScopes.get(contact.id) ?? []));
      // A known contact writing to a new client: that client's users receive it now.
      for (const [id, entry] of known) {
        const scopes = contactScopes.get(id) ?? null;
        if (!written.has(id) && scopes !== null && scopes.length !== (entry.scopes?.length ?? 0)) {
          rows.push(row('contact', entry.data, scopes));
        }
      }
    } else if (entity === 'note') {
      for (const note of notes) {
        const scopes = contactScopes.get(note.contactId) ?? [];
        const author = noteAuthors.get(note.authorId);
        const visibility = author === undefined ? { all: false as const, clientIds: [] } : visibilityOf(author);
        rows.push(
          row('note', note, scopes === null ? null : scopes.filter((clientId) => canSeeClient(visibility, clientId))),
        );
      }
    } else {
      for (const value of entitiesOf(batch, entity)) rows.push(row(entity, value));
    }
  }
  if (rows.length > 0) await writeCommit(db, { mutation: null, userId: null, refusal: null, rows, outbox: [], now });
}
