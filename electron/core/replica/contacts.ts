import type { ContactCard, ContactHistoryEntry } from '../../../shared/contract/queue';
import type { ReadableDb } from './db';
import { readContact } from './entities';
import { ReplicaError } from './errors';
import { sql } from './sql';
import { excerpt } from './text';

/** The contact card: who they are, what the team noted, what they said where (newest first). */

export const HISTORY_LIMIT = 50;
const NOTES_LIMIT = 20;

export function contactCard(db: ReadableDb, contactId: string, options: { historyLimit?: number } = {}): ContactCard {
  const found = readContact(db, { id: contactId });
  if (!found) throw new ReplicaError('not_found', `Contact ${contactId} is not in the local replica.`);
  const { pk, ...contact } = found;
  const limit = options.historyLimit ?? HISTORY_LIMIT;
  const notes = db.all<ContactCard['notes'][number]>(sql`SELECT n.id, u.id AS authorId, u.name AS authorName, n.text,
      n.created_at AS createdAt
    FROM notes n JOIN users u ON u.pk = n.author_pk
    WHERE n.contact_pk = ${pk} ORDER BY n.created_at DESC, n.pk DESC LIMIT ${NOTES_LIMIT}`);
  const history = db.all<ContactHistoryEntry>(sql`SELECT x.id AS interactionId, i.id AS itemId, i.status AS itemStatus,
      x.kind, ch.platform, cl.id AS clientId, cl.name AS clientName, ch.id AS channelId, ch.name AS channelName,
      substr(x.text, 1, 160) AS excerpt, x.sentiment, x.created_at AS createdAt
    FROM interactions x
    JOIN channels ch ON ch.pk = x.channel_pk
    JOIN clients cl ON cl.pk = x.client_pk
    LEFT JOIN items i ON i.interaction_pk = x.pk
    WHERE x.contact_pk = ${pk}
    ORDER BY x.created_at DESC, x.pk DESC LIMIT ${limit + 1}`);
  return {
    contact,
    notes,
    history: history.slice(0, limit).map((entry) => ({ ...entry, excerpt: excerpt(entry.excerpt) })),
    hasMoreHistory: history.length > limit,
  };
}
