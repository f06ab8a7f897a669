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
} from './entities';

/**
 * Many entities of a workspace at once, as the demo generator makes them, the replica ingests
 * them and the server seeds them. Writers take parents before children (clients before channels
 * before threads …).
 */
export interface EntityBatch {
  workspace?: Workspace;
  users?: readonly User[];
  clients?: readonly Client[];
  channels?: readonly Channel[];
  savedReplies?: readonly SavedReply[];
  contacts?: readonly Contact[];
  threads?: readonly Thread[];
  interactions?: readonly Interaction[];
  items?: readonly Item[];
  replies?: readonly Reply[];
  notes?: readonly Note[];
}
