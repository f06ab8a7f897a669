import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { createI18n } from '../i18n';
import { KeyboardProvider } from '../keyboard/commands';
import { App } from './App';
import type { AppStore } from './store';

/** Tests' helpers for the whole app: the core's answers for an empty queue, and rendering it. */

/** What the core answers for a queue with nothing in it (list, first view, counts). */
export const emptyQueueAnswers: Readonly<Record<string, unknown>> = {
  'queue:list': { rows: [], nextCursor: null, searchLimited: false },
  'queue:open': { page: { rows: [], nextCursor: null, searchLimited: false }, detail: null, contact: null },
  'queue:counts': {
    views: { inbox: 0, mine: 0, awaiting_approval: 0, snoozed: 0, done: 0, all: 0 },
    needsApproval: 0,
    clients: [],
    channels: [],
  },
};

/** Renders the whole app on `store` in `language`; resolves once the connection gate let it show. */
export async function renderWholeApp(store: AppStore, language: 'it' | 'en'): Promise<void> {
  const i18n = await createI18n(language);
  render(
    <Provider store={store}>
      <I18nextProvider i18n={i18n}>
        <KeyboardProvider>
          <App />
        </KeyboardProvider>
      </I18nextProvider>
    </Provider>,
  );
  await screen.findAllByRole('navigation');
}
