/**
 * The sign-in page, the pending list and the error page. Every string comes from
 * shared/i18n/approver.*.json; every value is escaped by `html`.
 */
import type { Language } from '../../../shared/domain/entities';
import type { Html } from './html';
import { html } from './html';
import type { PageFrame } from './layout';
import { BASE, hiddenCsrf, layout } from './layout';
import type { PendingEntry } from './queries';

/** Italy's agencies and brands: times are shown in Rome's time zone, named (CET / CEST). */
export const TIME_ZONE = 'Europe/Rome';

const formatters = new Map<Language, Intl.DateTimeFormat>();

export function formatTime(lang: Language, at: number): string {
  let formatter = formatters.get(lang);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: TIME_ZONE,
      timeZoneName: 'short',
    });
    formatters.set(lang, formatter);
  }
  return formatter.format(at);
}

/** Platform names as the platforms write them. */
export const platformNames: Readonly<Record<string, string>> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  google: 'Google',
  youtube: 'YouTube',
  x: 'X',
  linkedin: 'LinkedIn',
};

export function isoTime(at: number): string {
  return new Date(at).toISOString();
}

export function timeElement(lang: Language, at: number): Html {
  return html`<time datetime="${isoTime(at)}">${formatTime(lang, at)}</time>`;
}

export function alert(message: string | null, kind: 'error' | 'info' = 'error'): Html | null {
  if (message === null) return null;
  return kind === 'error'
    ? html`<p class="notice error" role="alert">${message}</p>`
    : html`<p class="notice info" role="status">${message}</p>`;
}

export function excerpt(text: string, length = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

export interface LoginForm {
  readonly csrf: string;
  readonly email: string;
  readonly message: string | null;
  readonly notice: string | null;
}

export function loginView(frame: PageFrame, form: LoginForm): Html {
  const { t } = frame;
  return layout(
    frame,
    html`<section class="card narrow" aria-labelledby="login-title">
      <h1 id="login-title">${t('login.title')}</h1>
      <p>${t('login.intro')}</p>
      ${alert(form.message)} ${alert(form.notice, 'info')}
      <form method="post" action="${BASE}/login" class="stack">
        ${hiddenCsrf(form.csrf)}
        <label for="email">${t('login.email')}</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="${form.email}" />
        <label for="password">${t('login.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit" class="primary">${t('login.submit')}</button>
      </form>
    </section>`,
  );
}

function stepLabel(frame: PageFrame, entry: PendingEntry): string {
  const step = entry.currentStep === null ? null : entry.client.approvalChain[entry.currentStep];
  if (entry.canDecide.ok) return frame.t('list.yourTurn');
  return frame.t('list.othersTurn', { step: step?.name ?? '' });
}

export function listView(
  frame: PageFrame,
  entries: readonly PendingEntry[],
  now: number,
  /** More to sign below the replies (saved replies waiting for pre-approval, page/preApprovals.ts). */
  more: Html | null = null,
): Html {
  const { t, lang } = frame;
  const rows = entries.map((entry) => {
    const contact = entry.contact?.displayName ?? entry.interaction.contactId;
    const overdue = entry.dueAt < now;
    const step = entry.currentStep === null ? null : entry.client.approvalChain[entry.currentStep];
    return html`<tr class="${entry.canDecide.ok ? 'mine' : 'others'}">
      <td>${entry.client.name}</td>
      <td>
        <a href="${BASE}/items/${encodeURIComponent(entry.reply.id)}">${t('list.open', { contact })}</a>
        <p class="muted">${excerpt(entry.interaction.text)}</p>
      </td>
      <td>
        ${step?.name ?? ''}<br /><span class="tag ${entry.canDecide.ok ? 'mine' : ''}">${stepLabel(frame, entry)}</span>
      </td>
      <td>${timeElement(lang, entry.waitingSince)}</td>
      <td>
        ${timeElement(lang, entry.dueAt)}
        ${overdue ? html`<span class="tag overdue">${t('list.overdue')}</span>` : null}
      </td>
    </tr>`;
  });
  const body =
    entries.length === 0
      ? html`<p class="empty">${t('list.empty')}</p>`
      : html`<table class="pending">
          <caption>
            ${t('list.count', { count: entries.length })}. ${t('list.caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('list.client')}</th>
              <th scope="col">${t('list.interaction')}</th>
              <th scope="col">${t('list.step')}</th>
              <th scope="col">${t('list.waiting')}</th>
              <th scope="col">${t('list.due')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>`;
  return layout(
    frame,
    html`<h1>${t('list.title')}</h1>
      ${body} ${more}`,
  );
}

export function errorView(frame: PageFrame, heading: string, message: string): Html {
  return layout(
    frame,
    html`<section class="card narrow">
      <h1>${heading}</h1>
      ${alert(message)}
      <p><a href="${BASE}/">${frame.t('decided.backToList')}</a></p>
    </section>`,
  );
}
