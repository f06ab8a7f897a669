/** The local replica's public surface (see README.md). */
export { openReplica, type OpenedReplica, type OpenReplicaOptions, type Replica } from './open';
export { ReplicaError, type ReplicaErrorCode, type ReplicaLog, type ReplicaRecovery } from './errors';
export type { ReadableDb, ReplicaChange, WritableDb } from './db';
export { sql, SqlFragment, type SqlValue } from './sql';
export { queuePage, SCAN_BUDGET, type QueueLimits } from './queue';
export { queueCounts } from './counts';
export { applyLocalItemChange, itemDetail, type ItemChange } from './items';
export { contactCard } from './contacts';
export { savedRepliesForClient } from './savedReplies';
export { drainSearchIndex, searchCandidates, toFtsQuery, SEARCH_CANDIDATES } from './search';
export { ingest, ingestBatch, type IngestOptions, type IngestProgress, type ReplicaBatch } from './ingest';
export { enqueueMutation, pendingCount, pendingMutations, type MutationRequest, type PendingMutation } from './outbox';
export { readSyncMeta, recordPull, type SyncMeta } from './syncMeta';
export { seedDemo } from './seedDemo';
