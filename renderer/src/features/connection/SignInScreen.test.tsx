import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient, ContractError } from '../../../../shared/contract';
import { createAppStore } from '../../app/store';
import { createI18n } from '../../i18n';
import { syncStatusReceived } from '../sync/slice';
import { SignInScreen } from './SignInScreen';

afterEach(cleanup);

/** Signs in to a team server whose core answers `error`; resolves with the alert's text. */
async function signInRefused(language: 'it' | 'en', error: ContractError): Promise<string | null> {
  const call = vi.fn(async () => ({ ok: false as const, error }));
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
  const i18n = await createI18n(language);
  render(
    <Provider store={store}>
      <I18nextProvider i18n={i18n}>
        <SignInScreen />
      </I18nextProvider>
    </Provider>,
  );
  const label = (it: string, en: string) => (language === 'it' ? it : en);
  fireEvent.change(screen.getByLabelText(label('Indirizzo del server', 'Server address')), {
    target: { value: 'https://moderation.example.com' },
  });
  fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'giulia@example.it' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'sbagliata' } });
  fireEvent.click(screen.getByRole('button', { name: label('Accedi', 'Sign in') }));
  return (await screen.findByRole('alert')).textContent;
}

describe('the sign-in screen', () => {
  it('says a wrong password in Italian, not in the core’s English', async () => {
    const shown = await signInRefused('it', {
      code: 'refused',
      message: 'invalid_credentials: wrong e-mail or password',
    });
    expect(shown).toBe('E-mail o password errate.');
  });

  it('says it in English for an English UI', async () => {
    const shown = await signInRefused('en', {
      code: 'refused',
      message: 'invalid_credentials: wrong e-mail or password',
    });
    expect(shown).toBe('Wrong e-mail or password.');
  });

  it('words an unreachable server from its code, whatever the network said', async () => {
    const shown = await signInRefused('it', {
      code: 'unavailable',
      message: 'fetch failed: ECONNREFUSED 10.0.0.1:443',
    });
    expect(shown).toBe("Il server non è raggiungibile: controlla l'indirizzo e la connessione, poi riprova.");
  });

  it('never shows a refusal it has no words for', async () => {
    const shown = await signInRefused('it', { code: 'refused', message: 'Something new the core said in English.' });
    expect(shown).toBe("Il server ha rifiutato l'accesso.");
  });

  it('says in Italian why the team server signed this computer out', async () => {
    const store = createAppStore({ call: vi.fn(), on: () => () => {} } as unknown as ContractClient);
    store.dispatch(
      syncStatusReceived({
        state: 'offline',
        pending: 2,
        lastSyncAt: null,
        lastError: 'the session expired: sign in again',
        problem: { code: 'session_expired' },
        progress: null,
        refused: 0,
      }),
    );
    render(
      <Provider store={store}>
        <I18nextProvider i18n={await createI18n('it')}>
          <SignInScreen />
        </I18nextProvider>
      </Provider>,
    );
    expect(screen.getByText('La sessione è scaduta: accedi di nuovo.')).toBeTruthy();
    expect(document.body.textContent).not.toContain('the session expired');
  });
});
