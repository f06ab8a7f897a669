import type { Notification as ElectronNotification } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createTranslator, type Notification } from '../core/notify';
import type { LogFields } from '../core/log';
import {
  createNotificationService,
  type NotificationLike,
  type NotificationOptions,
  type NotificationServiceDeps,
} from './notifications';

// Compile-time: Electron's Notification fits, so index.ts can pass `(o) => new Notification(o)`.
const _real: NotificationLike = null as unknown as ElectronNotification;
void _real;

interface FakeNotification extends NotificationLike {
  options: NotificationOptions;
  shown: boolean;
  closed: boolean;
  fire(event: 'click' | 'close'): void;
}

/** A factory of fake notifications that remembers what it made. */
function fakeFactory(created: FakeNotification[]) {
  return (options: NotificationOptions): FakeNotification => {
    const listeners = new Map<string, () => void>();
    const fake: FakeNotification = {
      options,
      shown: false,
      closed: false,
      show: () => (fake.shown = true),
      close: () => (fake.closed = true),
      on: (event, listener) => listeners.set(event, listener),
      fire: (event) => listeners.get(event)?.(),
    };
    created.push(fake);
    return fake;
  };
}

function setup(overrides: Partial<NotificationServiceDeps> = {}, created: FakeNotification[] = []) {
  const warnings: [string, LogFields | undefined][] = [];
  const spies = { focusWindow: vi.fn(), onOpenItem: vi.fn(), onOpenView: vi.fn() };
  const deps = {
    createNotification: fakeFactory(created),
    isSupported: () => true,
    translatorFor: createTranslator,
    language: 'en' as const,
    ...spies,
    log: { info() {}, warn: (event: string, fields?: LogFields) => warnings.push([event, fields]), error() {} },
    ...overrides,
  };
  return { service: createNotificationService(deps), created, deps: spies, warnings };
}

const negativeReview: Notification = {
  kind: 'negative_review',
  title: { key: 'notify.negativeReview.title', params: { client: 'Cardio Pharma', rating: 1 } },
  body: { key: 'notify.negativeReview.body', params: { author: 'Giulia Bianchi', rating: 1 } },
  target: { type: 'item', itemId: 'i-7' },
  silent: false,
  replaces: null,
  announces: ['negative_review:i-7'],
};

const summary = (count: number, silent = false): Notification => ({
  kind: 'summary',
  title: { key: 'notify.summary.incoming.title', params: { count } },
  body: { key: 'notify.summary.incoming.body', params: { count } },
  target: { type: 'view', view: 'queue' },
  silent,
  replaces: 'summary:incoming',
  announces: [],
});

describe('NotificationService', () => {
  it('shows each notification translated', () => {
    const { service, created } = setup();
    service.show([negativeReview]);
    expect(created.map((n) => [n.options, n.shown])).toEqual([
      [{ title: '1★ review · Cardio Pharma', body: 'Giulia Bianchi left a 1★ review.', silent: false }, true],
    ]);
  });

  it('follows the language', () => {
    const { service, created } = setup();
    service.setLanguage('it');
    service.show([negativeReview]);
    expect(created[0]?.options.title).toBe('Recensione 1★ · Cardio Pharma');
  });

  it('on click, focuses the window and opens the item, or the queue for a summary', () => {
    const { service, created, deps } = setup();
    service.show([negativeReview, summary(12)]);
    created[0]?.fire('click');
    expect(deps.focusWindow).toHaveBeenCalledOnce();
    expect(deps.onOpenItem.mock.calls).toEqual([['i-7']]);
    created[1]?.fire('click');
    expect(deps.onOpenView.mock.calls).toEqual([['queue']]);
    expect(deps.focusWindow).toHaveBeenCalledTimes(2);
  });

  it('replaces a summary still on screen instead of stacking another', () => {
    const { service, created } = setup();
    service.show([summary(12)]);
    service.show([summary(14, true)]);
    expect(created.map((n) => [n.options.body, n.options.silent, n.closed])).toEqual([
      ['12 new interactions need attention', false, true],
      ['14 new interactions need attention', true, false],
    ]);
    // Once the user dismissed it, the next summary has nothing to close.
    created[1]?.fire('close');
    service.show([summary(3)]);
    expect(created[1]?.closed).toBe(false);
  });

  it('does nothing where the system has no notifications', () => {
    const createNotification = vi.fn();
    const { service } = setup({ isSupported: () => false, createNotification });
    service.show([negativeReview]);
    expect(createNotification).not.toHaveBeenCalled();
  });

  it('logs a notification that fails and shows the others', () => {
    const created: FakeNotification[] = [];
    const make = fakeFactory(created);
    const createNotification = vi.fn(make).mockImplementationOnce(() => {
      throw new TypeError('no notification server');
    });
    const { service, warnings } = setup({ createNotification }, created);
    service.show([negativeReview, summary(5)]);
    expect(warnings).toEqual([['notify.show_failed', { kind: 'negative_review', error: 'TypeError' }]]);
    expect(created.map((n) => n.options.body)).toEqual(['5 new interactions need attention']);
  });

  it('closes what is on screen when asked', () => {
    const { service, created } = setup();
    service.show([negativeReview, summary(4)]);
    service.closeAll();
    expect(created.map((n) => n.closed)).toEqual([true, true]);
  });
});
