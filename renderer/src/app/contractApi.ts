import { createApi, type BaseQueryFn } from '@reduxjs/toolkit/query/react';
import type { CallArgs, CallName, ContractError } from '../../../shared/contract';
import type { ThunkExtra } from './store';

export interface ContractQuery<N extends CallName = CallName> {
  name: N;
  args: CallArgs<N>;
}

/**
 * RTK Query over the typed contract: every endpoint names a call; errors arrive as the
 * contract's `{ code, message }` values. The client comes from the store's thunk extra, so
 * tests pass a fake one.
 */
export const contractBaseQuery: BaseQueryFn<ContractQuery, unknown, ContractError> = async (query, api) => {
  const { client } = api.extra as ThunkExtra;
  const result = await client.call(query.name, query.args as never);
  return result.ok ? { data: result.value } : { error: result.error };
};

/** Tags: one per item and contact, plus LIST for anything that lists or counts items. */
export const contractApi = createApi({
  reducerPath: 'contract',
  baseQuery: contractBaseQuery,
  tagTypes: ['Item', 'Contact', 'Queue', 'SavedReplies', 'Connection', 'Refused'],
  // The replica answers in a millisecond: keep little, refetch on change events instead.
  keepUnusedDataFor: 30,
  endpoints: () => ({}),
});
