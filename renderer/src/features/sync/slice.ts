import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { EventPayload } from '../../../../shared/contract';

export type SyncStatus = EventPayload<'sync:status'>;

export const initialSyncState: SyncStatus = {
  state: 'offline',
  pending: 0,
  lastSyncAt: null,
  lastError: null,
  progress: null,
  refused: 0,
};

const slice = createSlice({
  name: 'sync',
  initialState: initialSyncState,
  reducers: {
    syncStatusReceived: (_state, action: PayloadAction<SyncStatus>) => action.payload,
  },
});

export const { syncStatusReceived } = slice.actions;
export const syncReducer = slice.reducer;
