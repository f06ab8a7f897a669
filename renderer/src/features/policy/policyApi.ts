import type { CallArgs, CallResult, PolicyView, SavedReplyEntry } from '../../../../shared/contract';
import type { SavedReply } from '../../../../shared/domain/entities';
import { contractApi } from '../../app/contractApi';
import { queueApi } from '../queue/queueApi';

const withoutVersion = ({ version: _version, ...saved }: SavedReplyEntry): SavedReply => saved;

/**
 * The policy editor's calls (online: the core forwards them to the team server). A save updates
 * the cached answers at once — the editor's and the composer's view of the client's policy and
 * saved replies — while the replica catches up by its next pull.
 */
export const policyApi = contractApi.injectEndpoints({
  endpoints: (build) => ({
    policyClients: build.query<CallResult<'policy:clients'>, void>({
      query: () => ({ name: 'policy:clients', args: {} }),
    }),
    policy: build.query<PolicyView, string>({
      query: (clientId) => ({ name: 'policy:get', args: { clientId } }),
    }),
    savePolicy: build.mutation<PolicyView, CallArgs<'policy:save'>>({
      query: (args) => ({ name: 'policy:save', args }),
      async onQueryStarted(args, { dispatch, queryFulfilled }) {
        const saved = await queryFulfilled.catch(() => null);
        if (saved === null) return;
        dispatch(policyApi.util.upsertQueryData('policy', args.clientId, saved.data));
        dispatch(
          queueApi.util.updateQueryData('clientPolicy', args.clientId, (client) => {
            Object.assign(client, saved.data.policy);
          }),
        );
      },
    }),
    saveSavedReply: build.mutation<CallResult<'savedReply:save'>, CallArgs<'savedReply:save'>>({
      query: (args) => ({ name: 'savedReply:save', args }),
      async onQueryStarted(args, { dispatch, queryFulfilled }) {
        const saved = await queryFulfilled.catch(() => null);
        if (saved === null) return;
        const entry = saved.data.savedReply;
        const upsert = <T extends { id: string }>(list: T[], value: T) => {
          const at = list.findIndex((other) => other.id === value.id);
          if (at >= 0) list[at] = value;
          else list.push(value);
        };
        dispatch(policyApi.util.updateQueryData('policy', args.clientId, (view) => upsert(view.savedReplies, entry)));
        dispatch(
          queueApi.util.updateQueryData('savedReplies', args.clientId, (cached) =>
            upsert(cached.savedReplies, withoutVersion(entry)),
          ),
        );
      },
    }),
    deleteSavedReply: build.mutation<CallResult<'savedReply:delete'>, CallArgs<'savedReply:delete'>>({
      query: (args) => ({ name: 'savedReply:delete', args }),
      async onQueryStarted(args, { dispatch, queryFulfilled }) {
        const done = await queryFulfilled.catch(() => null);
        if (done === null) return;
        const keep = <T extends { id: string }>(list: T[]) => list.filter((entry) => entry.id !== args.savedReplyId);
        dispatch(
          policyApi.util.updateQueryData('policy', args.clientId, (view) => {
            view.savedReplies = keep(view.savedReplies);
          }),
        );
        dispatch(
          queueApi.util.updateQueryData('savedReplies', args.clientId, (cached) => {
            cached.savedReplies = keep(cached.savedReplies);
          }),
        );
      },
    }),
  }),
});

export const {
  usePolicyClientsQuery,
  usePolicyQuery,
  useSavePolicyMutation,
  useSaveSavedReplyMutation,
  useDeleteSavedReplyMutation,
} = policyApi;
