import type { Migration } from './types';

/**
 * An approver's edit of a reply (shared/domain/authorship.ts): whose words it replaced, those
 * words, and whether their author confirmed the approver's version — JSON as the server sends it;
 * NULL when no approver rewrote the reply. The moderator's diff view reads it offline.
 */
export const migration007ApproverEdits: Migration = {
  version: 7,
  name: 'approver edits',
  up(db) {
    db.execScript(`
      ALTER TABLE replies ADD COLUMN approver_edit TEXT CHECK (approver_edit IS NULL OR json_valid(approver_edit));
    `);
  },
};
