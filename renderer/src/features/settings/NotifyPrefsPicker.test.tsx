import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../../../shared/contract';
import { createAppStore } from '../../app/store';
import { createI18n } from '../../i18n';
import { NotifyPrefsPicker } from './NotifyPrefsPicker';
import { initialSettingsState } from './slice';

afterEach(cleanup);

async function renderPicker() {
  // The core answers a save with the whole settings, as it does.
  let saved: Record<string, unknown> = { language: 'en' };
  const call = vi.fn(async (_name: string, patch: Record<string, unknown>) => {
    saved = { ...saved, ...patch };
    return { ok: true as const, value: saved };
  });
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient, {
    settings: { ...initialSettingsState, saved: { language: 'en' } },
  });
  render(
    <Provider store={store}>
      <I18nextProvider i18n={await createI18n('en')}>
        <NotifyPrefsPicker />
      </I18nextProvider>
    </Provider>,
  );
  return { call };
}

describe('notification preferences', () => {
  it('turns one kind off, then do not disturb, each saved through the core', async () => {
    const { call } = await renderPicker();
    expect(screen.getByRole('group', { name: 'Notifications' })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByLabelText('Negative reviews'));
    });
    expect(call).toHaveBeenLastCalledWith('settings:set', {
      notifications: { quiet: false, off: ['negative_review'] },
    });
    expect((screen.getByLabelText('Negative reviews') as HTMLInputElement).checked).toBe(false);
    await act(async () => {
      fireEvent.click(screen.getByLabelText('Do not disturb'));
    });
    expect(call).toHaveBeenLastCalledWith('settings:set', {
      notifications: { quiet: true, off: ['negative_review'] },
    });
    // In do not disturb the kinds cannot be chosen; adverse events are said to notify anyway.
    expect((screen.getByLabelText('Urgent direct messages') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('Possible adverse events always notify.')).toBeTruthy();
  });
});
