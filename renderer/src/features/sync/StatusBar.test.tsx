import { act, cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContractClient } from '../../../../shared/contract';
import { createAppStore } from '../../app/store';
import { createI18n } from '../../i18n';
import { KeyboardProvider } from '../../keyboard/commands';
import { syncStatusReceived, type SyncStatus } from './slice';
import { StatusBar } from './StatusBar';

afterEach(cleanup);

const status = (fields: Partial<SyncStatus>): SyncStatus => ({
  state: 'online',
  live: true,
  pending: 0,
  lastSyncAt: Date.UTC(2026, 10, 20, 12, 0),
  lastError: null,
  progress: null,
  refused: 0,
  ...fields,
});

async function showStatus(language: 'it' | 'en', sync: SyncStatus) {
  const client = { call: () => Promise.resolve({ ok: true, value: {} }), on: () => () => {} };
  const store = createAppStore(client as unknown as ContractClient);
  render(
    <Provider store={store}>
      <I18nextProvider i18n={await createI18n(language)}>
        <KeyboardProvider>
          <StatusBar />
        </KeyboardProvider>
      </I18nextProvider>
    </Provider>,
  );
  act(() => {
    store.dispatch(syncStatusReceived(sync));
  });
  return screen.getByTestId('sync-state');
}

describe('the status bar', () => {
  it('says "synced" when pokes can arrive', async () => {
    expect((await showStatus('en', status({}))).textContent).toBe('Synced');
  });

  it('does not say "synced" while the live connection is down, though the last sync succeeded', async () => {
    const state = await showStatus('en', status({ live: false }));
    expect(state.textContent).toBe('Reconnecting…');
    expect(state.getAttribute('title')).toMatch(/colleagues' changes may arrive late/);
  });

  it('says it in Italian too', async () => {
    expect((await showStatus('it', status({ live: false }))).textContent).toBe('Riconnessione…');
  });
});
