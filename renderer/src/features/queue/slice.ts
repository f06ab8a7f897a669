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
  /** The items "* a" chose, counted before acting (null while counting): the bar states the count. */
  matchingIds: string[] | null;
  /** A bulk action under way, in chunks: how far it is, and whether the user asked it to stop. */
  bulkRun: BulkRun | null;
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

export interface BulkRun {
  done: number;
  total: number;
  /** Stop asked: the chunk under way finishes, no further chunk starts. */
  stopping: boolean;
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
  matchingIds: null,
  bulkRun: null,
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
  state.matchingIds = null;
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
      state.matchingIds = null;
    },
    bulkAdded(state, action: PayloadAction<string[]>) {
      for (const id of action.payload) if (!state.bulk.includes(id)) state.bulk.push(id);
    },
    bulkAllMatchingChosen(state) {
      state.bulkAllMatching = true;
      state.matchingIds = null;
    },
    /** The items matching the filter, all of them, counted (collectMatching). */
    matchingCounted(state, action: PayloadAction<string[]>) {
      if (state.bulkAllMatching) state.matchingIds = action.payload;
    },
    bulkCleared(state) {
      state.bulk = [];
      state.bulkAllMatching = false;
      state.matchingIds = null;
    },
    bulkRunStarted(state, action: PayloadAction<number>) {
      state.bulkRun = { done: 0, total: action.payload, stopping: false };
    },
    bulkRunAdvanced(state, action: PayloadAction<number>) {
      if (state.bulkRun) state.bulkRun.done = action.payload;
    },
    bulkRunStopAsked(state) {
      if (state.bulkRun) state.bulkRun.stopping = true;
    },
    bulkRunEnded(state) {
      state.bulkRun = null;
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
      state.matchingIds = null;
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
      const back = new Set(action.payload);
      state.hidden = state.hidden.filter((id) => !back.has(id));
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
  matchingCounted,
  bulkCleared,
  bulkRunStarted,
  bulkRunAdvanced,
  bulkRunStopAsked,
  bulkRunEnded,
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
