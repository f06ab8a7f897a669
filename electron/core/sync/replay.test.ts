import { describe, expect, it, vi } from 'vitest';
import { ContractFailure } from '../../../shared/contract';
import { mutationOfRequest } from '../../../shared/domain';
import { allItemActionExamples } from '../../../shared/domain/testing';
import type { PendingMutation } from '../replica/outbox';
import { replayMutation, type ReplayTargets } from './replay';

function targets() {
  return {
    act: vi.fn<ReplayTargets['act']>(),
    replayDraft: vi.fn(),
    replaySend: vi.fn(),
    replayReviewEdit: vi.fn(),
    replaySubmit: vi.fn(),
    replayNote: vi.fn(),
  };
}

const pending = (name: string, args: unknown): PendingMutation => ({
  clientId: 'replica-0001',
  id: 1,
  name,
  args: JSON.parse(JSON.stringify(args)) as unknown,
  createdAt: 1,
  status: 'pending',
  refusedCode: null,
  refusedMessage: null,
});

const examples = allItemActionExamples({
  assignees: ['us-giulia'],
  policyReason: 'Spam',
  until: 2_000_000_000_000,
  labels: ['urgente'],
});

describe('replaying a pending item mutation', () => {
  it.each(examples.map((request) => [JSON.stringify(request), request] as const))(
    '%s acts again with the same request, on the same item, without a new outbox row',
    (_name, request) => {
      const to = targets();
      const { name, args } = mutationOfRequest('it-7', request);
      replayMutation(to, pending(name, args));
      expect(to.act).toHaveBeenCalledOnce();
      expect(to.act).toHaveBeenCalledWith('it-7', request, true);
    },
  );

  it('refuses arguments that are not its name’s, acting on nothing', () => {
    const to = targets();
    expect(() => replayMutation(to, pending('item.archive', { itemId: 'it-7' }))).toThrow(ContractFailure);
    expect(to.act).not.toHaveBeenCalled();
  });
});
