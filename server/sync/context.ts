/**
 * Reads the rows a mutation needs, in one query, locking the ones it may change (FOR UPDATE) so
 * two replicas acting on the same item take turns instead of losing an update.
 */
import type { Client, Contact, Interaction, Item, Note, Reply, SavedReply, User } from '../../shared/domain/entities';
import type { SyncEntity } from '../../shared/sync/protocol';
import type { Queryable } from '../db/db';
import { toJson, toText, toTextArrayOrNull } from '../db/db';
import { sql } from '../db/sql';
import type { LoadPlan } from './mutation';

export interface LoadedRows {
  item?: Item;
  reply?: Reply;
  client?: Client;
  interaction?: Interaction;
  savedReply?: SavedReply;
  contact?: Contact;
  contactScopes?: readonly string[] | null;
  note?: Note;
  noteScopes?: readonly string[] | null;
  users: Map<string, User>;
}

const COLUMNS = sql`entity, id, scopes, data`;

function queryFor(plan: LoadPlan) {
  switch (plan.kind) {
    case 'item':
      return sql`
        WITH i AS (SELECT ${COLUMNS} FROM entities WHERE entity = 'item' AND id = ${plan.itemId} FOR UPDATE)
        SELECT * FROM i
        UNION ALL SELECT e.entity, e.id, e.scopes, e.data FROM entities e, i
          WHERE e.entity = 'client' AND e.id = i.data->>'clientId'
        UNION ALL SELECT ${COLUMNS} FROM entities WHERE entity = 'user' AND id = ${plan.userId}`;
    case 'reply':
      return sql`
        WITH r AS (SELECT ${COLUMNS} FROM entities WHERE entity = 'reply' AND id = ${plan.replyId} FOR UPDATE),
        i AS (
          SELECT ${COLUMNS} FROM entities
          WHERE entity = 'item' AND id = COALESCE((SELECT data->>'itemId' FROM r), ${plan.itemId})
          FOR UPDATE
        ),
        x AS (
          SELECT e.entity, e.id, e.scopes, e.data FROM entities e, i
          WHERE e.entity = 'interaction' AND e.id = i.data->>'interactionId'
        )
        SELECT * FROM r
        UNION ALL SELECT * FROM i
        UNION ALL SELECT * FROM x
        UNION ALL SELECT e.entity, e.id, e.scopes, e.data FROM entities e, i
          WHERE e.entity = 'client' AND e.id = i.data->>'clientId'
        UNION ALL SELECT e.entity, e.id, e.scopes, e.data FROM entities e
          WHERE e.entity = 'saved_reply' AND e.id = COALESCE(${plan.savedReplyId}, (SELECT data->>'savedReplyId' FROM r))
        UNION ALL SELECT e.entity, e.id, e.scopes, e.data FROM entities e, x
          WHERE e.entity = 'contact' AND e.id = x.data->>'contactId'
        UNION ALL SELECT e.entity, e.id, e.scopes, e.data FROM entities e, r
          WHERE e.entity = 'user' AND e.id = r.data->>'authorId'`;
    case 'contact':
      return sql`
        WITH c AS (SELECT ${COLUMNS} FROM entities WHERE entity = 'contact' AND id = ${plan.contactId} FOR UPDATE)
        SELECT * FROM c
        UNION ALL SELECT ${COLUMNS} FROM entities WHERE entity = 'note' AND id = ${plan.noteId}`;
  }
}

/** Rows come from our own tables, written only from validated domain values. */
export async function loadRows(db: Queryable, plan: LoadPlan): Promise<LoadedRows> {
  const loaded: LoadedRows = { users: new Map() };
  for (const found of await db.query(queryFor(plan))) {
    const entity = toText(found.entity) as SyncEntity;
    const data = toJson(found.data);
    switch (entity) {
      case 'item':
        loaded.item = data as Item;
        break;
      case 'reply':
        loaded.reply = data as Reply;
        break;
      case 'client':
        loaded.client = data as Client;
        break;
      case 'interaction':
        loaded.interaction = data as Interaction;
        break;
      case 'saved_reply':
        loaded.savedReply = data as SavedReply;
        break;
      case 'contact':
        loaded.contact = data as Contact;
        loaded.contactScopes = toTextArrayOrNull(found.scopes);
        break;
      case 'note':
        loaded.note = data as Note;
        loaded.noteScopes = toTextArrayOrNull(found.scopes);
        break;
      case 'user':
        loaded.users.set(toText(found.id), data as User);
        break;
      default:
        break;
    }
  }
  return loaded;
}
