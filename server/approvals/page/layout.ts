/**
 * The page frame: language, title, header with the signed-in user and sign-out, the language
 * switch, a skip link, and the one stylesheet. Accessible names of the controls are stable (the
 * e2e test finds them by role and name).
 */
import type { TFunction } from 'i18next';
import type { Language, User } from '../../../shared/domain/entities';
import type { Html, HtmlPart } from './html';
import { html } from './html';

export const BASE = '/approve';

export interface PageFrame {
  readonly t: TFunction;
  readonly lang: Language;
  readonly title: string;
  readonly user: Pick<User, 'name' | 'email'> | null;
  /** CSRF token for the sign-out form (null when signed out). */
  readonly csrf: string | null;
  /** Where the language switch returns to. */
  readonly path: string;
}

export function hiddenCsrf(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}" />`;
}

function languageSwitch(frame: PageFrame): Html {
  const back = encodeURIComponent(frame.path);
  const option = (lang: Language, label: string) =>
    lang === frame.lang
      ? html`<li><span aria-current="true" lang="${lang}">${label}</span></li>`
      : html`<li><a href="${BASE}/lang/${lang}?next=${back}" lang="${lang}" hreflang="${lang}">${label}</a></li>`;
  return html`<nav class="lang" aria-label="${frame.t('app.language')}">
    <ul>
      ${option('it', 'Italiano')}${option('en', 'English')}
    </ul>
  </nav>`;
}

export function layout(frame: PageFrame, body: HtmlPart): Html {
  const { t } = frame;
  const account =
    frame.user === null || frame.csrf === null
      ? null
      : html`<div class="account">
          <span>${t('app.signedInAs', { name: frame.user.name })}</span>
          <form method="post" action="${BASE}/logout">
            ${hiddenCsrf(frame.csrf)}<button type="submit" class="link">${t('app.signOut')}</button>
          </form>
        </div>`;
  return html`<!doctype html>
    <html lang="${frame.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${frame.title} · ${t('app.title')} · ${t('app.product')}</title>
        <link rel="stylesheet" href="${BASE}/static/approver.css" />
      </head>
      <body>
        <a class="skip" href="#main">${t('app.skip')}</a>
        <header class="top">
          <a class="brand" href="${BASE}/">${t('app.product')} <span>${t('app.title')}</span></a>
          ${languageSwitch(frame)} ${account}
        </header>
        <main id="main" tabindex="-1">${body}</main>
      </body>
    </html>`;
}
