/**
 * One reply in context (the conversation, the proposed text, the chain with its signatures) with
 * the three decisions; the word diff of an edit before it is signed; the signed result.
 */
import { diffWords } from 'diff';
import type { Approval, Interaction, Reply } from '../../../shared/domain/entities';
import { awaitsEditConfirmation, currentTextHash, finalWordsSeenBy } from '../../../shared/domain';
import type { Html } from './html';
import { html } from './html';
import type { PageFrame } from './layout';
import { BASE, hiddenCsrf, layout } from './layout';
import type { ReplyInContext } from './queries';
import { alert, platformNames, timeElement } from './views';

/** What the forms keep after a refusal (never the password). */
export interface DecisionFormState {
  readonly message: string | null;
  readonly comment: string;
  readonly reason: string;
  readonly editedText: string | null;
}

export const emptyForm: DecisionFormState = { message: null, comment: '', reason: '', editedText: null };

function interactionBlock(frame: PageFrame, context: ReplyInContext, entry: Interaction, main: boolean): Html {
  const { t, lang } = frame;
  const contact = context.contacts.get(entry.contactId);
  const from = t('item.from', {
    name: contact?.displayName ?? entry.contactId,
    platform: platformNames[context.channel?.platform ?? ''] ?? context.channel?.platform ?? '',
    channel: context.channel?.name ?? '',
    time: '',
  });
  const flags = (['sensitive', 'adverseEvent', 'spam', 'profanity'] as const).filter((flag) => entry.flags[flag]);
  return html`<article class="${main ? 'message main' : 'message'}" lang="${entry.lang ?? null}">
    <p class="meta">${from}${timeElement(lang, entry.createdAt)}</p>
    ${entry.rating === null ? null : html`<p class="meta">${t('item.rating', { rating: entry.rating })}</p>`}
    <blockquote>${entry.text}</blockquote>
    ${
      flags.length === 0
        ? null
        : html`<p class="meta">
            ${t('item.flags')}:
            ${flags.map((flag) => html`<span class="tag overdue">${t(`item.flag.${flag}`)}</span> `)}
          </p>`
    }
  </article>`;
}

function signatureLine(frame: PageFrame, context: ReplyInContext, approval: Approval): Html {
  const { t, lang } = frame;
  const name = approval.signature?.printedName ?? context.names.get(approval.approverId) ?? approval.approverId;
  const note =
    approval.comment === null
      ? null
      : html`<br />${t(approval.decision === 'rejected' ? 'item.reason' : 'item.comment', { comment: approval.comment })}`;
  return html`${t('item.signedBy', { meaning: approval.meaning, name, time: '' })}${timeElement(
    lang,
    approval.signature?.signedAt ?? approval.at,
  )}${note}`;
}

function chainBlock(frame: PageFrame, context: ReplyInContext): Html {
  const { t } = frame;
  const hash = currentTextHash(context.reply);
  const steps = context.client.approvalChain.map((step, index) => {
    const signed = context.reply.approvals.find(
      (approval) => approval.stepIndex === index && (approval.textHash === hash || approval.decision === 'rejected'),
    );
    const state =
      signed === undefined
        ? index === context.currentStep
          ? t('item.stepWaiting')
          : t('item.stepLater')
        : signed.decision === 'rejected'
          ? t('item.stepRejected')
          : t('item.stepDone');
    return html`<li
      class="${signed === undefined ? (index === context.currentStep ? 'current' : 'later') : signed.decision}"
    >
      <strong>${step.name}</strong> — ${state}
      ${signed === undefined ? null : html`<p class="signature">${signatureLine(frame, context, signed)}</p>`}
    </li>`;
  });
  return html`<section aria-labelledby="chain-title" class="card">
    <h2 id="chain-title">${t('item.chain')}</h2>
    <ol class="chain">
      ${steps}
    </ol>
  </section>`;
}

function whyNot(frame: PageFrame, context: ReplyInContext): string {
  const { t } = frame;
  if (context.canDecide.ok) return '';
  const step = context.currentStep === null ? undefined : context.client.approvalChain[context.currentStep];
  switch (context.canDecide.error.code) {
    case 'self_approval':
      return t('item.notYours.author');
    case 'not_in_step_group':
      return t('item.notYours.group', { step: step?.name ?? '' });
    case 'already_signed':
      return t('item.notYours.signed');
    case 'illegal_transition':
      return t('item.notYours.done', { status: t(`status.${context.reply.status}`) });
    default:
      return t('item.notYours.scope');
  }
}

/** Not posted (no name): tells password managers whose password the field asks for. */
export function accountHint(email: string): Html {
  return html`<input type="email" autocomplete="username" value="${email}" hidden readonly />`;
}

function decisionForms(frame: PageFrame, context: ReplyInContext, csrf: string, form: DecisionFormState): Html {
  const { t } = frame;
  const { reply } = context;
  const action = `${BASE}/items/${encodeURIComponent(reply.id)}`;
  const common = html`${hiddenCsrf(csrf)}${accountHint(frame.user?.email ?? '')}
    <input type="hidden" name="textHash" value="${currentTextHash(reply)}" />
    <input type="hidden" name="stepIndex" value="${context.canDecide.ok ? context.canDecide.value : ''}" />`;
  if (!context.canDecide.ok) {
    return html`<section aria-labelledby="decide-title" class="card">
      <h2 id="decide-title">${t('item.decide')}</h2>
      ${alert(form.message)}
      <p class="notice info" role="status">${whyNot(frame, context)}</p>
    </section>`;
  }
  return html`<section aria-labelledby="decide-title" class="card">
    <h2 id="decide-title">${t('item.decide')}</h2>
    ${alert(form.message)}
    <p class="muted">${t('item.signNote')}</p>
    <div class="decisions">
      <form method="post" action="${action}/decide" class="stack">
        <fieldset>
          <legend>${t('item.approve.legend')}</legend>
          ${common}<input type="hidden" name="decision" value="approved" />
          <label for="approve-comment">${t('item.approve.comment')}</label>
          <textarea id="approve-comment" name="comment" rows="2" maxlength="2000">${form.comment}</textarea>
          <label for="approve-password">${t('item.approve.password')}</label>
          <input id="approve-password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit" class="primary">${t('item.approve.submit')}</button>
        </fieldset>
      </form>
      <form method="post" action="${action}/decide" class="stack">
        <fieldset>
          <legend>${t('item.reject.legend')}</legend>
          ${common}<input type="hidden" name="decision" value="rejected" />
          <label for="reject-reason">${t('item.reject.reason')}</label>
          <textarea id="reject-reason" name="comment" rows="3" maxlength="2000" required>${form.reason}</textarea>
          <label for="reject-password">${t('item.reject.password')}</label>
          <input id="reject-password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit" class="danger">${t('item.reject.submit')}</button>
        </fieldset>
      </form>
      <form method="post" action="${action}/preview" class="stack wide">
        <fieldset>
          <legend>${t('item.edit.legend')}</legend>
          ${common}
          <label for="edit-text">${t('item.edit.text')}</label>
          <textarea id="edit-text" name="editedText" rows="5" maxlength="10000" required>
${form.editedText ?? reply.text}</textarea>
          <button type="submit">${t('item.edit.submit')}</button>
        </fieldset>
      </form>
    </div>
  </section>`;
}

function proposedBlock(frame: PageFrame, context: ReplyInContext): Html {
  const { t } = frame;
  const { reply } = context;
  const escalation = reply.escalated
    ? html`<p class="notice info">
        ${
          reply.escalationNote === null
            ? t('item.escalatedNoNote')
            : t('item.escalated', { note: reply.escalationNote })
        }
      </p>`
    : null;
  return html`<section aria-labelledby="proposed-title" class="card">
    <h2 id="proposed-title">${t('item.proposed')}</h2>
    <p class="meta">
      ${t(`item.visibility.${reply.visibility}`)} ·
      ${t('item.author', { name: context.names.get(reply.authorId) ?? reply.authorId, version: reply.version })}
    </p>
    ${escalation}
    <blockquote class="proposed" id="proposed-text">${reply.text}</blockquote>
    <p class="meta">${t('item.fingerprint')}: <code>${currentTextHash(reply).slice(0, 16)}</code></p>
  </section>`;
}

export function itemView(frame: PageFrame, context: ReplyInContext, csrf: string, form: DecisionFormState): Html {
  const { t } = frame;
  const thread = context.thread;
  return layout(
    frame,
    html`<p><a href="${BASE}/">← ${t('item.back')}</a></p>
      <h1>${t('item.title', { client: context.client.name })}</h1>
      <div class="columns">
        <div>
          <section aria-labelledby="conversation-title" class="card">
            <h2 id="conversation-title">${t('item.conversation')}</h2>
            ${
              thread?.text === null || thread === null
                ? null
                : html`<h3>${t('item.post')}</h3>
                    <blockquote>${thread.text}</blockquote>`
            }
            ${
              context.earlier.length === 0
                ? null
                : html`<h3>${t('item.earlier')}</h3>
                    ${context.earlier.map((entry) => interactionBlock(frame, context, entry, false))}`
            }
            <h3>${t('item.message')}</h3>
            ${interactionBlock(frame, context, context.interaction, true)}
          </section>
          ${proposedBlock(frame, context)}
        </div>
        <div>${chainBlock(frame, context)} ${decisionForms(frame, context, csrf, form)}</div>
      </div>`,
  );
}

/** The word diff: removed words struck through, added ones underlined, each named for screen readers. */
export function wordDiff(frame: PageFrame, before: string, after: string): Html {
  const parts = diffWords(before, after).map((change) => {
    if (change.removed)
      return html`<del><span class="sr-only">${frame.t('preview.removed')} </span>${change.value}</del>`;
    if (change.added) return html`<ins><span class="sr-only">${frame.t('preview.added')} </span>${change.value}</ins>`;
    return html`${change.value}`;
  });
  return html`<p class="diff">${parts}</p>`;
}

export function previewView(
  frame: PageFrame,
  context: ReplyInContext,
  csrf: string,
  editedText: string,
  message: string | null,
): Html {
  const { t } = frame;
  const { reply } = context;
  const action = `${BASE}/items/${encodeURIComponent(reply.id)}`;
  return layout(
    frame,
    html`<h1>${t('preview.title')}</h1>
      ${alert(message)}
      <section class="card" aria-labelledby="diff-title">
        <h2 id="diff-title">${t('item.edit.legend')} — ${context.client.name}</h2>
        <p class="muted">${t('preview.intro')}</p>
        ${wordDiff(frame, reply.text, editedText)}
      </section>
      <form method="post" action="${action}/decide" class="card stack">
        ${hiddenCsrf(csrf)}${accountHint(frame.user?.email ?? '')}
        <input type="hidden" name="textHash" value="${currentTextHash(reply)}" />
        <input type="hidden" name="stepIndex" value="${context.canDecide.ok ? context.canDecide.value : ''}" />
        <input type="hidden" name="decision" value="approved" />
        <input type="hidden" name="editedText" value="${editedText}" />
        <label for="edit-comment">${t('preview.comment')}</label>
        <textarea id="edit-comment" name="comment" rows="2" maxlength="2000"></textarea>
        <label for="edit-password">${t('preview.password')}</label>
        <input id="edit-password" name="password" type="password" autocomplete="current-password" required />
        <p class="muted">${t('item.signNote')}</p>
        <div class="row">
          <button type="submit" class="primary">${t('preview.submit')}</button>
          <a href="${action}">${t('preview.cancel')}</a>
        </div>
      </form>`,
  );
}

export function decidedView(frame: PageFrame, context: ReplyInContext, approval: Approval, edited: boolean): Html {
  const { t, lang } = frame;
  const heading =
    approval.decision === 'rejected' ? t('decided.rejected') : edited ? t('decided.edited') : t('decided.approved');
  const reply: Reply = context.reply;
  const step = context.currentStep === null ? undefined : context.client.approvalChain[context.currentStep];
  // An approver's rewrite waits for the moderator whose words it replaced (shared/domain/authorship.ts).
  const waitsForConfirmation =
    reply.status === 'approved' &&
    awaitsEditConfirmation(reply) &&
    finalWordsSeenBy(reply, context.client.approvalChain).length < 2;
  const confirmer = waitsForConfirmation ? (reply.approverEdit?.previousAuthorId ?? null) : null;
  const next =
    confirmer !== null
      ? t('decided.next.confirm', { name: context.names.get(confirmer) ?? confirmer })
      : reply.status === 'approved' || reply.status === 'rejected'
        ? t(`decided.next.${reply.status}`)
        : reply.status === 'awaiting_approval'
          ? t('decided.next.awaiting_approval', { step: step?.name ?? '' })
          : t('decided.next.other', { status: t(`status.${reply.status}`) });
  const signature = approval.signature;
  return layout(
    frame,
    html`<section class="card narrow" aria-labelledby="decided-title">
      <h1 id="decided-title">${heading}</h1>
      <p class="notice success" role="status">${t('decided.recorded')} ${next}</p>
      <h2>${t('decided.signature')}</h2>
      <dl class="signature-block">
        <dt>${t('decided.printedName')}</dt>
        <dd>${signature?.printedName ?? context.names.get(approval.approverId) ?? approval.approverId}</dd>
        <dt>${t('decided.signedAt')}</dt>
        <dd>${timeElement(lang, signature?.signedAt ?? approval.at)}</dd>
        <dt>${t('decided.meaning')}</dt>
        <dd>${approval.meaning}</dd>
        <dt>${t('decided.hash')}</dt>
        <dd><code>${approval.textHash.slice(0, 16)}</code></dd>
      </dl>
      <p><a href="${BASE}/">${t('decided.backToList')}</a></p>
    </section>`,
  );
}
