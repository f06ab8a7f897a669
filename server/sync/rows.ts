/**
 * Entity rows as the server stores and logs them: the domain value plus the scopes that decide who
 * receives it, and the order a replica must write them in (parents first).
 */
import type {
  Channel,
  Client,
  Contact,
  Interaction,
  Item,
  Note,
  Reply,
  SavedReply,
  Thread,
  User,
  Workspace,
} from '../../shared/domain/entities';
import type { SyncEntity } from '../../shared/sync/protocol';

export interface EntityTypes {
  workspace: Workspace;
  client: Client;
  user: User;
  channel: Channel;
  saved_reply: SavedReply;
  contact: Contact;
  thread: Thread;
  interaction: Interaction;
  item: Item;
  reply: Reply;
  note: Note;
}

export interface EntityRow<E extends SyncEntity = SyncEntity> {
  readonly entity: E;
  readonly id: string;
  /** Clients (brands) whose users may receive the row; null: the whole workspace. */
  readonly scopes: readonly string[] | null;
  readonly data: EntityTypes[E];
}

/** Snapshot order: a row never comes before the rows it references (the replica checks). */
export const entityRank: Readonly<Record<SyncEntity, number>> = {
  workspace: 0,
  client: 1,
  user: 2,
  channel: 3,
  saved_reply: 4,
  contact: 5,
  thread: 6,
  interaction: 7,
  item: 8,
  reply: 9,
  note: 10,
};

/** Inside a rank: interactions by time, so a reply to a comment follows the comment. */
export function sortKeyOf(entity: SyncEntity, data: unknown): number {
  if (entity === 'contact') return (data as Contact).firstSeenAt;
  const createdAt = (data as { createdAt?: unknown }).createdAt;
  return typeof createdAt === 'number' ? createdAt : 0;
}

export function row<E extends SyncEntity>(
  entity: E,
  data: EntityTypes[E],
  scopes: readonly string[] | null,
): EntityRow<E> {
  return { entity, id: data.id, scopes, data };
}

/** Users are seen where they work; one without a client list works everywhere. */
export function userScopes(user: Pick<User, 'clientIds'>): readonly string[] | null {
  return user.clientIds === null ? null : [...user.clientIds];
}

export function unionScopes(a: readonly string[] | null, b: readonly string[]): string[] {
  return [...new Set([...(a ?? []), ...b])].sort();
}
