import { describe, expect, it } from 'vitest';
import type { ClientPolicy } from '../../../../shared/contract';
import { fromDraft, problemsOf, toDraft } from './draft';

const policy: ClientPolicy = {
  regulation: 'pharma',
  sensitivity: {
    topics: [{ id: 'dosage', label: 'Dosaggio', keywords: ['dose', 'compressa'], patterns: ['\\d+ ?mg'], lang: null }],
    productNames: ['Cardiolex'],
  },
  approvalChain: [{ name: 'Revisione medica', approverIds: ['us-medical'] }],
  approvalSlaMinutes: 90,
  moderationReasons: ['Spam'],
};

describe('the policy form model', () => {
  it('round-trips a policy: lists one per line, the SLA in hours', () => {
    const draft = toDraft(policy);
    expect(draft.slaHours).toBe('1.5');
    expect(draft.topics[0]?.keywords).toBe('dose\ncompressa');
    expect(fromDraft(draft)).toEqual(policy);
  });

  it('trims lines and drops blanks and repeats; a blank new topic is not saved', () => {
    const draft = toDraft(policy);
    const edited = {
      ...draft,
      productNames: ' Cardiolex \n\nRespirax\nCardiolex',
      topics: [...draft.topics, { id: 'new', label: '', keywords: ' ', patterns: '', lang: null }],
    };
    const saved = fromDraft(edited);
    expect(saved.sensitivity.productNames).toEqual(['Cardiolex', 'Respirax']);
    expect(saved.sensitivity.topics).toHaveLength(1);
    expect(problemsOf(edited)).toEqual([]);
  });

  it('names what must be fixed before saving', () => {
    const draft = toDraft(policy);
    const broken = {
      ...draft,
      topics: [
        { ...draft.topics[0]!, patterns: '(unclosed' },
        { id: 'x', label: '', keywords: 'x', patterns: '', lang: null },
      ],
      steps: [{ key: 's', name: 'Legale', approverIds: [] }],
      slaHours: '0',
    };
    expect(problemsOf(broken)).toEqual([
      { kind: 'badPattern', topic: 0, pattern: '(unclosed' },
      { kind: 'topic', topic: 1 },
      { kind: 'step', step: 0 },
      { kind: 'sla' },
    ]);
  });
});
