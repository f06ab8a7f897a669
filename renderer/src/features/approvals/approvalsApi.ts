import type { CallArgs, CallResult } from '../../../../shared/contract';
import { contractApi } from '../../app/contractApi';

/** An approver's e-signed decision (online: the core forwards it to the team server). */
export const approvalsApi = contractApi.injectEndpoints({
  endpoints: (build) => ({
    decideApproval: build.mutation<CallResult<'approval:decide'>, CallArgs<'approval:decide'>>({
      query: (args) => ({ name: 'approval:decide', args }),
      invalidatesTags: (_result, _error, args) => [{ type: 'Item' as const, id: args.replyId }, 'Queue'],
    }),
    /** The moderator's confirmation (or decline) of an approver's rewrite of their reply. */
    reviewEdit: build.mutation<CallResult<'reply:reviewEdit'>, CallArgs<'reply:reviewEdit'>>({
      query: (args) => ({ name: 'reply:reviewEdit', args }),
      invalidatesTags: (result) => (result ? [{ type: 'Item' as const, id: result.item.id }, 'Queue'] : []),
    }),
  }),
});

export const { useDecideApprovalMutation, useReviewEditMutation } = approvalsApi;
