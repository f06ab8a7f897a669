import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../../../shared/contract';
import { createAppStore } from '../../app/store';
import { createI18n } from '../../i18n';
import { KeyboardProvider } from '../../keyboard/commands';
import { NoteDialog } from './NoteDialog';

afterEach(cleanup);

/** The note dialog (`n`) on a contact, with a core that records what it is asked to save. */
async function openNote() {
  const call = vi.fn(async (name: string, args: unknown) =>
    name === 'note:add' ? { ok: true as const, value: { note: args } } : { ok: true as const, value: null },
  );
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
  const i18n = await createI18n('en');
  render(
    <Provider store={store}>
      <I18nextProvider i18n={i18n}>
        <KeyboardProvider>
          <NoteDialog contactId="ct-1" contactName="Anna" itemId="it-1" />
        </KeyboardProvider>
      </I18nextProvider>
    </Provider>,
  );
  return call;
}

describe('the note dialog', () => {
  it('says a note with half an emoji cannot be saved, and does not send it', async () => {
    const call = await openNote();
    const field = screen.getByRole('textbox', { name: 'Note for the team (visible on every channel)' });
    const save = screen.getByRole('button', { name: 'Save note (Ctrl/⌘ Enter)' });
    // A cut emoji: the high surrogate of 😀 alone.
    fireEvent.change(field, { target: { value: 'Called back \ud83d' } });
    expect(screen.getByRole('alert').textContent).toContain('cannot be saved');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(save.hasAttribute('disabled')).toBe(true);
    fireEvent.click(save);
    expect(call.mock.calls.filter(([name]) => name === 'note:add')).toHaveLength(0);
  });

  it('saves a clean note, emoji included', async () => {
    const call = await openNote();
    const field = screen.getByRole('textbox', { name: 'Note for the team (visible on every channel)' });
    fireEvent.change(field, { target: { value: 'Called back 😀' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save note (Ctrl/⌘ Enter)' }));
    await waitFor(() => expect(call.mock.calls.some(([name]) => name === 'note:add')).toBe(true));
    const [, args] = call.mock.calls.find(([name]) => name === 'note:add') ?? [];
    expect(args).toMatchObject({ contactId: 'ct-1', text: 'Called back 😀' });
  });
});
