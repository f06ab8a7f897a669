import { combineReducers, configureStore } from '@reduxjs/toolkit';
import type { ContractClient } from '../../../shared/contract';
import { appReducer } from '../features/app/slice';
import { settingsReducer } from '../features/settings/slice';
import { syncReducer } from '../features/sync/slice';
import { queueUiReducer } from '../features/queue/slice';
import { contractApi } from './contractApi';

export interface ThunkExtra {
  client: ContractClient;
}

const rootReducer = combineReducers({
  app: appReducer,
  settings: settingsReducer,
  sync: syncReducer,
  queueUi: queueUiReducer,
  [contractApi.reducerPath]: contractApi.reducer,
});
export type RootState = ReturnType<typeof rootReducer>;

/** The store holds UI state and the visible window of data; the replica stays in the core. */
export function createAppStore(client: ContractClient, preloadedState?: Partial<RootState>) {
  const extra: ThunkExtra = { client };
  return configureStore({
    reducer: rootReducer,
    preloadedState,
    middleware: (getDefault) =>
      getDefault({ thunk: { extraArgument: extra }, serializableCheck: false, immutableCheck: false }).concat(
        contractApi.middleware,
      ),
  });
}

export type AppStore = ReturnType<typeof createAppStore>;
export type AppDispatch = AppStore['dispatch'];
