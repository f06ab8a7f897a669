import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../../shared/contract';
import { initialAppState } from '../features/app/slice';
import { initialSettingsState } from '../features/settings/slice';
import { createAppStore } from '../app/store';
import { savedViews } from '../features/queue/Sidebar';
import { emptyQueueAnswers, renderWholeApp } from '../app/testing';
import { commandIds } from './keymap';

afterEach(cleanup);

async function renderQueue() {
  const answers: Record<string, unknown> = {
    ...emptyQueueAnswers,
    'session:get': { user: null },
    'connection:get': { mode: 'solo', serverUrl: null, user: null },
  };
  const call = vi.fn(async (name: string, args: unknown) => ({
    ok: true as const,
    value: name in answers ? answers[name] : { language: null, ...(args as object) },
  }));
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient, {
    app: { ...initialAppState, info: { ...initialAppState.info, systemLocale: 'it-IT' } },
    settings: { ...initialSettingsState, saved: { language: 'it' } },
  });
  await renderWholeApp(store, 'it');
  await screen.findByText('Nessuna interazione da gestire');
}

const neverWired = ['Vai alle approvazioni', 'Vai ai report', 'Vista salvata 7', 'Vista salvata 8', 'Vista salvata 9'];

describe('the shortcuts the app shows', () => {
  it('the help overlay lists only shortcuts that do something here', async () => {
    await renderQueue();
    fireEvent.keyDown(document.body, { key: '?' });
    const help = await screen.findByRole('dialog', { name: 'Scorciatoie da tastiera' });
    for (const label of neverWired) expect(within(help).queryByText(label)).toBeNull();
    // What works on the queue is there: going to the settings, the six views of the sidebar.
    expect(within(help).getByText('Vai alle impostazioni')).toBeTruthy();
    expect(within(help).getByText('Vista salvata 6')).toBeTruthy();
    // Nothing to act on in an empty queue: the item commands are not offered.
    expect(within(help).queryByText('Assegna a me')).toBeNull();
  }, 20_000);

  it('the command palette offers only what has a handler', async () => {
    await renderQueue();
    fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    const palette = await screen.findByRole('listbox', { name: 'Tavolozza dei comandi' });
    for (const label of neverWired) expect(within(palette).queryByText(label)).toBeNull();
    expect(within(palette).getByText('Vai alle impostazioni')).toBeTruthy();
  }, 20_000);

  it('every command of the keymap is handled somewhere, so none can be listed and do nothing', () => {
    // Every source file of the renderer, as text (Vite reads them at build time of the test).
    const files = import.meta.glob(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    const code = Object.values(files).join('\n');
    const handled = new Set([...code.matchAll(/useCommand\(\s*'([\w.]+)'/g)].map((match) => match[1]));
    // The saved views' commands are registered in a loop, one per view of the sidebar.
    savedViews.forEach((_, index) => handled.add(`view.${index + 1}`));
    expect(commandIds.filter((command) => !handled.has(command))).toEqual([]);
  });
});
