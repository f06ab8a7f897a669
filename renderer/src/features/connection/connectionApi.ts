import type { CallArgs, CallResult, ContractClient } from '../../../../shared/contract';
import { contractApi } from '../../app/contractApi';
import type { AppStore } from '../../app/store';

/** How many refused changes the list shows at first and adds with each "show more". */
export const REFUSED_LIST_PAGE = 100;

/** Sign-in state, refused changes and presence, over the contract (the token never comes here). */
export const connectionApi = contractApi.injectEndpoints({
  endpoints: (build) => ({
    connection: build.query<CallResult<'connection:get'>, void>({
      query: () => ({ name: 'connection:get', args: {} }),
      providesTags: ['Connection'],
    }),
    signIn: build.mutation<CallResult<'connection:signIn'>, CallArgs<'connection:signIn'>>({
      query: (args) => ({ name: 'connection:signIn', args }),
      invalidatesTags: ['Connection'],
    }),
    signOut: build.mutation<CallResult<'connection:signOut'>, void>({
      query: () => ({ name: 'connection:signOut', args: {} }),
      invalidatesTags: ['Connection'],
    }),
    /** Newest first, REFUSED_LIST_PAGE at a time: the page param is the oldest id shown so far. */
    refusedChanges: build.infiniteQuery<CallResult<'sync:refused'>, void, number | null>({
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (lastPage) =>
          lastPage.changes.length < REFUSED_LIST_PAGE ? undefined : (lastPage.changes.at(-1)?.id ?? undefined),
      },
      query: ({ pageParam }) => ({
        name: 'sync:refused',
        args: pageParam === null ? { limit: REFUSED_LIST_PAGE } : { before: pageParam, limit: REFUSED_LIST_PAGE },
      }),
      providesTags: ['Refused'],
    }),
    dismissRefused: build.mutation<CallResult<'sync:dismiss'>, number[]>({
      query: (ids) => ({ name: 'sync:dismiss', args: { ids } }),
      invalidatesTags: ['Refused'],
    }),
    retrySync: build.mutation<CallResult<'sync:retry'>, void>({
      query: () => ({ name: 'sync:retry', args: {} }),
    }),
    setPresence: build.mutation<CallResult<'presence:set'>, CallArgs<'presence:set'>>({
      query: (args) => ({ name: 'presence:set', args }),
    }),
    presence: build.query<CallResult<'presence:get'>, void>({
      query: () => ({ name: 'presence:get', args: {} }),
    }),
  }),
});

export const {
  useConnectionQuery,
  useSignInMutation,
  useSignOutMutation,
  useRefusedChangesInfiniteQuery,
  useDismissRefusedMutation,
  useRetrySyncMutation,
  usePresenceQuery,
  useSetPresenceMutation,
} = connectionApi;

/**
 * Keeps the connection, the refused list and presence current from the core's events: a sign-in
 * or out anywhere (another window, an expired session) shows the right screen here.
 */
export function followConnection(client: ContractClient, store: AppStore): () => void {
  let lastRefused = -1;
  const stops = [
    client.on('connection:changed', (connection) => {
      const known = connectionApi.endpoints.connection.select()(store.getState()).data;
      const sameUser = known !== undefined && known.mode === connection.mode && known.user?.id === connection.user?.id;
      if (sameUser && connection.user !== null) {
        // The session resumed (or the account's row arrived): nothing on screen belongs to anyone else.
        store.dispatch(connectionApi.util.invalidateTags(['Connection']));
        return;
      }
      // Signed in, out, or as someone else: forget every answer; mounted queries ask again.
      store.dispatch(contractApi.util.resetApiState());
    }),
    client.on('sync:status', (status) => {
      if (status.refused === lastRefused) return;
      lastRefused = status.refused;
      store.dispatch(connectionApi.util.invalidateTags(['Refused']));
    }),
    client.on('presence:changed', (presence) =>
      store.dispatch(connectionApi.util.upsertQueryData('presence', undefined, presence)),
    ),
  ];
  return () => stops.forEach((stop) => stop());
}
