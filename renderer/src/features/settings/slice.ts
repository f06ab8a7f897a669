import { createSlice } from '@reduxjs/toolkit';
import type { Language } from '../../../../shared/domain/entities';
import type { Settings } from '../../../../shared/contract';
import { createAppThunk } from '../../app/hooks';

export interface SettingsState {
  saved: Settings;
  saving: boolean;
  /** Error code of the last failed save, shown until the next attempt. */
  error: string | null;
}

export const initialSettingsState: SettingsState = { saved: { language: null }, saving: false, error: null };

/** Saves the UI language (null = follow the system) through the core, which persists it. */
export const languageChosen = createAppThunk(
  'settings/languageChosen',
  async (language: Language | null, { extra, rejectWithValue }) => {
    const result = await extra.client.call('settings:set', { language });
    return result.ok ? result.value : rejectWithValue(result.error.code);
  },
);

const slice = createSlice({
  name: 'settings',
  initialState: initialSettingsState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(languageChosen.pending, (state) => {
        state.saving = true;
        state.error = null;
      })
      .addCase(languageChosen.fulfilled, (state, action) => {
        state.saving = false;
        state.saved = action.payload;
      })
      .addCase(languageChosen.rejected, (state, action) => {
        state.saving = false;
        state.error = action.payload ?? 'internal';
      });
  },
});

export const settingsReducer = slice.reducer;
