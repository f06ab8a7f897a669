import { events, type EventName, type EventPayload } from '../../shared/contract';

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** Where an event that does not match the contract is reported (ids and paths, never values). */
export type InvalidEventReport = (name: EventName, issues: string) => void;

/**
 * Fans the core's events out to every connected renderer (windows, WebSocket clients). Every
 * payload is checked against the contract here, where it is made, as dispatch.ts checks every
 * answer: the renderer trusts both and checks only the envelope (renderer/src/transport).
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  private readonly last = new Map<EventName, unknown>();

  constructor(private readonly reportInvalid: InvalidEventReport = () => undefined) {}

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = events[name].safeParse(payload);
    if (!checked.success) {
      const issues = checked.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
        .join('; ');
      this.reportInvalid(name, issues);
      return;
    }
    const value = checked.data as EventPayload<E>;
    this.last.set(name, value);
    for (const listener of this.listeners) listener(name, value);
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
