import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient, EventPayload } from '../../../../shared/contract';
import { createI18n } from '../../i18n';
import { createAppStore } from '../../app/store';
import { followNotifications, MAX_TOASTS, openTarget, TOAST_MS, type Toast } from './follow';
import { NotifyToasts } from './NotifyToasts';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** A core that announces what the test says, like the browser host's WebSocket does. */
function fakeCore() {
  let listener: ((payload: EventPayload<'notify'>) => void) | null = null;
  const client = {
    call: vi.fn(),
    on: (event: string, fn: (payload: EventPayload<'notify'>) => void) => {
      if (event === 'notify') listener = fn;
      return () => (listener = null);
    },
  } as unknown as ContractClient;
  return { client, announce: (payload: EventPayload<'notify'>) => act(() => listener?.(payload)) };
}

const rejected = (itemId: string): EventPayload<'notify'>['notifications'][number] => ({
  kind: 'approval_decided',
  title: { key: 'notify.approvalDecided.rejectedTitle', params: { client: 'Vitalia' } },
  body: { key: 'notify.approvalDecided.rejectedBody', params: { approver: 'Elena Marchetti', reason: 'Dose' } },
  target: { type: 'item', itemId },
  silent: false,
  replaces: null,
});

async function show(language: 'it' | 'en', showToasts = true) {
  const core = fakeCore();
  const feed = followNotifications(core.client, { showToasts });
  const opened: Toast[] = [];
  const i18n = await createI18n(language);
  render(
    <I18nextProvider i18n={i18n}>
      <NotifyToasts feed={feed} appName="Moderator Desk" onOpen={(toast) => opened.push(toast)} />
    </I18nextProvider>,
  );
  return { ...core, feed, opened };
}

describe('notifications in the browser host', () => {
  it('shows a decision in the language of the UI, opens its item on click and counts in the title', async () => {
    const { announce, opened } = await show('it');
    announce({ badge: 3, notifications: [rejected('it-1')] });
    const toast = screen.getByTestId('notify-toast');
    expect(toast.textContent).toContain('Risposta rifiutata · Vitalia');
    expect(toast.textContent).toContain('Elena Marchetti');
    expect(toast.textContent).toContain('Dose');
    expect(document.title).toBe('(3) Moderator Desk');
    fireEvent.click(screen.getByText('Risposta rifiutata · Vitalia'));
    expect(opened.map((t) => t.target)).toEqual([{ type: 'item', itemId: 'it-1' }]);
    expect(screen.queryByTestId('notify-toast')).toBeNull();
  });

  it('translates texts nested in params (a kind of interaction inside a sentence)', async () => {
    const { announce } = await show('en');
    announce({
      badge: 1,
      notifications: [
        {
          kind: 'sla_at_risk',
          title: { key: 'notify.slaAtRisk.titleOverdue', params: { client: 'Vitalia' } },
          body: { key: 'notify.slaAtRisk.bodyOverdue', params: { author: 'Anna', kind: { key: 'notify.kind.dm' } } },
          target: { type: 'item', itemId: 'it-2' },
          silent: false,
          replaces: null,
        },
      ],
    });
    expect(screen.getByTestId('notify-toast').textContent).toContain('Anna (direct message)');
  });

  it('leaves by itself, keeps at most a few, and replaces a summary instead of stacking it', async () => {
    vi.useFakeTimers();
    const { announce } = await show('en');
    const summary = (count: number) => ({
      kind: 'summary',
      title: { key: 'notify.summary.incoming.title' },
      body: { key: 'notify.summary.incoming.body', params: { count } },
      target: { type: 'view' as const, view: 'queue' as const },
      silent: false,
      replaces: 'summary:incoming',
    });
    announce({ badge: 5, notifications: [summary(5)] });
    announce({ badge: 7, notifications: [summary(7)] });
    expect(screen.getAllByTestId('notify-toast')).toHaveLength(1);
    expect(screen.getByTestId('notify-toast').textContent).toContain('7 new interactions');
    announce({ badge: 9, notifications: [rejected('a'), rejected('b'), rejected('c'), rejected('d')] });
    expect(screen.getAllByTestId('notify-toast')).toHaveLength(MAX_TOASTS);
    act(() => vi.advanceTimersByTime(TOAST_MS + 1));
    expect(screen.queryByTestId('notify-toast')).toBeNull();
    expect(document.title).toBe('(9) Moderator Desk');
  });

  it('shows no toast where the system shows notifications (the Electron shell), only the count', async () => {
    const { announce } = await show('en', false);
    announce({ badge: 2, notifications: [rejected('it-1')] });
    expect(screen.queryByTestId('notify-toast')).toBeNull();
    expect(document.title).toBe('(2) Moderator Desk');
  });
});

describe('opening what a notification is about', () => {
  it('shows the queue with the item selected and focus in the detail; approval requests in their view', () => {
    const store = createAppStore({ call: vi.fn(), on: () => () => {} } as unknown as ContractClient);
    openTarget(store, { type: 'item', itemId: 'it-9' }, 'approval_requested');
    expect(store.getState().app.view).toBe('queue');
    expect(store.getState().queueUi).toMatchObject({ view: 'awaiting_approval', selectedId: 'it-9', focus: 'detail' });
    openTarget(store, { type: 'view', view: 'queue' });
    expect(store.getState().queueUi.view).toBe('inbox');
  });
});
