import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../../../shared/contract';
import { DEFAULT_SLA, type Client } from '../../../../shared/domain';
import { createAppStore } from '../../app/store';
import { createI18n } from '../../i18n';
import { KeyboardProvider } from '../../keyboard/commands';
import { QueuePickers } from './QueuePickers';

afterEach(cleanup);

const politician: Client = {
  id: 'cl-bellini',
  name: 'On. Laura Bellini',
  regulation: 'politics',
  languages: ['it'],
  sensitivity: { topics: [], productNames: [] },
  approvalChain: [{ name: 'Staff', approverIds: ['us-staff'] }],
  approvalSlaMinutes: 60,
  sla: DEFAULT_SLA,
  moderationReasons: ['Insulti', 'Spam', 'Dati personali'],
};

/** The hide picker (`h`) for a client whose policy the desktop core answers with `client`. */
async function openHide(client: Client) {
  const call = vi.fn(async (name: string) =>
    name === 'client:get' ? { ok: true as const, value: client } : { ok: true as const, value: null },
  );
  const run = vi.fn(async () => {});
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
  const i18n = await createI18n('it');
  render(
    <Provider store={store}>
      <I18nextProvider i18n={i18n}>
        <KeyboardProvider>
          <QueuePickers picker="hide" clientId={client.id} run={run} />
        </KeyboardProvider>
      </I18nextProvider>
    </Provider>,
  );
  return run;
}

describe('the hide picker', () => {
  it("offers exactly the client's moderation reasons and hides with the one chosen", async () => {
    const run = await openHide(politician);
    await screen.findByRole('option', { name: 'Insulti' });
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
      'Insulti',
      'Spam',
      'Dati personali',
    ]);
    // No reason of one's own: the field cannot be typed in.
    const field = screen.getByRole('combobox', { name: 'Nascondi: motivo (dalla policy di moderazione)' });
    expect(field.hasAttribute('readonly')).toBe(true);
    fireEvent.keyDown(field, { key: 'ArrowDown' });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(run).toHaveBeenCalledWith({ type: 'hide', reason: 'Spam' });
  });

  it('says why there is nothing to choose when the policy lists no reason', async () => {
    const run = await openHide({ ...politician, moderationReasons: [] });
    expect((await screen.findByRole('status')).textContent).toContain('non elenca motivi per nascondere');
    fireEvent.keyDown(screen.getByRole('combobox'), { key: 'Enter' });
    expect(run).not.toHaveBeenCalled();
  });
});
