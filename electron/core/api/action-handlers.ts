import type { ContractFailure, HandlersFor } from '../../../shared/contract';
import type { actionCalls } from '../../../shared/contract/actions';
import type { User } from '../../../shared/domain';
import type { createItemActions } from './item-actions';
import type { createReplyActions } from './replies';

/** The actions' part of the core's handler map (./dispatch.ts `mergeHandlers`). */
export type ActionHandlers = HandlersFor<typeof actionCalls>;

type ItemActions = ReturnType<typeof createItemActions>;
type ReplyActions = ReturnType<typeof createReplyActions>;

/**
 * The moderator's actions on the local replica (./item-actions.ts, ./replies.ts). Every local
 * change tells `changed`, so the sync pushes it.
 */
export function createActionHandlers(deps: {
  actions: Pick<ItemActions, 'act' | 'actMany' | 'client' | 'assignableUsers'>;
  replies: Pick<ReplyActions, 'saveDraft' | 'send' | 'reviewEdit' | 'addNote'>;
  actor: () => User | null;
  changed: () => void;
}): ActionHandlers {
  const { actions, replies, actor } = deps;
  const thenSync = <T>(result: T): T => {
    deps.changed();
    return result;
  };
  return {
    'items:act': async ({ itemIds, action }) => thenSync(await actions.actMany(itemIds, action)),
    'reply:saveDraft': (draft) => thenSync({ reply: replies.saveDraft(draft) }),
    'reply:send': ({ replyId, seenUpTo }) => thenSync(replies.send(replyId, seenUpTo ?? null)),
    'reply:reviewEdit': (request) => thenSync(replies.reviewEdit(request)),
    'note:add': (note) => thenSync(replies.addNote(note)),
    'session:get': () => ({ user: actor() }),
    'client:get': ({ clientId }) => actions.client(clientId),
    'users:list': ({ clientId }) => ({ users: actions.assignableUsers(clientId) }),
  };
}

/** When the replica cannot be opened (a newer app wrote it), every action says why. */
export function refusingActionHandlers(problem: ContractFailure): ActionHandlers {
  const refuse = () => {
    throw problem;
  };
  return {
    'items:act': refuse,
    'reply:saveDraft': refuse,
    'reply:send': refuse,
    'reply:reviewEdit': refuse,
    'note:add': refuse,
    'session:get': () => ({ user: null }),
    'client:get': refuse,
    'users:list': refuse,
  };
}
