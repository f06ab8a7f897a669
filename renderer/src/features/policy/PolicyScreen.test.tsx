import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient, ContractError, PolicyRights, PolicyView } from '../../../../shared/contract';
import { signedPreApproval } from '../../../../shared/domain/testing';
import { createAppStore } from '../../app/store';
import { createI18n } from '../../i18n';
import { KeyboardProvider } from '../../keyboard/commands';
import { PolicyScreen } from './PolicyScreen';

afterEach(cleanup);

const ALL: PolicyRights = {
  regulation: true,
  sensitivity: true,
  approvalChain: true,
  moderationReasons: true,
  approvalSla: true,
  savedReplies: true,
  preApprove: true,
};

function viewOf(rights: PolicyRights = ALL): PolicyView {
  return {
    clientId: 'cl-vitalia',
    clientName: 'Vitalia Pharma',
    version: 'v1',
    policy: {
      regulation: 'pharma',
      sensitivity: {
        topics: [{ id: 'dosage', label: 'Dosaggio', keywords: ['dose'], patterns: ['\\d+ ?mg'], lang: null }],
        productNames: ['Cardiolex'],
      },
      approvalChain: [{ name: 'Revisione medica', approverIds: ['us-medical'] }],
      approvalSlaMinutes: 1440,
      moderationReasons: ['Spam'],
    },
    approvers: [
      { id: 'us-medical', name: 'Elena Marchetti' },
      { id: 'us-legal', name: 'Federica Galli' },
    ],
    savedReplies: [
      {
        id: 'sr-1',
        clientId: 'cl-vitalia',
        name: 'Posologia',
        text: 'Ne parli con il suo medico.',
        lang: 'it',
        preApproved: true,
        preApproval: signedPreApproval('Ne parli con il suo medico.', 'public'),
        version: 'r1',
      },
    ],
    rights,
  };
}

type Answer = { ok: true; value: unknown } | { ok: false; error: ContractError };

async function renderScreen(view: PolicyView, answers: Record<string, (args: unknown) => Answer> = {}) {
  const call = vi.fn(async (name: string, args: unknown): Promise<Answer> => {
    const answer = answers[name];
    if (answer) return answer(args);
    if (name === 'policy:clients')
      return { ok: true, value: { clients: [{ id: 'cl-vitalia', name: 'Vitalia Pharma', regulation: 'pharma' }] } };
    if (name === 'policy:get') return { ok: true, value: view };
    return { ok: false, error: { code: 'internal', message: `unexpected ${name}` } };
  });
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
  const i18n = await createI18n('it');
  render(
    <Provider store={store}>
      <I18nextProvider i18n={i18n}>
        <KeyboardProvider>
          <PolicyScreen />
        </KeyboardProvider>
      </I18nextProvider>
    </Provider>,
  );
  await screen.findByLabelText("Nome dell'argomento 1");
  return call;
}

describe('the client policy screen', () => {
  it('says editing is online only, and saves a new keyword with the version it was based on', async () => {
    const call = await renderScreen(viewOf(), {
      'policy:save': (args) => ({
        ok: true,
        value: { ...viewOf(), version: 'v2', policy: (args as PolicyView).policy },
      }),
    });
    expect(screen.getByText(/serve una connessione/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Parole chiave dell'argomento 1 (una per riga)"), {
      target: { value: 'dose\nposologia\n' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Salva la policy' }));
    expect(await screen.findByText(/Policy salvata/)).toBeTruthy();
    const saved = call.mock.calls.find(([name]) => name === 'policy:save')?.[1] as {
      version: string;
      policy: PolicyView['policy'];
    };
    expect(saved.version).toBe('v1');
    expect(saved.policy.sensitivity.topics[0]?.keywords).toEqual(['dose', 'posologia']);
    expect(saved.policy.approvalSlaMinutes).toBe(1440);
  });

  it('names an invalid pattern and does not send it', async () => {
    const call = await renderScreen(viewOf());
    fireEvent.change(screen.getByLabelText("Espressioni dell'argomento 1 (espressioni regolari, una per riga)"), {
      target: { value: '\\d+ (mg' },
    });
    expect(await screen.findByText("«\\d+ (mg» non è un'espressione regolare valida.")).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Salva la policy' }));
    expect(call.mock.calls.some(([name]) => name === 'policy:save')).toBe(false);
  });

  it('refuses an approval SLA of zero hours before sending', async () => {
    const call = await renderScreen(viewOf());
    fireEvent.change(screen.getByLabelText('SLA di approvazione (ore)'), { target: { value: '0' } });
    expect(await screen.findByText('Inserisci un valore tra 0,5 e 720 ore.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Salva la policy' }));
    expect(call.mock.calls.some(([name]) => name === 'policy:save')).toBe(false);
  });

  it('picks each step’s approvers among the client’s, at most three steps', async () => {
    const call = await renderScreen(viewOf(), {
      'policy:save': () => ({ ok: true, value: viewOf() }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Aggiungi un passaggio' }));
    fireEvent.change(screen.getByLabelText('Nome del passaggio 2 (il significato delle sue firme)'), {
      target: { value: 'Revisione legale' },
    });
    const step2 = screen.getByRole('group', { name: 'Approvatori del passaggio 2' });
    fireEvent.click(within(step2).getByLabelText('Federica Galli'));
    fireEvent.click(screen.getByRole('button', { name: 'Aggiungi un passaggio' }));
    expect(screen.queryByRole('button', { name: 'Aggiungi un passaggio' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Rimuovi il passaggio 3' }));
    fireEvent.click(screen.getByRole('button', { name: 'Salva la policy' }));
    await waitFor(() => expect(call.mock.calls.some(([name]) => name === 'policy:save')).toBe(true));
    const saved = call.mock.calls.find(([name]) => name === 'policy:save')?.[1] as { policy: PolicyView['policy'] };
    expect(saved.policy.approvalChain).toEqual([
      { name: 'Revisione medica', approverIds: ['us-medical'] },
      { name: 'Revisione legale', approverIds: ['us-legal'] },
    ]);
  });

  it('tells the user when someone else saved first, and offers to reload', async () => {
    await renderScreen(viewOf(), {
      'policy:save': () => ({
        ok: false,
        error: { code: 'refused', message: 'conflict: the policy was changed by someone else' },
      }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Salva la policy' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Qualcun altro ha modificato');
    expect(screen.getByRole('button', { name: 'Ricarica' })).toBeTruthy();
  });

  it.each([
    ['invalid_approver: step "Legale": us-x is not an approver of this client', /approvatore di questo cliente/],
    ['invalid_request: approvalChain.0.name: Too small', /non rispettava le regole del server/],
  ])("words the server's refusal in Italian, never its English message (%s)", async (message, expected) => {
    await renderScreen(viewOf(), { 'policy:save': () => ({ ok: false, error: { code: 'refused', message } }) });
    fireEvent.click(screen.getByRole('button', { name: 'Salva la policy' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(expected);
    expect(alert.textContent).not.toContain(message.split(': ')[1]);
  });

  it('shows a lead the topics disabled, and warns that editing a pre-approved reply needs re-approval', async () => {
    const lead = { ...ALL, regulation: false, sensitivity: false, approvalChain: false, moderationReasons: false };
    const call = await renderScreen(viewOf({ ...lead, preApprove: false }), {
      'savedReply:save': (args) => ({
        ok: true,
        value: {
          savedReply: {
            ...viewOf().savedReplies[0],
            ...(args as { reply: object }).reply,
            preApproved: false,
            preApproval: null,
            version: 'r2',
          },
          preApprovalDropped: true,
        },
      }),
    });
    expect(screen.getByLabelText("Nome dell'argomento 1").matches(':disabled')).toBe(true);
    expect(screen.getByLabelText('SLA di approvazione (ore)').matches(':disabled')).toBe(false);
    expect(screen.getByText('Pre-approvata dal cliente (risposte pubbliche)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Modifica «Posologia»' }));
    expect(screen.getByText(/le firme del cliente decadono/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Testo'), { target: { value: 'Chieda al suo medico.' } });
    // A lead cannot submit the new text to the client: the submission is withdrawn, and says so.
    const submission = screen.getByLabelText('Pre-approvazione della catena di approvazione del cliente');
    expect((submission as HTMLSelectElement).value).toBe('');
    expect(submission.matches(':disabled')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Salva la risposta' }));
    await waitFor(() => expect(call.mock.calls.some(([name]) => name === 'savedReply:save')).toBe(true));
    const sent = call.mock.calls.find(([name]) => name === 'savedReply:save')?.[1] as {
      savedReplyId: string;
      version: string;
      reply: { preApprovalFor: string | null };
    };
    expect(sent).toMatchObject({ savedReplyId: 'sr-1', version: 'r1', reply: { preApprovalFor: null } });
    expect(sent.reply).not.toHaveProperty('preApproved');
    expect(await screen.findByText('Richiede approvazione')).toBeTruthy();
  });

  it('says a connection is needed when the team server cannot be reached', async () => {
    const call = vi.fn(async () => ({
      ok: false as const,
      error: { code: 'unavailable' as const, message: 'Policy changes need a connection to the team server' },
    }));
    const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
    const i18n = await createI18n('en');
    render(
      <Provider store={store}>
        <I18nextProvider i18n={i18n}>
          <PolicyScreen />
        </I18nextProvider>
      </Provider>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Policy changes need a connection to the team server.',
    );
  });
});
