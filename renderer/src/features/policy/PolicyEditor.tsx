import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientPolicyInput, PolicyView } from '../../../../shared/contract';
import { languages, regulations, type Language, type Regulation } from '../../../../shared/domain/entities';
import {
  freshId,
  fromDraft,
  MAX_STEPS,
  problemsOf,
  toDraft,
  type DraftProblem,
  type PolicyDraft,
  type StepDraft,
  type TopicDraft,
} from './draft';

export interface PolicyEditorProps {
  readonly view: PolicyView;
  readonly saving: boolean;
  readonly onSave: (policy: ClientPolicyInput) => void;
}

/** The policy form: fields the user may not change are shown but disabled (the server decides). */
export function PolicyEditor({ view, saving, onSave }: PolicyEditorProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<PolicyDraft>(() => toDraft(view.policy));
  const [tried, setTried] = useState(false);
  const { rights } = view;
  const problems = problemsOf(draft);
  const update = (patch: Partial<PolicyDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const setTopic = (index: number, patch: Partial<TopicDraft>) =>
    update({ topics: draft.topics.map((topic, at) => (at === index ? { ...topic, ...patch } : topic)) });
  const setStep = (index: number, patch: Partial<StepDraft>) =>
    update({ steps: draft.steps.map((step, at) => (at === index ? { ...step, ...patch } : step)) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.length === 0) onSave(fromDraft(draft));
  };

  return (
    <form className="policy-form" onSubmit={submit} aria-labelledby="policy-form-title">
      <h2 id="policy-form-title" className="visually-hidden">
        {view.clientName}
      </h2>
      {!rights.sensitivity && <p className="policy-note">{t('policy.readOnlyNote')}</p>}

      <div className="policy-field">
        <label htmlFor="policy-regulation">{t('policy.regulation.label')}</label>
        <select
          id="policy-regulation"
          value={draft.regulation}
          disabled={!rights.regulation}
          onChange={(event) => update({ regulation: event.target.value as Regulation })}
        >
          {regulations.map((kind) => (
            <option key={kind} value={kind}>
              {t(`policy.regulation.${kind}`)}
            </option>
          ))}
        </select>
      </div>

      <fieldset className="policy-section" disabled={!rights.sensitivity}>
        <legend>{t('policy.topics.title')}</legend>
        <p className="policy-hint">{t('policy.topics.hint')}</p>
        {draft.topics.map((topic, index) => (
          <fieldset key={topic.id} className="policy-topic">
            <legend>{t('policy.topics.topic', { index: index + 1 })}</legend>
            <label className="policy-field">
              <span>{t('policy.topics.label', { index: index + 1 })}</span>
              <input value={topic.label} onChange={(event) => setTopic(index, { label: event.target.value })} />
            </label>
            <label className="policy-field">
              <span>{t('policy.topics.keywords', { index: index + 1 })}</span>
              <textarea
                rows={3}
                value={topic.keywords}
                onChange={(event) => setTopic(index, { keywords: event.target.value })}
              />
            </label>
            <label className="policy-field">
              <span>{t('policy.topics.patterns', { index: index + 1 })}</span>
              <textarea
                rows={2}
                spellCheck={false}
                value={topic.patterns}
                aria-invalid={problems.some((p) => p.kind === 'badPattern' && p.topic === index)}
                onChange={(event) => setTopic(index, { patterns: event.target.value })}
              />
            </label>
            <div className="policy-field">
              <label htmlFor={`policy-lang-${topic.id}`}>{t('policy.topics.lang', { index: index + 1 })}</label>
              <select
                id={`policy-lang-${topic.id}`}
                value={topic.lang ?? ''}
                onChange={(event) => setTopic(index, { lang: (event.target.value || null) as Language | null })}
              >
                <option value="">{t('policy.topics.anyLanguage')}</option>
                {languages.map((lang) => (
                  <option key={lang} value={lang}>
                    {lang.toUpperCase()}
                  </option>
                ))}
              </select>
            </div>
            <ProblemList problems={problems} show={(p) => 'topic' in p && p.topic === index} />
            <button type="button" onClick={() => update({ topics: draft.topics.filter((_, at) => at !== index) })}>
              {t('policy.topics.remove', { index: index + 1 })}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() =>
            update({
              topics: [...draft.topics, { id: freshId('topic'), label: '', keywords: '', patterns: '', lang: null }],
            })
          }
        >
          {t('policy.topics.add')}
        </button>
        <label className="policy-field">
          <span>{t('policy.products.label')}</span>
          <textarea
            rows={3}
            value={draft.productNames}
            onChange={(event) => update({ productNames: event.target.value })}
          />
        </label>
      </fieldset>

      <fieldset className="policy-section" disabled={!rights.approvalChain}>
        <legend>{t('policy.chain.title')}</legend>
        <p className="policy-hint">{t('policy.chain.hint')}</p>
        {view.approvers.length === 0 && <p className="policy-note">{t('policy.chain.noApprovers')}</p>}
        <ol className="policy-steps">
          {draft.steps.map((step, index) => (
            <li key={step.key}>
              <label className="policy-field">
                <span>{t('policy.chain.name', { index: index + 1 })}</span>
                <input value={step.name} onChange={(event) => setStep(index, { name: event.target.value })} />
              </label>
              <fieldset className="policy-approvers">
                <legend>{t('policy.chain.approvers', { index: index + 1 })}</legend>
                {view.approvers.map((approver) => (
                  <label key={approver.id} className="policy-check">
                    <input
                      type="checkbox"
                      checked={step.approverIds.includes(approver.id)}
                      onChange={(event) =>
                        setStep(index, {
                          approverIds: event.target.checked
                            ? [...step.approverIds, approver.id]
                            : step.approverIds.filter((id) => id !== approver.id),
                        })
                      }
                    />
                    {approver.name}
                  </label>
                ))}
              </fieldset>
              <ProblemList problems={tried ? problems : []} show={(p) => p.kind === 'step' && p.step === index} />
              {draft.steps.length > 1 && (
                <button type="button" onClick={() => update({ steps: draft.steps.filter((_, at) => at !== index) })}>
                  {t('policy.chain.remove', { index: index + 1 })}
                </button>
              )}
            </li>
          ))}
        </ol>
        {draft.steps.length < MAX_STEPS && (
          <button
            type="button"
            onClick={() => update({ steps: [...draft.steps, { key: freshId('step'), name: '', approverIds: [] }] })}
          >
            {t('policy.chain.add')}
          </button>
        )}
      </fieldset>

      <div className="policy-field">
        <label htmlFor="policy-sla">{t('policy.sla.label')}</label>
        <input
          id="policy-sla"
          type="number"
          min={0.5}
          max={720}
          step={0.5}
          value={draft.slaHours}
          disabled={!rights.approvalSla}
          aria-describedby="policy-sla-hint"
          aria-invalid={problems.some((p) => p.kind === 'sla')}
          onChange={(event) => update({ slaHours: event.target.value })}
        />
        <small id="policy-sla-hint">{t('policy.sla.hint')}</small>
        <ProblemList problems={problems} show={(p) => p.kind === 'sla'} />
      </div>

      <label className="policy-field">
        <span>{t('policy.reasons.label')}</span>
        <textarea
          rows={4}
          value={draft.moderationReasons}
          disabled={!rights.moderationReasons}
          onChange={(event) => update({ moderationReasons: event.target.value })}
        />
      </label>

      <div className="policy-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('policy.saving') : t('policy.save')}
        </button>
      </div>
    </form>
  );
}

function ProblemList({
  problems,
  show,
}: {
  readonly problems: readonly DraftProblem[];
  readonly show: (problem: DraftProblem) => boolean;
}) {
  const { t } = useTranslation();
  const shown = problems.filter(show);
  if (shown.length === 0) return null;
  return (
    <ul className="policy-problems" role="alert">
      {shown.map((problem, index) => (
        <li key={index}>
          {problem.kind === 'badPattern'
            ? t('policy.topics.badPattern', { pattern: problem.pattern })
            : problem.kind === 'topic'
              ? t('policy.topics.needsLabel', { index: problem.topic + 1 })
              : problem.kind === 'step'
                ? t('policy.chain.needsApprover', { index: problem.step + 1 })
                : t('policy.sla.invalid')}
        </li>
      ))}
    </ul>
  );
}
