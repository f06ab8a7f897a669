import { act, cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it } from 'vitest';
import { syncProblemCodes, type ContractClient } from '../../../../shared/contract';
import { resources } from '../../../../shared/i18n';
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

  it("words why the last sync failed in Italian, never with the core's English", async () => {
    const english = "The team server's data was restored from a backup: restart the app to reload it.";
    await showStatus('it', status({ state: 'offline', lastError: english, problem: { code: 'restored' } }));
    const bar = screen.getByRole('contentinfo');
    expect(bar.textContent).toContain('I dati del server del team sono stati ripristinati da un backup');
    expect(bar.innerHTML).not.toContain('restored from a backup');
    expect(screen.getByRole('button', { name: 'Riprova ora' })).toBeTruthy();
  });

  it('says which HTTP status the team server failed with', async () => {
    await showStatus(
      'en',
      status({ state: 'offline', lastError: 'HTTP 502', problem: { code: 'server_error', status: 502 } }),
    );
    expect(screen.getByRole('contentinfo').textContent).toContain('The team server had a problem (HTTP 502)');
  });

  it('shows a worded failure, not the English sentence, when a status carries no code', async () => {
    await showStatus('it', status({ state: 'offline', lastError: 'The team server at https://x cannot be reached.' }));
    const bar = screen.getByRole('contentinfo');
    expect(bar.textContent).toContain('Sincronizzazione non riuscita');
    expect(bar.innerHTML).not.toContain('cannot be reached');
  });

  it('has a text for every sync problem code, in both languages', () => {
    for (const language of ['it', 'en'] as const) {
      const texts = resources[language].translation.connection.syncProblem as Record<string, string>;
      expect(syncProblemCodes.filter((code) => !texts[code])).toEqual([]);
    }
  });
});
