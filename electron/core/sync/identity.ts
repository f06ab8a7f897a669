/**
 * A replica holds the rows of one account on one server (docs/sync.md: a replica mirrors what its
 * user may see). At start, before any sync, the core checks the replica against the session it
 * is about to resume; a replica of another account, or one holding rows that never came from a
 * snapshot (the replica-only mode, a server restored from a backup), is set aside — renamed, never
 * deleted — and a new one is made and filled from the server. The same account's outbox (its
 * client id, mutation counter and pending mutations) moves into the new replica, so nothing made
 * offline is lost or sent twice.
 */
import { existsSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import type { Logger } from '../log';
import type { Replica } from '../replica/open';
import { sql } from '../replica/sql';

export interface ReplicaIdentity {
  /** The team server's address, or 'solo' for the desktop's own solo server. */
  serverUrl: string;
  userId: string;
}

interface Meta {
  clientId: string;
  lastMutationId: number;
  snapshotDone: number;
  serverUrl: string | null;
  userId: string | null;
}

interface PendingRow {
  mutationId: number;
  name: string;
  args: string;
  createdAt: number;
  status: string;
  refusedCode: string | null;
  refusedMessage: string | null;
}

export type SetAsideReason = 'other_account' | 'not_from_server';

/** Why this replica cannot serve `identity` as it is; null when it can. */
export function replicaMismatch(replica: Replica, identity: ReplicaIdentity | null): SetAsideReason | null {
  const meta = readMeta(replica);
  if (
    identity !== null &&
    meta.userId !== null &&
    (meta.userId !== identity.userId || meta.serverUrl !== identity.serverUrl)
  )
    return 'other_account';
  const hasRows = replica.reader.get(sql`SELECT 1 AS x FROM clients LIMIT 1`) !== undefined;
  return hasRows && meta.snapshotDone === 0 ? 'not_from_server' : null;
}

export async function ensureReplicaFor(options: {
  replica: Replica;
  file: string;
  identity: ReplicaIdentity | null;
  reopen: () => Promise<Replica>;
  log: Logger;
  now: () => number;
}): Promise<Replica> {
  const { replica, file, log } = options;
  const reason = replicaMismatch(replica, options.identity);
  if (reason === null) return replica;
  const meta = readMeta(replica);
  // Another account's outbox stays with its replica (set aside); this account's moves along.
  const carried =
    reason === 'other_account'
      ? null
      : replica.reader.all<PendingRow>(sql`SELECT mutation_id AS mutationId, name, args, created_at AS createdAt,
          status, refused_code AS refusedCode, refused_message AS refusedMessage
        FROM pending_mutations WHERE client_id = ${meta.clientId} ORDER BY mutation_id`);
  await replica.close();
  const aside = `${file}.${reason === 'other_account' ? 'other-account' : 'replaced'}-${options.now()}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  log.warn('replica.set_aside', { reason, keptAs: basename(aside), pending: carried?.length ?? 0 });
  const fresh = await options.reopen();
  if (carried !== null) {
    const { writer } = fresh;
    writer.transaction(() => {
      writer.run(sql`UPDATE sync_meta SET client_id = ${meta.clientId}, last_mutation_id = ${meta.lastMutationId},
          server_url = ${meta.serverUrl}, user_id = ${meta.userId}
        WHERE singleton = 1`);
      for (const row of carried) {
        writer.run(sql`INSERT INTO pending_mutations (client_id, mutation_id, name, args, created_at, status,
            refused_code, refused_message)
          VALUES (${meta.clientId}, ${row.mutationId}, ${row.name}, ${row.args}, ${row.createdAt}, ${row.status},
            ${row.refusedCode}, ${row.refusedMessage})`);
      }
    });
  }
  return fresh;
}

function readMeta(replica: Replica): Meta {
  const meta = replica.reader.get<Meta>(sql`SELECT client_id AS clientId, last_mutation_id AS lastMutationId,
      snapshot_done AS snapshotDone, server_url AS serverUrl, user_id AS userId
    FROM sync_meta WHERE singleton = 1`);
  if (!meta) throw new Error('replica: sync_meta is missing');
  return meta;
}
