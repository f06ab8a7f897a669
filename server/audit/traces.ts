/**
 * What the rest of the database says about the audit trail: which chains must exist. A chain is
 * listed by its head (`audit_heads`); someone who deletes a whole chain together with its head
 * (switching the guards of migration 002 off) leaves no head to list — but the changes the chain
 * recorded are still in the change log and the outbox, written in the same transactions as the
 * events (server/sync/push.ts, server/approvals/decide.ts, server/outbox, server/policy):
 *
 * - a commit made by someone (`commits.user_id`: a user, or `system` for dispatches) that was not
 *   refused, changing an item, reply, client or saved reply: the chain of each client in the
 *   change's scopes; changing a note or a contact: the workspace chain;
 * - an outbox row (a reply handed to the sender, by an audited `reply.send`): its client's chain;
 * - an event stored in a chain, whatever its head says.
 *
 * Seeded and ingested rows (commits with no user) leave no trace: they are not audited.
 */
import type { Queryable } from '../db/db';
import { toText } from '../db/db';
import { sql } from '../db/sql';
import { chainKey } from './store';

const CLIENT_ENTITIES = ['item', 'reply', 'client', 'saved_reply'];
const WORKSPACE_ENTITIES = ['note', 'contact'];

/** Every chain that exists or must exist, by client id (null: the workspace), in chain order. */
export async function expectedChains(db: Queryable): Promise<(string | null)[]> {
  const rows = await db.query(sql`
    SELECT chain FROM audit_heads
    UNION SELECT DISTINCT chain FROM audit_events
    UNION SELECT DISTINCT client_id FROM outbox
    UNION SELECT DISTINCT CASE WHEN ch.entity = ANY(${WORKSPACE_ENTITIES}::text[]) THEN '' ELSE s.scope END
      FROM commits c
      JOIN changes ch ON ch.commit_seq = c.seq
      LEFT JOIN LATERAL unnest(ch.scopes) AS s (scope) ON ch.entity = ANY(${CLIENT_ENTITIES}::text[])
      WHERE c.user_id IS NOT NULL AND c.refused_code IS NULL
        AND (ch.entity = ANY(${WORKSPACE_ENTITIES}::text[]) OR s.scope IS NOT NULL)
    ORDER BY 1`);
  return rows.map((row) => {
    const chain = toText(row.chain);
    return chain === '' ? null : chain;
  });
}

/** Whether anything outside the chain of `clientId` shows that it once held events. */
export async function chainHasTraces(db: Queryable, clientId: string | null): Promise<boolean> {
  const chain = chainKey(clientId);
  const scoped =
    clientId === null
      ? sql`ch.entity = ANY(${WORKSPACE_ENTITIES}::text[])`
      : sql`ch.entity = ANY(${CLIENT_ENTITIES}::text[]) AND ${chain} = ANY(ch.scopes)`;
  const [found] = await db.query(sql`
    SELECT EXISTS (SELECT 1 FROM audit_events WHERE chain = ${chain})
      OR EXISTS (SELECT 1 FROM outbox WHERE client_id = ${chain})
      OR EXISTS (
        SELECT 1 FROM commits c JOIN changes ch ON ch.commit_seq = c.seq
        WHERE c.user_id IS NOT NULL AND c.refused_code IS NULL AND ${scoped}
      ) AS traces`);
  return found?.traces === true;
}
