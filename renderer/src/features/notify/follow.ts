import type { ContractClient, NotifyEvent, NotifyTextWire } from '../../../../shared/contract';
import type { EventPayload } from '../../../../shared/contract';
import { viewChanged } from '../app/slice';
import type { AppStore } from '../../app/store';
import { focusMoved, itemSelected, searchChanged, viewChosen } from '../queue/slice';

/** How long a notification stays on screen unless the user acts on it. */
export const TOAST_MS = 8000;
/** At most this many on screen; older ones make room. */
export const MAX_TOASTS = 3;

export interface Toast {
  readonly id: number;
  readonly kind: string;
  readonly title: NotifyTextWire;
  readonly body: NotifyTextWire;
  readonly target: EventPayload<'notify:open'>;
  readonly replaces: string | null;
}

export interface NotifyState {
  readonly badge: number;
  readonly toasts: readonly Toast[];
}

/**
 * The browser host's notifications: the core's `notify` events become toasts in the page and a
 * count in the window title (the Electron shell shows system notifications and a tray badge
 * instead). A small external store, so only the toast region re-renders.
 */
export interface NotifyFeed {
  subscribe(listener: () => void): () => void;
  getSnapshot(): NotifyState;
  dismiss(id: number): void;
  stop(): void;
}

export function followNotifications(
  client: ContractClient,
  options: { showToasts: boolean; setTimer?: typeof setTimeout; clearTimer?: typeof clearTimeout },
): NotifyFeed {
  const setTimer = options.setTimer ?? setTimeout;
  const clearTimer = options.clearTimer ?? clearTimeout;
  let state: NotifyState = { badge: 0, toasts: [] };
  let nextId = 1;
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  const listeners = new Set<() => void>();

  function set(next: NotifyState): void {
    state = next;
    for (const listener of listeners) listener();
  }

  function dismiss(id: number): void {
    const timer = timers.get(id);
    if (timer !== undefined) clearTimer(timer);
    timers.delete(id);
    if (state.toasts.some((toast) => toast.id === id)) {
      set({ ...state, toasts: state.toasts.filter((toast) => toast.id !== id) });
    }
  }

  function receive(event: NotifyEvent): void {
    let toasts = state.toasts;
    if (options.showToasts) {
      for (const notification of event.notifications) {
        const toast: Toast = { id: nextId++, ...notification };
        // A summary still on screen is updated in place rather than stacked.
        const replaced = toast.replaces === null ? undefined : toasts.find((t) => t.replaces === toast.replaces);
        if (replaced) dismissTimer(replaced.id);
        toasts = [...toasts.filter((t) => t !== replaced), toast];
        timers.set(
          toast.id,
          setTimer(() => dismiss(toast.id), TOAST_MS),
        );
      }
      while (toasts.length > MAX_TOASTS) {
        const [oldest, ...rest] = toasts;
        if (oldest) dismissTimer(oldest.id);
        toasts = rest;
      }
    }
    set({ badge: event.badge, toasts });
  }

  function dismissTimer(id: number): void {
    const timer = timers.get(id);
    if (timer !== undefined) clearTimer(timer);
    timers.delete(id);
  }

  const stop = client.on('notify', receive);
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
    dismiss,
    stop() {
      stop();
      for (const timer of timers.values()) clearTimer(timer);
      timers.clear();
    },
  };
}

/** Shows what a notification is about: the item in the queue, or the view it summarises. */
export function openTarget(store: AppStore, target: EventPayload<'notify:open'>, kind?: string): void {
  store.dispatch(viewChanged('queue'));
  const view =
    kind === 'approval_requested' || (target.type === 'view' && target.view === 'approvals')
      ? 'awaiting_approval'
      : 'inbox';
  store.dispatch(searchChanged(''));
  store.dispatch(viewChosen({ view }));
  if (target.type === 'item') {
    store.dispatch(itemSelected(target.itemId));
    store.dispatch(focusMoved('detail'));
  }
}
