/**
 * The policy editor's form model: lists edited as one entry per line, the SLA in hours, and the
 * checks the editor makes before sending (the team server checks them all again).
 */
import type { ClientPolicy, ClientPolicyInput } from '../../../../shared/contract';
import type { Language, Regulation } from '../../../../shared/domain/entities';

export interface TopicDraft {
  readonly id: string;
  readonly label: string;
  readonly keywords: string;
  readonly patterns: string;
  readonly lang: Language | null;
}

export interface StepDraft {
  readonly key: string;
  readonly name: string;
  readonly approverIds: readonly string[];
}

export interface PolicyDraft {
  readonly regulation: Regulation;
  readonly topics: readonly TopicDraft[];
  readonly productNames: string;
  readonly steps: readonly StepDraft[];
  readonly slaHours: string;
  readonly moderationReasons: string;
}

export type DraftProblem =
  | { readonly kind: 'badPattern'; readonly topic: number; readonly pattern: string }
  | { readonly kind: 'topic'; readonly topic: number }
  | { readonly kind: 'step'; readonly step: number }
  | { readonly kind: 'sla' };

export const MAX_STEPS = 3;

let counter = 0;
/** A new id for a topic or a step's list key (unique within an editing session). */
export function freshId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** One entry per line, trimmed, empty lines and repeats dropped. */
export function lines(text: string): string[] {
  return [...new Set(text.split('\n').map((line) => line.trim()))].filter((line) => line !== '');
}

export function toDraft(policy: ClientPolicy): PolicyDraft {
  return {
    regulation: policy.regulation,
    topics: policy.sensitivity.topics.map((topic) => ({
      id: topic.id,
      label: topic.label,
      keywords: topic.keywords.join('\n'),
      patterns: topic.patterns.join('\n'),
      lang: topic.lang,
    })),
    productNames: policy.sensitivity.productNames.join('\n'),
    steps: policy.approvalChain.map((step) => ({
      key: freshId('step'),
      name: step.name,
      approverIds: step.approverIds,
    })),
    slaHours: String(Math.round((policy.approvalSlaMinutes / 60) * 100) / 100),
    moderationReasons: policy.moderationReasons.join('\n'),
  };
}

/** Whether the sensitivity matcher can compile a pattern (Unicode mode first, then legacy). */
export function isValidPattern(source: string): boolean {
  for (const flags of ['giu', 'gi']) {
    try {
      new RegExp(source, flags);
      return true;
    } catch {
      // try the next flag set
    }
  }
  return false;
}

/** A topic added and left blank is not saved. */
function isEmptyTopic(topic: TopicDraft): boolean {
  return topic.label.trim() === '' && lines(topic.keywords).length === 0 && lines(topic.patterns).length === 0;
}

export function problemsOf(draft: PolicyDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  draft.topics.forEach((topic, index) => {
    if (topic.label.trim() === '' && !isEmptyTopic(topic)) problems.push({ kind: 'topic', topic: index });
    for (const pattern of lines(topic.patterns)) {
      if (!isValidPattern(pattern)) problems.push({ kind: 'badPattern', topic: index, pattern });
    }
  });
  draft.steps.forEach((step, index) => {
    if (step.name.trim() === '' || step.approverIds.length === 0) problems.push({ kind: 'step', step: index });
  });
  const hours = Number(draft.slaHours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 720) problems.push({ kind: 'sla' });
  return problems;
}

export function fromDraft(draft: PolicyDraft): ClientPolicyInput {
  return {
    regulation: draft.regulation,
    sensitivity: {
      topics: draft.topics
        .filter((topic) => !isEmptyTopic(topic))
        .map((topic) => ({
          id: topic.id,
          label: topic.label.trim(),
          keywords: lines(topic.keywords),
          patterns: lines(topic.patterns),
          lang: topic.lang,
        })),
      productNames: lines(draft.productNames),
    },
    approvalChain: draft.steps.map((step) => ({ name: step.name.trim(), approverIds: [...step.approverIds] })),
    approvalSlaMinutes: Math.max(1, Math.round(Number(draft.slaHours) * 60)),
    moderationReasons: lines(draft.moderationReasons),
  };
}
