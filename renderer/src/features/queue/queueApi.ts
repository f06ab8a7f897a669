import type {
  ContactCard,
  ItemActionRequest,
  ReplyDraftRequest,
  ItemDetail,
  QueueCounts,
  QueueFilters,
  QueueOpen,
  QueuePage,
  QueueSort,
  QueueView,
} from '../../../../shared/contract';
import type { Client, Item, Reply, SavedReply, User } from '../../../../shared/domain/entities';
import { contractApi } from '../../app/contractApi';
import type { QueueUiState } from './slice';

export interface QueueQuery {
  view: QueueView;
  userId: string | undefined;
  filters: QueueFilters;
  sort: QueueSort;
}

export const PAGE_SIZE = 60;

/** The store's state as far as reading this API's cache goes. */
type QueueApiState = Parameters<ReturnType<typeof queueApi.endpoints.queuePage.select>>[0];

/** The list query for the queue's view, filters and search (also used to fetch it ahead at start). */
export function queueQueryOf(
  ui: Pick<QueueUiState, 'view' | 'clientId' | 'channelId' | 'search' | 'sort'>,
  userId: string | undefined,
): QueueQuery {
  const search = ui.search.trim();
  return {
    view: ui.view,
    userId,
    filters: {
      ...(ui.clientId ? { clientId: ui.clientId } : {}),
      ...(ui.channelId ? { channelId: ui.channelId } : {}),
      ...(search ? { search } : {}),
    },
    // Finished work has no priority order (the replica indexes priority for open work only).
    sort: (ui.view === 'done' || ui.view === 'all') && !search ? 'newest' : ui.sort,
  };
}

/**
 * The queue's reads and writes through the contract. The list is an infinite query over the
 * replica's keyset cursor; everything is refetched when the core reports a replica change.
 */
export const queueApi = contractApi.injectEndpoints({
  endpoints: (build) => ({
    queuePage: build.infiniteQuery<QueuePage, QueueQuery, string | null>({
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (lastPage) => lastPage.nextCursor,
      },
      // A view opened fresh (no page of it cached: the start, a new filter or search) asks for its
      // first page with the first row's detail and contact card, which the queue then selects;
      // refetches and further pages ask for rows only.
      queryFn: async ({ queryArg, pageParam }, api, _extra, baseQuery) => {
        const args = { ...queryArg, after: pageParam, limit: PAGE_SIZE };
        const cached = queueApi.endpoints.queuePage.select(queryArg)(api.getState() as QueueApiState).data;
        if (pageParam !== null || cached) {
          const page = await baseQuery({ name: 'queue:list', args });
          return page.error ? { error: page.error } : { data: page.data as QueuePage };
        }
        const opened = await baseQuery({ name: 'queue:open', args });
        if (opened.error) return { error: opened.error };
        const { page, detail, contact } = opened.data as QueueOpen;
        const { upsertQueryData } = queueApi.util;
        if (detail) void api.dispatch(upsertQueryData('itemDetail', detail.item.id, detail));
        if (contact) void api.dispatch(upsertQueryData('contactCard', contact.contact.id, contact));
        return { data: page };
      },
      providesTags: ['Queue'],
    }),
    queueCounts: build.query<QueueCounts, string | undefined>({
      query: (userId) => ({ name: 'queue:counts', args: userId ? { userId } : {} }),
      providesTags: ['Queue'],
    }),
    itemDetail: build.query<ItemDetail, string>({
      query: (itemId) => ({ name: 'item:get', args: { itemId } }),
      providesTags: (_result, _error, itemId) => [{ type: 'Item', id: itemId }],
    }),
    contactCard: build.query<ContactCard, string>({
      query: (contactId) => ({ name: 'contact:get', args: { contactId } }),
      providesTags: (_result, _error, contactId) => [{ type: 'Contact', id: contactId }],
    }),
    savedReplies: build.query<{ savedReplies: SavedReply[] }, string>({
      query: (clientId) => ({ name: 'savedReplies:list', args: { clientId } }),
      providesTags: ['SavedReplies'],
    }),
    clientPolicy: build.query<Client, string>({
      query: (clientId) => ({ name: 'client:get', args: { clientId } }),
      // Refetched with the saved replies when a replica reset says a policy changed.
      providesTags: ['SavedReplies'],
    }),
    assignableUsers: build.query<{ users: User[] }, string>({
      query: (clientId) => ({ name: 'users:list', args: { clientId } }),
    }),
    session: build.query<{ user: User | null }, void>({
      query: () => ({ name: 'session:get', args: {} }),
    }),
    saveDraft: build.mutation<{ reply: Reply }, ReplyDraftRequest>({
      query: (args) => ({ name: 'reply:saveDraft', args }),
      invalidatesTags: (_result, _error, args) => [{ type: 'Item', id: args.itemId }],
    }),
    sendReply: build.mutation<
      { reply: Reply; item: Item; submittedForApproval: boolean },
      { replyId: string; seenUpTo?: number | null }
    >({
      query: (args) => ({ name: 'reply:send', args }),
    }),
    addNote: build.mutation<{ noteId: string }, { noteId: string; contactId: string; itemId: string; text: string }>({
      query: (args) => ({ name: 'note:add', args }),
      invalidatesTags: (_result, _error, args) => [{ type: 'Contact', id: args.contactId }],
    }),
    actOnItems: build.mutation<
      { applied: { before: Item; after: Item }[]; refused: { itemId: string; code: string; message: string }[] },
      { itemIds: string[]; action: ItemActionRequest }
    >({
      query: (args) => ({ name: 'items:act', args }),
    }),
  }),
});

export const {
  useQueuePageInfiniteQuery,
  useQueueCountsQuery,
  useItemDetailQuery,
  useContactCardQuery,
  useSavedRepliesQuery,
  useClientPolicyQuery,
  useSessionQuery,
  useAssignableUsersQuery,
  useActOnItemsMutation,
} = queueApi;
