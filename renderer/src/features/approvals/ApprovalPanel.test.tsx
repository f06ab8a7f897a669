import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../../../shared/contract';
import { currentTextHash, DEFAULT_SLA, type Client, type Reply, type User } from '../../../../shared/domain';
import { createAppStore } from '../../app/store';
import { createI18n } from '../../i18n';
import { KeyboardProvider } from '../../keyboard/commands';
import { ApprovalPanel } from './ApprovalPanel';

afterEach(cleanup);

const client: Client = {
  id: 'cl-vitalia',
  name: 'Vitalia Pharma',
  regulation: 'pharma',
  languages: ['it'],
  sensitivity: { topics: [], productNames: ['Cardiolex'] },
  approvalChain: [
    { name: 'Revisione medica', approverIds: ['us-medical'] },
    { name: 'Revisione legale', approverIds: ['us-legal'] },
  ],
  approvalSlaMinutes: 60,
  sla: DEFAULT_SLA,
  moderationReasons: ['Spam'],
};

const reply: Reply = {
  id: 'rp-1',
  itemId: 'it-1',
  clientId: 'cl-vitalia',
  authorId: 'us-giulia',
  text: 'Per il dosaggio di Cardiolex si rivolga al suo medico.',
  visibility: 'public',
  status: 'awaiting_approval',
  version: 1,
  escalated: false,
  escalationNote: null,
  savedReplyId: null,
  createdAt: 1,
  updatedAt: 1,
  sentAt: null,
  approvals: [],
};

const medical: User = {
  id: 'us-medical',
  name: 'Dott.ssa Elena Marchetti',
  email: 'elena@example.it',
  role: 'approver',
  clientIds: ['cl-vitalia'],
  alsoApprover: false,
};

async function renderPanel(user: User, answer: { ok: boolean }) {
  const call = vi.fn(async (name: string) =>
    name === 'approval:decide' && !answer.ok
      ? { ok: false as const, error: { code: 'refused', message: 'invalid_credentials: wrong password' } }
      : { ok: true as const, value: { reply } },
  );
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
  const i18n = await createI18n('it');
  render(
    <Provider store={store}>
      <I18nextProvider i18n={i18n}>
        <KeyboardProvider>
          <ApprovalPanel reply={reply} client={client} user={user} />
        </KeyboardProvider>
      </I18nextProvider>
    </Provider>,
  );
  return call;
}

describe('the approval panel', () => {
  it("offers the decision only to a member of the step's group", async () => {
    await renderPanel({ ...medical, id: 'us-legal' }, { ok: true });
    expect(screen.getByText('In attesa di un membro di «Revisione medica».')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approva' })).toBeNull();
  });

  it('y opens the signature; the password and the exact text hash go to the server', async () => {
    const call = await renderPanel(medical, { ok: true });
    fireEvent.keyDown(document.body, { key: 'y' });
    const dialog = await screen.findByRole('dialog', { name: 'Approva la risposta' });
    fireEvent.change(screen.getByLabelText('Password per firmare'), { target: { value: 'demo-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Firma e conferma' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(dialog).toBeTruthy();
    expect(call).toHaveBeenCalledWith('approval:decide', {
      replyId: 'rp-1',
      stepIndex: 0,
      decision: 'approved',
      textHash: currentTextHash(reply),
      comment: null,
      password: 'demo-password',
      editedText: null,
      lang: 'it',
    });
  });

  it("keeps the dialog open with the server's reason, in the UI's language, when the password is wrong", async () => {
    await renderPanel(medical, { ok: false });
    fireEvent.click(screen.getByRole('button', { name: 'Rifiuta' }));
    fireEvent.change(screen.getByLabelText('Motivo del rifiuto (lo leggerà il moderatore)'), {
      target: { value: 'Manca il foglietto illustrativo' },
    });
    fireEvent.change(screen.getByLabelText('Password per firmare'), { target: { value: 'sbagliata' } });
    fireEvent.click(screen.getByRole('button', { name: 'Firma e conferma' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Password errata: non è stato registrato nulla.');
    expect(alert.textContent).not.toMatch(/wrong|invalid_credentials/);
    expect(screen.getByRole('dialog', { name: 'Rifiuta la risposta' })).toBeTruthy();
  });
});
