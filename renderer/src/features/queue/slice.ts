import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ItemActionRequest, QueueSort, QueueView } from '../../../../shared/contract';

/** One undoable step: the inverse actions that put the items back as they were. */
export interface UndoEntry {
  /** i18n key of what was done, e.g. 'queue.undo.archived'. */
  labelKey: string;
  count: number;
  inverse: { itemId: string; action: ItemActionRequest }[];
}

export type Picker = 'snooze' | 'label' | 'hide' | 'assign' | 'note' | null;

export interface QueueUiState {
  view: QueueView;
  clientId: string | null;
  channelId: string | null;
  search: string;
  sort: QueueSort;
  selectedId: string | null;
  /** Items chosen with x / Shift+J/K for a bulk action. */
  bulk: string[];
  /** "* a": every item matching the current filter, not only the loaded ones. */
  bulkAllMatching: boolean;
  /** Items acted on locally that the list still shows until it refetches. */
  hidden: string[];
  focus: 'list' | 'detail';
  picker: Picker;
  composer: 'public' | 'private' | null;
  undo: UndoEntry | null;
  /** The last action's outcome to announce (i18n key + count), e.g. refused items. */
  toast: { key: string; count: number; tone: 'info' | 'error' } | null;
  /** A reply waiting out the undo-send window before it goes to the core. */
  pendingSend: PendingSend | null;
}

export interface PendingSend {
  replyId: string;
  itemId: string;
  forApproval: boolean;
  at: number;
}

export const initialQueueUiState: QueueUiState = {
  view: 'inbox',
  clientId: null,
  channelId: null,
  search: '',
  sort: 'priority',
  selectedId: null,
  bulk: [],
  bulkAllMatching: false,
  hidden: [],
  focus: 'list',
  picker: null,
  composer: null,
  undo: null,
  toast: null,
  pendingSend: null,
};

const resetSelection = (state: QueueUiState) => {
  state.selectedId = null;
  state.bulk = [];
  state.bulkAllMatching = false;
  state.picker = null;
  state.composer = null;
};

const slice = createSlice({
  name: 'queueUi',
  initialState: initialQueueUiState,
  reducers: {
    viewChosen(state, action: PayloadAction<{ view: QueueView; clientId?: string | null; channelId?: string | null }>) {
      state.view = action.payload.view;
      state.clientId = action.payload.clientId ?? null;
      state.channelId = action.payload.channelId ?? null;
      resetSelection(state);
    },
    searchChanged(state, action: PayloadAction<string>) {
      state.search = action.payload;
      resetSelection(state);
    },
    sortChanged(state, action: PayloadAction<QueueSort>) {
      state.sort = action.payload;
      resetSelection(state);
    },
    itemSelected(state, action: PayloadAction<string | null>) {
      state.selectedId = action.payload;
      state.picker = null;
      state.composer = null;
    },
    focusMoved(state, action: PayloadAction<'list' | 'detail'>) {
      state.focus = action.payload;
    },
    bulkToggled(state, action: PayloadAction<string>) {
      const at = state.bulk.indexOf(action.payload);
      if (at >= 0) state.bulk.splice(at, 1);
      else state.bulk.push(action.payload);
      state.bulkAllMatching = false;
    },
    bulkAdded(state, action: PayloadAction<string[]>) {
      for (const id of action.payload) if (!state.bulk.includes(id)) state.bulk.push(id);
    },
    bulkAllMatchingChosen(state) {
      state.bulkAllMatching = true;
    },
    bulkCleared(state) {
      state.bulk = [];
      state.bulkAllMatching = false;
    },
    pickerOpened(state, action: PayloadAction<Picker>) {
      state.picker = action.payload;
    },
    composerOpened(state, action: PayloadAction<'public' | 'private' | null>) {
      state.composer = action.payload;
      state.focus = action.payload ? 'detail' : state.focus;
    },
    /** Items acted on: hide them now, select what comes next, remember how to undo. */
    acted(
      state,
      action: PayloadAction<{ removedIds: string[]; nextId: string | null; undo: UndoEntry | null; removes: boolean }>,
    ) {
      if (action.payload.removes) {
        state.hidden = [...new Set([...state.hidden, ...action.payload.removedIds])];
        state.selectedId = action.payload.nextId;
      }
      // Only when there is something to clear: a new empty array would be a new value for every
      // subscriber (the list's checked set, hence the whole list) after every single action.
      if (state.bulk.length > 0) state.bulk = [];
      state.bulkAllMatching = false;
      state.picker = null;
      state.composer = null;
      state.undo = action.payload.undo;
    },
    undone(state) {
      state.undo = null;
    },
    /** The list refetched: items it no longer returns need no hiding. */
    hiddenPruned(state, action: PayloadAction<string[]>) {
      const present = new Set(action.payload);
      state.hidden = state.hidden.filter((id) => present.has(id));
    },
    unhidden(state, action: PayloadAction<string[]>) {
      state.hidden = state.hidden.filter((id) => !action.payload.includes(id));
    },
    sendScheduled(state, action: PayloadAction<PendingSend>) {
      state.pendingSend = action.payload;
    },
    sendSettled(state) {
      state.pendingSend = null;
    },
    toastShown(state, action: PayloadAction<QueueUiState['toast']>) {
      state.toast = action.payload;
    },
  },
});

export const {
  viewChosen,
  searchChanged,
  sortChanged,
  itemSelected,
  focusMoved,
  bulkToggled,
  bulkAdded,
  bulkAllMatchingChosen,
  bulkCleared,
  pickerOpened,
  composerOpened,
  acted,
  undone,
  hiddenPruned,
  unhidden,
  toastShown,
  sendScheduled,
  sendSettled,
} = slice.actions;
export const queueUiReducer = slice.reducer;
