/**
 * The team server (Fastify + PostgreSQL, PGlite embedded by default): the authority that applies
 * mutations, enforces roles and client scope, keeps the change log and pokes replicas. Imports
 * only shared/ and npm/node packages. Start it with `createServer(loadConfig(), deps)`.
 */
export { SYNC_PROTOCOL_VERSION } from '../shared/sync/protocol';
export { createServer } from './app';
export type { ModeratorServer, ServerDeps } from './app';
export { ConfigError, loadConfig } from './config';
export type { ServerConfig } from './config';
export { DEMO_PASSWORD } from './seed/demo';
