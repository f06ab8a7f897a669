/**
 * Push / pull / poke messages between a desktop and the team server (docs/sync.md). Pure schemas:
 * the server validates every request with them, the desktop every answer.
 */
import { z } from 'zod';
import { id, replicaId } from '../domain/entities';
import { syncEntities, type SyncEntity } from '../entities/registry';
import { mutation } from './mutations';

export const SYNC_PROTOCOL_VERSION = 1;

export const MAX_PUSH_BATCH = 500;

export const pushRequest = z.object({
  protocol: z.literal(SYNC_PROTOCOL_VERSION),
  clientId: replicaId,
  mutations: z.array(mutation).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof pushRequest>;

export const pushResponse = z.object({
  /** The highest mutation id of this client the server has applied or refused. */
  lastMutationId: z.number().int().nonnegative(),
  /** Set when the batch stopped at a gap: the client must resend from lastMutationId + 1. */
  gapAt: z.number().int().positive().nullable(),
  /**
   * Set when a resent id's name and arguments differ from what the server applied under it: the
   * replica handed the id out again (it lost its last writes). Nothing of the batch was applied;
   * the client numbers its mutations from this one again above lastMutationId and resends them.
   * Absent from servers that do not compare resends.
   */
  reusedAt: z.number().int().positive().nullable().optional(),
});
export type PushResponse = z.infer<typeof pushResponse>;

/** The synced entities' names, from the entity registry (shared/entities/registry.ts), in rank order. */
export { syncEntities };
export type { SyncEntity };
export const syncEntity = z.enum(syncEntities);

export const change = z.object({
  cursor: z.number().int().positive(),
  entity: syncEntity,
  id,
  op: z.enum(['upsert', 'delete']),
  /** The row as the entity's schema in shared/domain describes it; null for deletes. */
  data: z.unknown(),
});
export type Change = z.infer<typeof change>;

export const refusal = z.object({
  id: z.number().int().positive(),
  code: z.string().min(1),
  message: z.string(),
});
export type Refusal = z.infer<typeof refusal>;

export const pullRequest = z.object({
  clientId: replicaId,
  cursor: z.number().int().nonnegative(),
  limit: z.number().int().positive().max(5000).default(1000),
});

export const pullResponse = z.object({
  changes: z.array(change),
  /** Where the next pull starts. */
  cursor: z.number().int().nonnegative(),
  /** True when more changes wait beyond this page. */
  more: z.boolean(),
  lastMutationId: z.number().int().nonnegative(),
  /** Mutations of this client the server refused since the client's last pull. */
  refused: z.array(refusal),
});
export type PullResponse = z.infer<typeof pullResponse>;

/** Sent over the WebSocket: pull now. Carries no data, by design. */
export const poke = z.object({ type: z.literal('poke') });
