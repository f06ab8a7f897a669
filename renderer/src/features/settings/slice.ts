import { createSlice } from '@reduxjs/toolkit';
import type { Language } from '../../../../shared/domain/entities';
import type { NotificationSettings, Settings, UndoSendSeconds } from '../../../../shared/contract';
import { createAppThunk } from '../../app/hooks';

export interface SettingsState {
  saved: Settings;
  saving: boolean;
  /** Error code of the last failed save, shown until the next attempt. */
  error: string | null;
}

export const initialSettingsState: SettingsState = { saved: { language: null }, saving: false, error: null };

/** Saves a change to the settings through the core, which persists it and answers the whole set. */
export const settingsChanged = createAppThunk(
  'settings/changed',
  async (patch: Partial<Settings>, { extra, rejectWithValue }) => {
    const result = await extra.client.call('settings:set', patch);
    return result.ok ? result.value : rejectWithValue(result.error.code);
  },
);

/** The UI language (null = follow the system). */
export const languageChosen = (language: Language | null) => settingsChanged({ language });

/** The undo-send window, in seconds. */
export const undoSendChosen = (seconds: UndoSendSeconds) => settingsChanged({ undoSendSeconds: seconds });

/** What notifies on this computer. */
export const notificationsChosen = (notifications: NotificationSettings) => settingsChanged({ notifications });

const slice = createSlice({
  name: 'settings',
  initialState: initialSettingsState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(settingsChanged.pending, (state) => {
        state.saving = true;
        state.error = null;
      })
      .addCase(settingsChanged.fulfilled, (state, action) => {
        state.saving = false;
        state.saved = action.payload;
      })
      .addCase(settingsChanged.rejected, (state, action) => {
        state.saving = false;
        state.error = action.payload ?? 'internal';
      });
  },
});

export const settingsReducer = slice.reducer;
