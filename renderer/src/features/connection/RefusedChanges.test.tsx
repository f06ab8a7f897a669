import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient, RefusedChange } from '../../../../shared/contract';
import { syncRefusalCodes } from '../../../../shared/sync/refusals';
import { resources } from '../../../../shared/i18n';
import { createAppStore } from '../../app/store';
import { createI18n } from '../../i18n';
import { KeyboardProvider } from '../../keyboard/commands';
import { syncStatusReceived } from '../sync/slice';
import { RefusedChanges } from './RefusedChanges';

afterEach(cleanup);

const refused = (fields: Partial<RefusedChange>): RefusedChange => ({
  id: 1,
  name: 'item.claim',
  code: 'already_assigned',
  message: 'someone else holds this item',
  createdAt: Date.UTC(2026, 10, 20),
  itemId: 'it-1',
  text: null,
  ...fields,
});

async function open(language: 'it' | 'en', changes: RefusedChange[]) {
  const call = vi.fn(async (name: string) => ({
    ok: true as const,
    value: name === 'sync:refused' ? { changes } : {},
  }));
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
  store.dispatch(
    syncStatusReceived({ state: 'online', pending: 0, lastSyncAt: null, lastError: null, progress: null, refused: 2 }),
  );
  render(
    <Provider store={store}>
      <I18nextProvider i18n={await createI18n(language)}>
        <KeyboardProvider>
          <RefusedChanges />
        </KeyboardProvider>
      </I18nextProvider>
    </Provider>,
  );
  await act(async () => {
    fireEvent.click(screen.getByRole('button'));
  });
}

describe('changes the server refused', () => {
  it("says why in the UI's language and keeps the typed text", async () => {
    await open('it', [
      refused({}),
      refused({ id: 2, name: 'reply.send', code: 'needs_approval', message: 'x', text: 'Segua il medico.' }),
    ]);
    expect(await screen.findByText(/Qualcun altro ha preso in carico/)).toBeTruthy();
    expect(screen.getByText(/deve essere approvata dal cliente/)).toBeTruthy();
    expect(screen.getByText('Segua il medico.')).toBeTruthy();
  });

  it("falls back to the server's words for a code this app does not know", async () => {
    await open('en', [refused({ code: 'from_a_newer_server', message: 'a reason from a newer server' })]);
    expect(await screen.findByText('Reason: a reason from a newer server')).toBeTruthy();
  });

  it('has a text for every refusal code, in both languages', () => {
    for (const language of ['it', 'en'] as const) {
      const codes = resources[language].translation.connection.refused.codes as Record<string, string>;
      expect(syncRefusalCodes.filter((code) => !codes[code])).toEqual([]);
    }
  });
});
