import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
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

/** The core's answer: newest first, a page below `before` (as electron/core/sync/service.ts does). */
function pageOf(changes: RefusedChange[], args: { before?: number; limit?: number }) {
  const newestFirst = [...changes].sort((a, b) => b.id - a.id);
  return newestFirst.filter((change) => change.id < (args.before ?? Infinity)).slice(0, args.limit ?? 200);
}

async function open(language: 'it' | 'en', changes: RefusedChange[]) {
  const call = vi.fn(async (name: string, args: { before?: number; limit?: number }) => ({
    ok: true as const,
    value: name === 'sync:refused' ? { changes: pageOf(changes, args) } : {},
  }));
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
  store.dispatch(
    syncStatusReceived({
      state: 'online',
      pending: 0,
      lastSyncAt: null,
      lastError: null,
      progress: null,
      refused: changes.length,
    }),
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

  it("words a code this app does not know in the UI's language, never with the server's English", async () => {
    await open('it', [refused({ code: 'from_a_newer_server', message: 'a reason from a newer server' })]);
    const reason = await screen.findByText(/codice from_a_newer_server/);
    expect(reason.textContent).toMatch(/^Motivo: Il server ha rifiutato questa modifica/);
    expect(document.body.textContent).not.toContain('a reason from a newer server');
  });

  it('lists every refused change the count announces, page by page, not only the newest 200', async () => {
    const total = 250;
    const changes = Array.from({ length: total }, (_, index) => refused({ id: index + 1 }));
    changes[0] = refused({ id: 1, text: 'the oldest reply' });
    await open('en', changes);
    const shown = () => document.querySelectorAll('.refused-list > li').length;
    await waitFor(() => expect(shown()).toBeGreaterThan(0));
    for (let pages = 1; pages < 10; pages += 1) {
      // (A role query would weigh every button's name: slow with hundreds of them.)
      const more = document.querySelector<HTMLButtonElement>('button.refused-more');
      if (more === null) break;
      expect(more.textContent).toBe(`Show ${total - shown()} more`);
      const before = shown();
      await act(async () => {
        fireEvent.click(more);
      });
      await waitFor(() => expect(shown()).toBeGreaterThan(before));
    }
    expect(shown()).toBe(total);
    expect(screen.getByText('the oldest reply')).toBeTruthy();
  }, 30_000);

  it('has a text for every refusal code, in both languages', () => {
    for (const language of ['it', 'en'] as const) {
      const codes = resources[language].translation.connection.refused.codes as Record<string, string>;
      expect(syncRefusalCodes.filter((code) => !codes[code])).toEqual([]);
    }
  });
});
