import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../../../shared/contract';
import type { User } from '../../../../shared/domain/entities';
import { createAppStore } from '../../app/store';
import { emptyQueueAnswers, renderWholeApp } from '../../app/testing';

afterEach(cleanup);

const person = (role: User['role']): User => ({
  id: `us-${role}`,
  name: `A ${role}`,
  email: `${role}@example.it`,
  role,
  clientIds: null,
  alsoApprover: false,
});

async function renderAppAs(user: User) {
  const answers: Record<string, unknown> = {
    ...emptyQueueAnswers,
    'session:get': { user },
    'connection:get': { mode: 'team', serverUrl: 'https://team.example.it', user },
    'policy:clients': { clients: [] },
  };
  const call = vi.fn(async (name: string) => ({ ok: true as const, value: answers[name] ?? {} }));
  const store = createAppStore({ call, on: () => () => {} } as unknown as ContractClient);
  await renderWholeApp(store, 'en');
  return call;
}

describe('reaching the client policy', () => {
  it('an admin opens it from the sidebar', async () => {
    await renderAppAs(person('admin'));
    fireEvent.click(await screen.findByRole('button', { name: 'Client policy' }));
    // The editor's code loads when it is first opened.
    expect((await screen.findByRole('heading', { level: 1, name: 'Client policy' })).textContent).toBe('Client policy');
    expect(await screen.findByText('There is no client whose policy you may edit.')).toBeTruthy();
  });

  it('a lead opens it with g p', async () => {
    await renderAppAs(person('lead'));
    await screen.findByRole('button', { name: 'Client policy' });
    act(() => {
      fireEvent.keyDown(window, { key: 'g' });
      fireEvent.keyDown(window, { key: 'p' });
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Client policy' })).toBeTruthy();
  });

  it('a moderator never sees it, and g p does nothing', async () => {
    const call = await renderAppAs(person('moderator'));
    await screen.findByRole('button', { name: 'Settings' });
    expect(screen.queryByRole('button', { name: 'Client policy' })).toBeNull();
    act(() => {
      fireEvent.keyDown(window, { key: 'g' });
      fireEvent.keyDown(window, { key: 'p' });
    });
    expect(screen.queryByRole('heading', { level: 1, name: 'Client policy' })).toBeNull();
    expect(call).not.toHaveBeenCalledWith('policy:clients', expect.anything());
  });
});
