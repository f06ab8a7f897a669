import type { SavedReply } from '../../../shared/domain/entities';
import { savedReplyPreApproval } from '../../../shared/domain/entities';
import type { ReadableDb } from './db';
import { sql } from './sql';

/** A client's saved replies by name (an unknown client has none), with their pre-approval signatures. */
export function savedRepliesForClient(db: ReadableDb, clientId: string): SavedReply[] {
  return db
    .all<Omit<SavedReply, 'preApproved' | 'preApproval'> & { preApproved: number; preApproval: string | null }>(
      sql`SELECT s.id, c.id AS clientId, s.name,
        s.text, s.lang, s.pre_approved AS preApproved, s.pre_approval AS preApproval
      FROM saved_replies s JOIN clients c ON c.pk = s.client_pk
      WHERE s.client_pk = (SELECT pk FROM clients WHERE id = ${clientId})
      ORDER BY s.name, s.pk`,
    )
    .map((row) => ({
      ...row,
      preApproved: row.preApproved === 1,
      preApproval: row.preApproval === null ? null : savedReplyPreApproval.parse(JSON.parse(row.preApproval)),
    }));
}
