import { describe, expect, it } from 'vitest';
import { interactionKinds, languages } from '../../../shared/domain/entities';
import { createNotifier } from './notifier';
import { ME, MINUTE, OTHER, T0, makeDecision, makeReply, makeView, manualClock } from './testing';
import { createTranslator, translateText } from '../../../shared/i18n/translator';
import { resources } from '../../../shared/i18n';
import type { Notification, NotifyText } from './types';

function leafKeys(node: unknown, prefix: string): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, child]) => leafKeys(child, `${prefix}.${key}`));
}

describe('createTranslator', () => {
  it('interpolates, picks the plural form by count and formats numbers for the language', () => {
    const en = createTranslator('en');
    const it_ = createTranslator('it');
    expect(en('notify.summary.incoming.body', { count: 1 })).toBe('1 new interaction needs attention');
    expect(en('notify.summary.incoming.body', { count: 12 })).toBe('12 new interactions need attention');
    expect(it_('notify.summary.incoming.body', { count: 12000 })).toBe(
      '12.000 nuove interazioni richiedono attenzione',
    );
    // Italian has a "many" category for millions; the locale files only have one/other.
    expect(it_('notify.summary.incoming.body', { count: 1_000_000 })).toBe(
      '1.000.000 nuove interazioni richiedono attenzione',
    );
  });

  it('shows the key for a missing text and nothing for a missing value, never throwing', () => {
    const t = createTranslator('en');
    expect(t('notify.nope.title')).toBe('notify.nope.title');
    expect(t('notify.tray')).toBe('notify.tray');
    expect(t('notify.urgentDm.title')).toBe('Urgent direct message · ');
  });

  it('translates nested texts (the kind inside a body) in the same language', () => {
    const text = {
      key: 'notify.adverseEvent.body',
      params: { author: 'Giulia Bianchi', kind: { key: 'notify.kind.dm' } },
    };
    expect(translateText(createTranslator('it'), text)).toBe(
      'Giulia Bianchi potrebbe aver segnalato un evento avverso (messaggio diretto). Farmacovigilanza: gestiscilo subito.',
    );
    expect(translateText(createTranslator('en'), text)).toBe(
      'Giulia Bianchi may have reported an adverse event (direct message). Pharmacovigilance: handle it now.',
    );
  });
});

/** Drives the notifier through every kind of notification it can produce. */
function everyNotification(): Notification[] {
  const clock = manualClock();
  const shown: Notification[] = [];
  const notifier = createNotifier({
    now: clock.now,
    userId: ME,
    role: 'admin',
    limits: { windowMs: 1, maxToasts: 99 },
  });
  const push = (notifications: readonly Notification[]) => {
    shown.push(...notifications);
    clock.advance(MINUTE);
  };
  push(notifier.seed([]).notifications);
  const flagged = { sensitive: true, adverseEvent: true, spam: false, profanity: false };
  for (const kind of interactionKinds) {
    push(notifier.update({ items: [makeView({ id: `ae-${kind}`, kind, flags: flagged })] }).notifications);
    push(notifier.update({ items: [makeView({ id: `late-${kind}`, kind, status: 'open', dueAt: T0 })] }).notifications);
    const dueSoon = makeView({ id: `soon-${kind}`, kind, status: 'open', dueAt: clock.now() + 10 * MINUTE });
    push(notifier.update({ items: [dueSoon] }).notifications);
  }
  push(notifier.update({ items: [makeView({ id: 'dm', kind: 'dm', sentiment: -1 })] }).notifications);
  push(notifier.update({ items: [makeView({ id: 'rv', kind: 'review', rating: 1 })] }).notifications);
  const toApprove = makeView({ id: 'ap', status: 'awaiting_approval', assigneeId: OTHER, replies: [makeReply()] });
  push(notifier.update({ items: [toApprove] }).notifications);
  const decided = (id: string, decision: 'approved' | 'rejected', reason: string | null) =>
    makeView({
      id,
      status: decision === 'approved' ? 'approved' : 'open',
      replies: [
        makeReply({
          id: `r-${id}`,
          authorId: ME,
          status: decision,
          decisions: [makeDecision({ id: `a-${id}`, decision, reason })],
        }),
      ],
    });
  push(notifier.update({ items: [decided('ok', 'approved', null)] }).notifications);
  push(notifier.update({ items: [decided('no', 'rejected', 'Troppo tecnico')] }).notifications);
  push(notifier.update({ items: [decided('no2', 'rejected', null)] }).notifications);
  const rewritten = makeReply({ id: 'r-ed', authorId: OTHER, status: 'approved', awaitsConfirmationBy: ME });
  push(notifier.update({ items: [makeView({ id: 'ed', status: 'approved', replies: [rewritten] })] }).notifications);
  // Bursts of each group, with the limit back to normal.
  const bursty = createNotifier({ now: clock.now, userId: ME, role: 'admin' });
  bursty.seed([]);
  const many = (prefix: string, view: Parameters<typeof makeView>[0]) =>
    Array.from({ length: 4 }, (_, i) => makeView({ ...view, id: `${prefix}-${i}` }));
  shown.push(
    ...bursty.update({
      items: [
        ...many('dm', { kind: 'dm', sentiment: -1 }),
        ...many('late', { status: 'open', dueAt: T0 }),
        ...many('ap', { status: 'awaiting_approval', assigneeId: OTHER }).map((view) => ({
          ...view,
          replies: [makeReply({ id: `r-${view.id}` })],
        })),
      ],
    }).notifications,
  );
  shown.push(
    ...bursty.update({
      items: Array.from({ length: 4 }, (_, i) => decided(`dec-${i}`, 'rejected', 'No')),
    }).notifications,
  );
  return shown;
}

describe('locale coverage', () => {
  it('has a text in both languages for everything the notifier can say', () => {
    const notifications = everyNotification();
    const reasons = new Set(notifications.map((n) => n.kind));
    expect([...reasons].sort()).toEqual([
      'adverse_event',
      'approval_decided',
      'approval_requested',
      'negative_review',
      'sla_at_risk',
      'summary',
      'urgent_dm',
    ]);
    // Every notification text in the locale files is used (the tray's, the in-page toasts', the
    // settings' and the shell's crash dialog's texts are theirs).
    const used = new Set<string>();
    const collect = (text: NotifyText): void => {
      used.add(text.key);
      for (const value of Object.values(text.params ?? {})) if (typeof value === 'object') collect(value);
    };
    notifications.forEach((n) => [n.title, n.body].forEach(collect));
    const defined = leafKeys(resources.en.translation.notify, 'notify')
      .filter(
        (key) =>
          !['notify.tray.', 'notify.toast.', 'notify.prefs.', 'notify.coreCrashed.'].some((chrome) =>
            key.startsWith(chrome),
          ),
      )
      .map((key) => key.replace(/_(one|other)$/, ''));
    expect([...used].sort()).toEqual([...new Set(defined)].sort());
    for (const language of languages) {
      const t = createTranslator(language);
      for (const notification of notifications) {
        for (const text of [notification.title, notification.body]) {
          const shown = translateText(t, text);
          expect(shown, `${language} ${text.key}`).not.toMatch(/notify\.|{{|undefined/);
        }
      }
    }
  });
});
