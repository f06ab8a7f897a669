import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../../shared/contract';
import { initialAppState } from '../features/app/slice';
import { initialSettingsState } from '../features/settings/slice';
import { syncStatusReceived } from '../features/sync/slice';
import { createAppStore } from './store';
import { emptyQueueAnswers, renderWholeApp } from './testing';

afterEach(cleanup);

async function renderApp(language: 'it' | 'en' | null = null) {
  const answers: Record<string, unknown> = {
    ...emptyQueueAnswers,
    'session:get': { user: null },
    // Past the first-run sign-in: this computer works on its own server.
    'connection:get': { mode: 'solo', serverUrl: null, user: null },
  };
  const call = vi.fn(async (name: string, args: unknown) => ({
    ok: true as const,
    value: name in answers ? answers[name] : { language: null, ...(args as object) },
  }));
  const client = { call, on: () => () => {} } as unknown as ContractClient;
  const store = createAppStore(client, {
    app: { ...initialAppState, info: { ...initialAppState.info, systemLocale: 'it-IT' } },
    settings: { ...initialSettingsState, saved: { language } },
  });
  // The app shows once the connection is known (ConnectionGate).
  await renderWholeApp(store, language ?? 'it');
  return { call, store };
}

describe('App frame', () => {
  it('shows the empty queue and the status bar in the system language', async () => {
    await renderApp();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Da gestire');
    expect(await screen.findByText('Nessuna interazione da gestire')).toBeTruthy();
    expect(screen.getByTestId('sync-state').textContent).toBe('Offline');
  });

  it('saves a language choice through the core and switches the texts', async () => {
    const { call } = await renderApp();
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Lingua'), { target: { value: 'en' } });
    });
    expect(call).toHaveBeenCalledWith('settings:set', { language: 'en' });
    expect(await screen.findByRole('heading', { level: 1, name: 'To handle' })).toBeTruthy();
  });

  it('shows sync progress and pending changes from the core', async () => {
    const { store } = await renderApp('en');
    act(() => {
      store.dispatch(
        syncStatusReceived({
          state: 'syncing',
          pending: 3,
          lastSyncAt: null,
          lastError: null,
          progress: null,
          refused: 0,
        }),
      );
    });
    expect(screen.getByTestId('sync-state').textContent).toBe('Syncing…');
    expect(screen.getByText('3 changes pending')).toBeTruthy();
  });

  it('opens the settings screen from the navigation', async () => {
    await renderApp('en');
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Settings');
  });
});
