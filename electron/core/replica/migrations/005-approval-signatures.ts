import type { Migration } from './types';

/**
 * The e-signature of a decision (printed name, time, meaning, language, text hash, method) as
 * the server sends it, JSON; NULL for decisions recorded before signatures existed. The desktop
 * shows it wherever it shows the decision.
 */
export const migration005ApprovalSignatures: Migration = {
  version: 5,
  name: 'approval signatures',
  up(db) {
    db.execScript(`
      ALTER TABLE approvals ADD COLUMN signature TEXT CHECK (signature IS NULL OR json_valid(signature));
    `);
  },
};
