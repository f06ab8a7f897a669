import type { z } from 'zod';
import type { queueCalls } from '../../../shared/contract/queue';
import { contactCard } from '../replica/contacts';
import { queueCounts } from '../replica/counts';
import type { ReadableDb } from '../replica/db';
import { itemDetail } from '../replica/items';
import { queuePage } from '../replica/queue';
import { savedRepliesForClient } from '../replica/savedReplies';

type QueueCalls = typeof queueCalls;
type QueueCallName = keyof QueueCalls;

/** One handler per queue call: parsed arguments in, the result value out (contract errors thrown). */
export type QueueHandlers = {
  [N in QueueCallName]: (args: z.output<QueueCalls[N]['args']>) => Promise<z.output<QueueCalls[N]['result']>>;
};

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
