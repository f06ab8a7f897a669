/**
 * The rows a push batch reads, held in memory for the whole batch transaction.
 *
 * A batch is applied in one transaction: its rows are read together (a few queries per batch, not
 * per mutation), rows a mutation may change are locked (FOR UPDATE) in key order, and each
 * mutation's effect is written back into the store so the next mutation of the batch sees it —
 * exactly what it would have read had the previous one committed on its own.
 *
 * What a mutation reads is the same as `context.ts`'s per-mutation queries: an item with its
 * client (and an assignee); a reply with its item, interaction, client, saved reply, contact and
 * author; a contact with a note.
 */
import type { Client, Contact, Interaction, Item, Note, Reply, SavedReply, User } from '../../shared/domain/entities';
import type { SyncEntity } from '../../shared/sync/protocol';
import type { Queryable } from '../db/db';
import { toJson, toText, toTextArrayOrNull } from '../db/db';
import { sql } from '../db/sql';
import type { LoadedRows } from './context';
import type { LoadPlan } from './mutation';
import type { EntityRow } from './rows';

interface Stored {
  readonly data: unknown;
  readonly scopes: readonly string[] | null;
  /** Read FOR UPDATE (or written by this batch, which takes the lock anyway). */
  readonly locked: boolean;
}

interface Want {
  readonly entity: SyncEntity;
  readonly id: string;
  readonly lock: boolean;
}

const keyOf = (entity: SyncEntity, id: string) => `${entity}\u0000${id}`;

export class RowStore {
  /** null: known not to exist. */
  private readonly rows = new Map<string, Stored | null>();

  /** The row, null when it does not exist, undefined when not read yet (or not read locked). */
  private lookup(want: Want): Stored | null | undefined {
    const found = this.rows.get(keyOf(want.entity, want.id));
    if (found === undefined) return undefined;
    if (found !== null && want.lock && !found.locked) return undefined;
    return found;
  }

  /** A mutation's effect, seen by the mutations after it in the batch. */
  write(rows: readonly EntityRow[]): void {
    for (const entry of rows)
      this.rows.set(keyOf(entry.entity, entry.id), { data: entry.data, scopes: entry.scopes, locked: true });
  }

  /** Reads what is missing: locked rows in one query (key order: no deadlock inside it), the rest in another. */
  async fetch(db: Queryable, wants: readonly Want[]): Promise<void> {
    const seen = new Set<string>();
    const locked: Want[] = [];
    const plain: Want[] = [];
    for (const want of wants) {
      const key = `${keyOf(want.entity, want.id)}\u0000${want.lock ? 1 : 0}`;
      if (seen.has(key) || this.lookup(want) !== undefined) continue;
      seen.add(key);
      (want.lock ? locked : plain).push(want);
    }
    const read = (list: Want[], lock: boolean) => {
      if (list.length === 0) return Promise.resolve([]);
      const entities = list.map((want) => want.entity);
      const ids = list.map((want) => want.id);
      return db.query(sql`
        SELECT e.entity, e.id, e.scopes, e.data
        FROM entities e JOIN unnest(${entities}::text[], ${ids}::text[]) AS k(entity, id)
          ON e.entity = k.entity AND e.id = k.id
        ORDER BY e.entity, e.id
        ${lock ? sql`FOR UPDATE OF e` : sql``}`);
    };
    const [lockedRows, plainRows] = await Promise.all([read(locked, true), read(plain, false)]);
    // Plain first: a row read both ways in one call ends up marked locked.
    for (const [list, found, lock] of [
      [plain, plainRows, false],
      [locked, lockedRows, true],
    ] as const) {
      for (const want of list) this.rows.set(keyOf(want.entity, want.id), null);
      for (const row of found) {
        const entity = toText(row.entity) as SyncEntity;
        this.rows.set(keyOf(entity, toText(row.id)), {
          data: toJson(row.data),
          scopes: toTextArrayOrNull(row.scopes),
          locked: lock,
        });
      }
    }
  }

  /**
   * The rows of `plan` as far as the store knows them, and what must be read before the rest can
   * be known (a reply's item is found through the reply, the interaction through the item…).
   */
  resolve(plan: LoadPlan): { rows: LoadedRows; missing: Want[] } {
    const rows: LoadedRows = { users: new Map() };
    const missing: Want[] = [];
    const get = <T>(entity: SyncEntity, id: string | null | undefined, lock: boolean): T | null | undefined => {
      if (id === null || id === undefined) return null;
      const found = this.lookup({ entity, id, lock });
      if (found === undefined) {
        missing.push({ entity, id, lock });
        return undefined;
      }
      return found === null ? null : (found.data as T);
    };
    const addUser = (id: string | null | undefined) => {
      const user = get<User>('user', id, false);
      if (user) rows.users.set(user.id, user);
    };
    const itemAndClient = (itemId: string | null) => {
      const item = get<Item>('item', itemId, true);
      if (item) {
        rows.item = item;
        const client = get<Client>('client', item.clientId, false);
        if (client) rows.client = client;
      }
      return item;
    };
    switch (plan.kind) {
      case 'item':
        itemAndClient(plan.itemId);
        addUser(plan.userId);
        break;
      case 'reply': {
        const reply = get<Reply>('reply', plan.replyId, true);
        if (reply === undefined) break;
        if (reply !== null) rows.reply = reply;
        const item = itemAndClient(reply?.itemId ?? plan.itemId);
        const savedReply = get<SavedReply>('saved_reply', plan.savedReplyId ?? reply?.savedReplyId, false);
        if (savedReply) rows.savedReply = savedReply;
        addUser(reply?.authorId);
        if (!item) break;
        const interaction = get<Interaction>('interaction', item.interactionId, false);
        if (!interaction) break;
        rows.interaction = interaction;
        const contact = get<Contact>('contact', interaction.contactId, false);
        if (contact) rows.contact = contact;
        break;
      }
      case 'contact': {
        const contact = get<Contact>('contact', plan.contactId, true);
        if (contact) {
          rows.contact = contact;
          rows.contactScopes = this.rows.get(keyOf('contact', plan.contactId))?.scopes ?? null;
        }
        const note = get<Note>('note', plan.noteId, false);
        if (note) {
          rows.note = note;
          rows.noteScopes = this.rows.get(keyOf('note', note.id))?.scopes ?? null;
        }
        break;
      }
    }
    return { rows, missing };
  }

  /** Reads, level by level, every row the plans need (a handful of queries for a whole batch). */
  async prefetch(db: Queryable, plans: readonly LoadPlan[]): Promise<void> {
    for (let level = 0; level < 8; level += 1) {
      const missing = plans.flatMap((plan) => this.resolve(plan).missing);
      if (missing.length === 0) return;
      await this.fetch(db, missing);
    }
  }

  /** One plan's rows, reading whatever an earlier mutation of the batch made necessary. */
  async load(db: Queryable, plan: LoadPlan): Promise<LoadedRows> {
    for (;;) {
      const { rows, missing } = this.resolve(plan);
      if (missing.length === 0) return rows;
      await this.fetch(db, missing);
    }
  }
}
