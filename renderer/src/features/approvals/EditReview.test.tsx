import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../../../shared/contract';
import { currentTextHash, type Reply, type User } from '../../../../shared/domain';
import { makeItem, makeReply } from '../../../../shared/domain/testing';
import { createAppStore } from '../../app/store';
import { createI18n } from '../../i18n';
import { EditReview } from './EditReview';

afterEach(cleanup);

const MINE = 'Per la dose di Cardiolex chieda al medico.';
const APPROVERS = 'Per la posologia di Cardiolex si rivolga al suo medico.';

const rewritten: Reply = makeReply({
  id: 'rp-1',
  status: 'approved',
  authorId: 'us-admin',
  text: APPROVERS,
  version: 2,
  approverEdit: null,
});
const reply: Reply = {
  ...rewritten,
  approverEdit: {
    approvalId: 'ap-edit',
    previousAuthorId: 'us-giulia',
    previousText: MINE,
    previousVisibility: 'public',
    textHash: currentTextHash(rewritten),
    confirmedAt: null,
  },
};

const person = (id: string, role: User['role']): User => ({
  id,
  name: id,
  email: `${id}@example.it`,
  role,
  clientIds: null,
  alsoApprover: false,
});

async function renderReview(user: User, language: 'it' | 'en') {
  const call = vi.fn(async () => ({
    ok: true as const,
    value: { reply: { ...reply, approverEdit: null }, item: makeItem({ id: 'it-1' }) },
  }));
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
  const i18n = await createI18n(language);
  render(
    <Provider store={store}>
      <I18nextProvider i18n={i18n}>
        <EditReview reply={reply} user={user} />
      </I18nextProvider>
    </Provider>,
  );
  return call;
}

describe('the approver’s edit, as the moderator who wrote the reply sees it', () => {
  it('shows their words against the approver’s, word by word', async () => {
    await renderReview(person('us-giulia', 'moderator'), 'en');
    const region = screen.getByRole('region', { name: 'The approver changed your words' });
    const removed = [...region.querySelectorAll('del')].map((node) => node.textContent);
    const added = [...region.querySelectorAll('ins')].map((node) => node.textContent);
    expect(removed.join(' ')).toContain('dose');
    expect(removed.join(' ')).toContain('removed: chieda');
    expect(added.join(' ')).toContain('posologia');
    expect(added.join(' ')).toContain('added: posologia');
    // Words both versions share are shown once, unmarked.
    expect(region.querySelector('.word-diff')?.textContent).toContain('Cardiolex');
  });

  it('confirm sends the exact hash of the approver’s version; the buttons are reachable from the keyboard', async () => {
    const call = await renderReview(person('us-giulia', 'moderator'), 'it');
    const confirm = screen.getByRole('button', { name: "Conferma le parole dell'approvatore" });
    const decline = screen.getByRole('button', { name: 'Rifiuta, tieni il mio testo' });
    // Native buttons: in the tab order, and Enter/Space press them.
    expect(confirm.tabIndex).toBe(0);
    expect(decline.tabIndex).toBe(0);
    confirm.focus();
    expect(document.activeElement).toBe(confirm);
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(call).toHaveBeenCalledWith('reply:reviewEdit', {
        replyId: 'rp-1',
        textHash: currentTextHash(reply),
        decision: 'confirm',
      }),
    );
  });

  it('decline asks for the moderator’s own text back', async () => {
    const call = await renderReview(person('us-giulia', 'moderator'), 'en');
    fireEvent.click(screen.getByRole('button', { name: 'Decline, keep my text' }));
    await waitFor(() =>
      expect(call).toHaveBeenCalledWith('reply:reviewEdit', expect.objectContaining({ decision: 'decline' })),
    );
  });

  it('anyone else only sees that it waits for the moderator', async () => {
    await renderReview(person('us-admin', 'admin'), 'en');
    expect(screen.getByText(/waits for the moderator who wrote it to confirm/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
