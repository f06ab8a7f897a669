import type { ContractFailure, HandlersFor } from '../../../shared/contract';
import type { queueCalls } from '../../../shared/contract/queue';
import { contactCard } from '../replica/contacts';
import { queueCounts } from '../replica/counts';
import type { ReadableDb } from '../replica/db';
import { itemDetail } from '../replica/items';
import { queuePage } from '../replica/queue';
import { savedRepliesForClient } from '../replica/savedReplies';

/** The queue's part of the core's handler map (electron/core/api/dispatch.ts `mergeHandlers`). */
export type QueueHandlers = HandlersFor<typeof queueCalls>;

/**
 * The queue's calls, answered from the local replica. A missing item or contact throws
 * `ReplicaError('not_found')`; a cursor from another sort throws `ReplicaError('invalid_args')`.
 */
export function createQueueHandlers(db: ReadableDb): QueueHandlers {
  return {
    'queue:list': async (args) => queuePage(db, args),
    'queue:open': async (args) => {
      const page = queuePage(db, args);
      const first = page.rows[0];
      // Read in the same turn of this thread, which is also the replica's only deleting writer:
      // the first row's detail and contact are there.
      return {
        page,
        detail: first ? itemDetail(db, first.itemId) : null,
        contact: first ? contactCard(db, first.authorId) : null,
      };
    },
    'queue:counts': async (args) => queueCounts(db, args),
    'item:get': async (args) => itemDetail(db, args.itemId),
    'contact:get': async (args) => contactCard(db, args.contactId),
    'savedReplies:list': async (args) => ({ savedReplies: savedRepliesForClient(db, args.clientId) }),
  };
}

/** When the replica cannot be opened (a newer app wrote it), every queue call says why. */
export function refusingQueueHandlers(problem: ContractFailure): QueueHandlers {
  const refuse = () => {
    throw problem;
  };
  return {
    'queue:list': refuse,
    'queue:open': refuse,
    'queue:counts': refuse,
    'item:get': refuse,
    'contact:get': refuse,
    'savedReplies:list': refuse,
  };
}
