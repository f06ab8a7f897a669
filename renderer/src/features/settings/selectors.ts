import type { RootState } from '../../app/store';
import { undoSendSecondsOf, type UndoSendSeconds } from '../../../../shared/contract';
import { languageForLocale } from '../../../../shared/i18n';
import type { Language } from '../../../../shared/domain/entities';

export const selectLanguagePreference = (state: RootState): Language | null => state.settings.saved.language;
export const selectSystemLanguage = (state: RootState): Language => languageForLocale(state.app.info.systemLocale);
/** The language the UI shows: the saved choice, else the system's. */
export const selectUiLanguage = (state: RootState): Language =>
  state.settings.saved.language ?? selectSystemLanguage(state);
export const selectSettingsError = (state: RootState) => state.settings.error;
/** How long a sent reply can still be taken back, in seconds (the setting or its default). */
export const selectUndoSendSeconds = (state: RootState): UndoSendSeconds => undoSendSecondsOf(state.settings.saved);
