import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import i18next, { type i18n } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SavedReply } from '../../../../shared/domain/entities';
import { makeClient, signedPreApproval } from '../../../../shared/domain/testing';
import composerEn from '../../../../shared/i18n/locales/composer.en.json';
import composerIt from '../../../../shared/i18n/locales/composer.it.json';
import en from '../../../../shared/i18n/locales/en.json';
import it_ from '../../../../shared/i18n/locales/it.json';
import { CommandRegistry, KeyboardProvider } from '../../keyboard/commands';
import { Composer, type ComposerProps } from './Composer';

afterEach(cleanup);

const instances: Record<'it' | 'en', i18n> = {} as Record<'it' | 'en', i18n>;
beforeAll(async () => {
  for (const lng of ['it', 'en'] as const) {
    const instance = i18next.createInstance();
    await instance.use(initReactI18next).init({
      resources: {
        it: { translation: { ...it_, composer: composerIt } },
        en: { translation: { ...en, composer: composerEn } },
      },
      lng,
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
    });
    instances[lng] = instance;
  }
});

const savedReplies: SavedReply[] = [
  {
    id: 'sr-thanks',
    clientId: 'c-pharma',
    name: 'Grazie generico',
    text: 'Grazie {{contact.first_name}}! {{agent.first_name}} di {{client.name}}',
    lang: 'it',
    preApproved: false,
  },
  {
    id: 'sr-ae',
    clientId: 'c-pharma',
    name: 'Effetti collaterali',
    text: 'Ciao {{contact.first_name}}, per segnalare effetti collaterali scrivi a farmacovigilanza.',
    lang: 'it',
    preApproved: true,
    preApproval: signedPreApproval(
      'Ciao {{contact.first_name}}, per segnalare effetti collaterali scrivi a farmacovigilanza.',
      'public',
    ),
  },
];

function baseProps(overrides: Partial<ComposerProps> = {}): ComposerProps {
  return {
    itemId: 'item-1',
    platform: 'facebook',
    kind: 'comment',
    clientName: 'Cardio Pharma',
    contactFirstName: 'Anna',
    agentFirstName: 'Luca',
    interactionText: 'Bel post!',
    policy: makeClient().sensitivity,
    approvalChain: makeClient().approvalChain,
    savedReplies,
    draft: null,
    onDraftChange: vi.fn(),
    onSubmit: vi.fn(),
    onCancel: vi.fn(),
    mode: 'public',
    autoFocus: true,
    ...overrides,
  };
}

function renderComposer(overrides: Partial<ComposerProps> = {}, language: 'it' | 'en' = 'it') {
  const props = baseProps(overrides);
  const registry = new CommandRegistry();
  const view = render(
    <I18nextProvider i18n={instances[language]}>
      <KeyboardProvider registry={registry}>
        <Composer {...props} />
      </KeyboardProvider>
    </I18nextProvider>,
  );
  const textarea = screen.getByLabelText(language === 'it' ? 'Testo della risposta' : 'Reply text');
  const type = (text: string) => fireEvent.change(textarea, { target: { value: text } });
  return { props, registry, view, textarea: textarea as HTMLTextAreaElement, type };
}

const primaryButton = () => screen.getByRole('button', { name: /^(Invia|Invia per approvazione)$/ });

describe('Composer: saved replies with "/"', () => {
  it('suggests "Grazie…" for /gra and inserts it rendered with Enter', () => {
    const { textarea, type, props } = renderComposer();
    type('/gra');
    const option = screen.getByRole('option', { name: /Grazie generico/ });
    expect(option.getAttribute('aria-selected')).toBe('true');
    expect(textarea.getAttribute('aria-activedescendant')).toBe(option.id);

    fireEvent.keyDown(textarea, { key: 'Enter' });
    expect(textarea.value).toBe('Grazie Anna! Luca di Cardio Pharma');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(props.onDraftChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ text: 'Grazie Anna! Luca di Cardio Pharma', savedReplyId: 'sr-thanks' }),
    );
  });

  it('moves through the suggestions with the arrows and inserts with Tab', () => {
    const { textarea, type } = renderComposer();
    type('/');
    expect(screen.getAllByRole('option')).toHaveLength(2);
    fireEvent.keyDown(textarea, { key: 'ArrowDown' });
    fireEvent.keyDown(textarea, { key: 'Tab' });
    expect(textarea.value).toBe('Grazie Anna! Luca di Cardio Pharma');
  });

  it('Esc closes the list only; a second Esc cancels', () => {
    const { textarea, type, props } = renderComposer();
    type('/gra');
    fireEvent.keyDown(textarea, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(props.onCancel).not.toHaveBeenCalled();
    expect(textarea.value).toBe('/gra');

    fireEvent.keyDown(textarea, { key: 'Escape' });
    expect(props.onCancel).toHaveBeenCalledTimes(1);
  });

  it('flags unfilled variables and blocks sending until they are replaced', () => {
    const { textarea, type, props } = renderComposer({ contactFirstName: null });
    type('/gra');
    fireEvent.keyDown(textarea, { key: 'Enter' });
    expect(textarea.value).toBe('Grazie {{contact.first_name}}! Luca di Cardio Pharma');
    expect(screen.getByText('sostituisci le variabili non compilate nel testo:')).toBeTruthy();
    expect(screen.getAllByText('{{contact.first_name}}').length).toBeGreaterThanOrEqual(2); // list + preview
    expect(textarea.getAttribute('aria-invalid')).toBe('true');

    fireEvent.click(primaryButton());
    expect(props.onSubmit).not.toHaveBeenCalled();

    type('Grazie Marta! Luca di Cardio Pharma');
    fireEvent.click(primaryButton());
    expect(props.onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ text: 'Grazie Marta! Luca di Cardio Pharma', needsApproval: false }),
    );
  });
});

describe('Composer: approval', () => {
  it('turns the button into "Invia per approvazione" for a sensitive interaction', () => {
    const { type, props } = renderComposer({ interactionText: 'Che dose devo prendere?' });
    type('Ti rispondiamo in privato');
    const interaction = screen.getByLabelText('Interazione, con i termini sensibili evidenziati');
    expect(within(interaction).getByText('dose', { selector: 'mark' })).toBeTruthy();
    expect(screen.getByText("L'interazione contiene termini sensibili:")).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Invia per approvazione' }));
    expect(props.onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ needsApproval: true, escalated: false, escalationNote: null }),
    );
  });

  it('says why a reply with hidden characters or mixed alphabets needs approval, in Italian and English', () => {
    const { type, view } = renderComposer();
    type('La do\u200Bse giusta');
    expect(screen.getByText(/La risposta contiene caratteri invisibili/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Invia per approvazione' })).toBeTruthy();
    view.unmount();

    const english = renderComposer({}, 'en');
    english.type('Take 50 \u043C\u0433 a day');
    expect(screen.getByText(/The reply mixes alphabets/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Submit for approval' })).toBeTruthy();
  });

  it('needs no approval for a pre-approved saved reply used unchanged, and needs it again once edited', () => {
    const { textarea, type, props } = renderComposer({ interactionText: 'Ho avuto effetti collaterali' });
    type('/eff');
    fireEvent.keyDown(textarea, { key: 'Enter' });
    expect(screen.getByText(/pre-approvata usata senza modifiche/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Invia' }));
    expect(props.onSubmit).toHaveBeenLastCalledWith(
      expect.objectContaining({ savedReplyId: 'sr-ae', needsApproval: false, usedPreApprovedUnchanged: true }),
    );

    type(`${textarea.value} A presto!`);
    fireEvent.click(screen.getByRole('button', { name: 'Invia per approvazione' }));
    expect(props.onSubmit).toHaveBeenLastCalledWith(
      expect.objectContaining({ savedReplyId: 'sr-ae', needsApproval: true, usedPreApprovedUnchanged: false }),
    );
  });

  it('escalating by hand needs approval and passes the note', () => {
    const { type, props } = renderComposer();
    type('Grazie!');
    fireEvent.click(screen.getByLabelText('Inoltra al cliente per approvazione'));
    fireEvent.change(screen.getByLabelText('Nota per chi approva (facoltativa)'), {
      target: { value: '  Tono delicato  ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Invia per approvazione' }));
    expect(props.onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ escalated: true, escalationNote: 'Tono delicato', needsApproval: true }),
    );
  });

  it('speaks English too', () => {
    renderComposer({ interactionText: 'Cardiolex side effects?' }, 'en');
    expect(screen.getByRole('heading', { name: 'Public reply' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Submit for approval' })).toBeTruthy();
  });
});

describe('Composer: checks before sending', () => {
  it('warns about personal data in a public reply only, and offers a private reply', () => {
    const { type, props } = renderComposer();
    type('Chiamaci al 333 1234567 per la tua diagnosi');
    expect(screen.getByText('Dati personali in una risposta pubblica')).toBeTruthy();
    expect(screen.getByText('Numero di telefono: 333 1234567')).toBeTruthy();
    expect(screen.getByText('Informazioni sulla salute: diagnosi')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Rispondi in privato' }));
    expect(screen.queryByText('Dati personali in una risposta pubblica')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Risposta privata' })).toBeTruthy();
    expect(props.onDraftChange).toHaveBeenLastCalledWith(expect.objectContaining({ visibility: 'private' }));
  });

  it('does not block sending because of personal data', () => {
    const { type, props } = renderComposer({ platform: 'google', kind: 'review' });
    type('Scrivici a info@esempio.it');
    expect(screen.getByText(/qui non si può rispondere in privato/)).toBeTruthy();
    fireEvent.click(primaryButton());
    expect(props.onSubmit).toHaveBeenCalledWith(expect.objectContaining({ visibility: 'public' }));
  });

  it('counts characters live and blocks a reply over the platform limit', () => {
    const { type, props } = renderComposer({ platform: 'x' });
    type('a'.repeat(281));
    expect(screen.getByText('281 / 280')).toBeTruthy();
    expect(screen.getByText(/supera di 1 caratteri il limite di 280 di X/)).toBeTruthy();
    fireEvent.click(primaryButton());
    expect(props.onSubmit).not.toHaveBeenCalled();

    type('a'.repeat(280));
    fireEvent.click(primaryButton());
    expect(props.onSubmit).toHaveBeenCalledTimes(1);
  });

  it('refuses half an emoji before anything is saved or sent, and says so', () => {
    const { type, props, textarea } = renderComposer();
    type('Grazie 😀');
    expect(props.onDraftChange).toHaveBeenCalledTimes(1);
    type('Grazie 😀'.slice(0, -1));
    expect(screen.getByText(/togli il carattere che non si può inviare \(un NUL o mezza emoji/)).toBeTruthy();
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    expect(props.onDraftChange).toHaveBeenCalledTimes(1);
    fireEvent.click(primaryButton());
    expect(props.onSubmit).not.toHaveBeenCalled();

    type('Grazie!');
    fireEvent.click(primaryButton());
    expect(props.onSubmit).toHaveBeenCalledWith(expect.objectContaining({ text: 'Grazie!' }));
  });

  it('blocks an empty reply with a message once the moderator tries to send', () => {
    const { props } = renderComposer();
    expect(screen.queryByText('scrivi il testo della risposta.')).toBeNull();
    fireEvent.click(primaryButton());
    expect(props.onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('scrivi il testo della risposta.')).toBeTruthy();
  });

  it('opens publicly when a private reply is not available on the platform', () => {
    renderComposer({ platform: 'google', kind: 'review', mode: 'private' });
    expect(screen.getByRole('heading', { name: 'Risposta pubblica' })).toBeTruthy();
    expect(screen.getByText(/La risposta privata non è disponibile qui/)).toBeTruthy();
    expect(screen.queryByRole('radio')).toBeNull();
  });

  it('says so when the interaction cannot be answered, and Esc still goes back', () => {
    const onCancel = vi.fn();
    render(
      <I18nextProvider i18n={instances.it}>
        <KeyboardProvider>
          <Composer {...baseProps({ platform: 'instagram', kind: 'follow', onCancel })} />
        </KeyboardProvider>
      </I18nextProvider>,
    );
    expect(screen.getByText(/non si può rispondere da qui/)).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('offers both visibilities on a Facebook comment, opening with the one asked for', () => {
    renderComposer({ mode: 'private' });
    expect(screen.getByRole('radio', { name: /Privata/ })).toHaveProperty('checked', true);
    expect(screen.getByRole('radio', { name: /Pubblica/ })).toHaveProperty('checked', false);
  });
});

describe('Composer: keyboard and drafts', () => {
  it('sends with Mod+Enter from the textarea through the keymap', () => {
    const { textarea, type, props } = renderComposer();
    type('Grazie!');
    fireEvent.keyDown(textarea, { key: 'Enter', ctrlKey: true });
    expect(props.onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ text: 'Grazie!', visibility: 'public', needsApproval: false }),
    );
  });

  it('handles reply.send only while mounted', () => {
    const { registry, view } = renderComposer();
    expect(registry.available()).toContain('reply.send');
    view.unmount();
    expect(registry.available()).not.toContain('reply.send');
  });

  it('single-key shortcuts do not fire while typing', () => {
    const { textarea, registry } = renderComposer();
    const done = vi.fn();
    registry.register('item.archive', done);
    fireEvent.keyDown(textarea, { key: 'd' });
    expect(done).not.toHaveBeenCalled();
  });

  it('e outside the text escalates this reply and moves to the note', () => {
    const { type, props } = renderComposer();
    type('Grazie!');
    const cancel = screen.getByRole('button', { name: 'Annulla' });
    cancel.focus();
    fireEvent.keyDown(cancel, { key: 'e' });
    expect(screen.getByLabelText('Inoltra al cliente per approvazione')).toHaveProperty('checked', true);
    expect(document.activeElement).toBe(screen.getByLabelText('Nota per chi approva (facoltativa)'));
    expect(props.onDraftChange).toHaveBeenLastCalledWith(expect.objectContaining({ escalated: true }));
  });

  it('reports every edit to the caller and restores a saved draft', () => {
    const { type, props } = renderComposer({
      draft: { text: 'Bozza', visibility: 'public', savedReplyId: null, escalated: false, escalationNote: null },
    });
    expect((screen.getByLabelText('Testo della risposta') as HTMLTextAreaElement).value).toBe('Bozza');
    type('Bozza 2');
    type('Bozza 23');
    expect(props.onDraftChange).toHaveBeenCalledTimes(2);
    expect(props.onDraftChange).toHaveBeenLastCalledWith({
      text: 'Bozza 23',
      visibility: 'public',
      savedReplyId: null,
      escalated: false,
      escalationNote: null,
    });
  });
});
