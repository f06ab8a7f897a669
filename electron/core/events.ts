import type { EventName, EventPayload } from '../../shared/contract';

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** Fans the core's events out to every connected renderer (windows, WebSocket clients). */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  private readonly last = new Map<EventName, unknown>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.last.set(name, payload);
    for (const listener of this.listeners) listener(name, payload);
  }

  /** Listens to one event, typed. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    const relay: EventListener = (event, payload) => {
      // The hub is keyed by name, so the payload of `name` is EventPayload<E>.
      if ((event as EventName) === name) listener(payload as unknown as EventPayload<E>);
    };
    return this.subscribe(relay);
  }

  /**
   * Subscribes and replays the last 'sync:status' and the last badge count, so a new window shows
   * the current state (notifications already announced are not shown again).
   */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    const status = this.last.get('sync:status') as EventPayload<'sync:status'> | undefined;
    if (status) listener('sync:status', status);
    const notify = this.last.get('notify') as EventPayload<'notify'> | undefined;
    if (notify) listener('notify', { badge: notify.badge, notifications: [] });
    return () => this.listeners.delete(listener);
  }
}
