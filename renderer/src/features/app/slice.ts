import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CallResult } from '../../../../shared/contract';

/** What the core says about itself; systemLocale resolved (the browser's language when the host cannot tell). */
export type AppInfo = CallResult<'app:info'> & { systemLocale: string };
export const views = ['queue', 'settings', 'policy'] as const;
export type View = (typeof views)[number];

export interface AppState {
  info: AppInfo;
  view: View;
}

const initialState: AppState = {
  info: { name: '', version: '', systemLocale: 'en-US', dataFolder: '', host: 'web', notices: [] },
  view: 'queue',
};

const slice = createSlice({
  name: 'app',
  initialState,
  reducers: {
    viewChanged(state, action: PayloadAction<View>) {
      state.view = action.payload;
    },
  },
});

export const { viewChanged } = slice.actions;
export const appReducer = slice.reducer;
export const initialAppState = initialState;
