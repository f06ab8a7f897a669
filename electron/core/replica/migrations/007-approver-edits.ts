import type { Migration } from './types';

/**
 * An approver's edit of a reply (shared/domain/authorship.ts): whose words it replaced, those
 * words, and whether their author confirmed the approver's version — JSON as the server sends it;
 * NULL when no approver rewrote the reply. The moderator's diff view reads it offline.
 *
 * A saved reply's pre-approval (shared/domain/preApproval.ts): the visibility it was submitted for
 * and the client's signatures on its exact text, JSON; the composer's "needs approval?" and the
 * send rule check them offline instead of trusting `pre_approved`.
 */
export const migration007ApproverEdits: Migration = {
  version: 7,
  name: 'approver edits and saved-reply pre-approvals',
  up(db) {
    db.execScript(`
      ALTER TABLE replies ADD COLUMN approver_edit TEXT CHECK (approver_edit IS NULL OR json_valid(approver_edit));
      ALTER TABLE saved_replies ADD COLUMN pre_approval TEXT CHECK (pre_approval IS NULL OR json_valid(pre_approval));
    `);
  },
};
