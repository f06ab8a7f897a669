import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/domain/entities';
import { createNotifier, type NotifierOptions } from './notifier';
import { ME, MINUTE, OTHER, T0, makeDecision, makeReply, makeView, manualClock } from './testing';
import { defaultNotifyPrefs, type Notification, type NotifyItemView, type NotifyPrefs } from './types';

function setup(overrides: Partial<NotifierOptions> & { role?: Role } = {}) {
  const clock = manualClock();
  const notifier = createNotifier({ now: clock.now, userId: ME, role: 'moderator', ...overrides });
  notifier.seed([]);
  return { clock, notifier };
}

const kinds = (notifications: readonly Notification[]) => notifications.map((n) => n.kind);
const flags = (set: Partial<NotifyItemView['flags']>) => ({
  sensitive: false,
  adverseEvent: false,
  spam: false,
  profanity: false,
  ...set,
});

describe('new interactions', () => {
  it.each<[string, Partial<NotifyItemView>, string[]]>([
    ['a negative DM', { kind: 'dm', sentiment: -0.6 }, ['urgent_dm']],
    ['a DM flagged sensitive', { kind: 'dm', sentiment: 0.4, flags: flags({ sensitive: true }) }, ['urgent_dm']],
    ['a mildly negative DM', { kind: 'dm', sentiment: -0.1 }, []],
    ['a negative DM that is spam', { kind: 'dm', sentiment: -0.9, flags: flags({ spam: true }) }, []],
    ['a negative DM assigned to someone else', { kind: 'dm', sentiment: -0.6, assigneeId: OTHER }, []],
    ['a negative DM assigned to me', { kind: 'dm', sentiment: -0.6, assigneeId: ME, status: 'open' }, []],
    ['a 1-star review', { kind: 'review', rating: 1 }, ['negative_review']],
    ['a 2-star review', { kind: 'review', rating: 2 }, ['negative_review']],
    ['a 3-star review', { kind: 'review', rating: 3 }, []],
    ['a neutral comment', { kind: 'comment' }, []],
    ['an adverse event in a comment', { flags: flags({ adverseEvent: true }) }, ['adverse_event']],
    ['an adverse event that looks like spam', { flags: flags({ adverseEvent: true, spam: true }) }, ['adverse_event']],
    [
      'an adverse event in a negative DM (one toast, the most important reason)',
      { kind: 'dm', sentiment: -0.8, flags: flags({ adverseEvent: true }) },
      ['adverse_event'],
    ],
    ['an adverse event assigned to someone else', { assigneeId: OTHER, flags: flags({ adverseEvent: true }) }, []],
  ])('%s', (_name, view, expected) => {
    const { notifier } = setup();
    expect(kinds(notifier.update({ items: [makeView(view)] }).notifications)).toEqual(expected);
  });

  it('says who, which client, which kind and rating, and opens the item — never the message', () => {
    const { notifier } = setup();
    const [review] = notifier.update({ items: [makeView({ id: 'i-7', kind: 'review', rating: 1 })] }).notifications;
    expect(review).toEqual({
      kind: 'negative_review',
      title: { key: 'notify.negativeReview.title', params: { client: 'Cardio Pharma', rating: 1 } },
      body: { key: 'notify.negativeReview.body', params: { author: 'Giulia Bianchi', rating: 1 } },
      target: { type: 'item', itemId: 'i-7' },
      silent: false,
      replaces: null,
      announces: ['negative_review:i-7'],
    });
    const [adverse] = notifier.update({
      items: [makeView({ id: 'i-8', flags: flags({ adverseEvent: true }) })],
    }).notifications;
    expect(adverse?.body).toEqual({
      key: 'notify.adverseEvent.body',
      params: { author: 'Giulia Bianchi', kind: { key: 'notify.kind.comment' } },
    });
  });

  it('announces an item once, however often it changes afterwards', () => {
    const { notifier } = setup();
    const dm = makeView({ kind: 'dm', sentiment: -0.7 });
    expect(kinds(notifier.update({ items: [dm] }).notifications)).toEqual(['urgent_dm']);
    expect(notifier.update({ items: [dm] }).notifications).toEqual([]);
    expect(
      notifier.update({ items: [{ ...dm, sentiment: -0.9, flags: flags({ sensitive: true }) }] }).notifications,
    ).toEqual([]);
    // Deleted and seen again (e.g. after a rebase): still not news.
    notifier.update({ items: [], removed: [dm.id] });
    expect(notifier.update({ items: [dm] }).notifications).toEqual([]);
  });

  it('is not news when an item shows up already triaged, or is reopened', () => {
    const { notifier } = setup();
    const review = makeView({ kind: 'review', rating: 1, status: 'open' });
    expect(notifier.update({ items: [review] }).notifications).toEqual([]);
  });

  it('announces an adverse event flagged after arrival (the rules ran again)', () => {
    const { notifier } = setup();
    const comment = makeView();
    notifier.update({ items: [comment] });
    const flagged = notifier.update({ items: [{ ...comment, flags: flags({ adverseEvent: true }) }] });
    expect(kinds(flagged.notifications)).toEqual(['adverse_event']);
  });

  it('gives approvers no queue notifications', () => {
    const { notifier } = setup({ role: 'approver' });
    const out = notifier.update({
      items: [makeView({ id: 'a', kind: 'dm', sentiment: -0.9 }), makeView({ id: 'b', kind: 'review', rating: 1 })],
    });
    expect(out).toEqual({ badge: 0, notifications: [] });
  });
});

describe('due times', () => {
  it('warns once when an open item of mine comes within 15 minutes of its due time', () => {
    const { clock, notifier } = setup();
    const item = makeView({ status: 'open', assigneeId: ME, dueAt: T0 + 20 * MINUTE });
    expect(notifier.update({ items: [item] }).notifications).toEqual([]);
    expect(notifier.tick(clock.advance(4 * MINUTE)).notifications).toEqual([]);
    const [warning] = notifier.tick(clock.advance(2 * MINUTE)).notifications;
    expect(warning).toMatchObject({
      kind: 'sla_at_risk',
      title: { key: 'notify.slaAtRisk.titleDueSoon', params: { client: 'Cardio Pharma' } },
      body: { key: 'notify.slaAtRisk.bodyDueSoon', params: { author: 'Giulia Bianchi', minutes: 14 } },
      target: { type: 'item', itemId: item.id },
    });
    for (let i = 0; i < 30; i += 1) expect(notifier.tick(clock.advance(MINUTE)).notifications).toEqual([]);
    expect(notifier.update({ items: [item] }).notifications).toEqual([]);
  });

  it('says overdue when the due time has passed, and warns again for a new due time', () => {
    const { clock, notifier } = setup();
    const item = makeView({ status: 'open', dueAt: T0 - MINUTE });
    const [overdue] = notifier.update({ items: [item] }).notifications;
    expect(overdue?.title.key).toBe('notify.slaAtRisk.titleOverdue');
    expect(overdue?.body.key).toBe('notify.slaAtRisk.bodyOverdue');
    // Snoozed, then back with a new due time.
    notifier.update({ items: [{ ...item, status: 'snoozed' }] });
    notifier.update({ items: [{ ...item, dueAt: T0 + 60 * MINUTE }] });
    expect(kinds(notifier.tick(clock.advance(50 * MINUTE)).notifications)).toEqual(['sla_at_risk']);
  });

  it.each<[string, Partial<NotifyItemView>, boolean]>([
    ['unassigned and open', { status: 'open' }, true],
    ['new', { status: 'new' }, true],
    ['assigned to someone else', { status: 'open', assigneeId: OTHER }, false],
    ['snoozed', { status: 'snoozed' }, false],
    ['awaiting approval', { status: 'awaiting_approval', assigneeId: ME }, false],
    ['done', { status: 'done' }, false],
    ['spam', { status: 'open', flags: flags({ spam: true }) }, false],
  ])('an item at risk that is %s: warned = %s', (_name, view, warned) => {
    const { clock, notifier } = setup();
    notifier.update({ items: [makeView({ ...view, dueAt: T0 + 60 * MINUTE })] });
    expect(notifier.tick(clock.advance(50 * MINUTE)).notifications.length).toBe(warned ? 1 : 0);
  });
});

describe('approvals', () => {
  it('tells an approver once per step that a reply waits for them', () => {
    const { notifier } = setup({ role: 'approver' });
    const item = makeView({ status: 'awaiting_approval', assigneeId: OTHER, replies: [makeReply()] });
    const first = notifier.update({ items: [item] });
    expect(first.badge).toBe(1);
    expect(first.notifications[0]).toMatchObject({
      kind: 'approval_requested',
      body: { key: 'notify.approvalRequested.body', params: { author: 'Marco Verdi' } },
      target: { type: 'item', itemId: item.id },
    });
    expect(notifier.update({ items: [item] }).notifications).toEqual([]);
    const nextStep = { ...item, replies: [makeReply({ pendingStep: 1, pendingApproverIds: [ME] })] };
    expect(kinds(notifier.update({ items: [nextStep] }).notifications)).toEqual(['approval_requested']);
    const edited = { ...item, replies: [makeReply({ version: 2 })] };
    expect(kinds(notifier.update({ items: [edited] }).notifications)).toEqual(['approval_requested']);
  });

  it('does not ask other approvers, nor the author about their own reply', () => {
    const { notifier } = setup({ role: 'admin' });
    const notMine = makeView({ status: 'awaiting_approval', replies: [makeReply({ pendingApproverIds: [OTHER] })] });
    const own = makeView({ id: 'i-2', status: 'awaiting_approval', replies: [makeReply({ authorId: ME })] });
    expect(notifier.update({ items: [notMine, own] })).toEqual({ badge: 0, notifications: [] });
  });

  it('tells the author a rejection with its reason, and an approval once the chain is complete', () => {
    const { notifier } = setup();
    const reply = makeReply({ authorId: ME, authorName: 'Me' });
    const rejected = makeDecision({ id: 'a-1', decision: 'rejected', reason: 'Cita il dosaggio, togli il numero.' });
    const [rejection] = notifier.update({
      items: [makeView({ status: 'open', replies: [{ ...reply, status: 'rejected', decisions: [rejected] }] })],
    }).notifications;
    expect(rejection).toMatchObject({
      kind: 'approval_decided',
      title: { key: 'notify.approvalDecided.rejectedTitle', params: { client: 'Cardio Pharma' } },
      body: {
        key: 'notify.approvalDecided.rejectedBody',
        params: { approver: 'Dr. Anna Neri', reason: 'Cita il dosaggio, togli il numero.' },
      },
    });

    const step1 = makeDecision({ id: 'a-2', approverName: 'Dr. Anna Neri', at: T0 + 1 });
    const step2 = makeDecision({ id: 'a-3', approverName: 'Avv. Luca Gallo', at: T0 + 2 });
    const halfway = makeView({ status: 'awaiting_approval', replies: [{ ...reply, decisions: [step1] }] });
    expect(notifier.update({ items: [halfway] }).notifications).toEqual([]);
    const done = makeView({
      status: 'approved',
      replies: [{ ...reply, status: 'approved', pendingStep: null, decisions: [step1, step2] }],
    });
    const [approval] = notifier.update({ items: [done] }).notifications;
    expect(approval?.body).toEqual({
      key: 'notify.approvalDecided.approvedBody',
      params: { approver: 'Avv. Luca Gallo' },
    });
    expect(notifier.update({ items: [done] }).notifications).toEqual([]);
  });

  it('tells a moderator once that an approver rewrote their reply and waits for their confirmation', () => {
    const { notifier } = setup();
    // After an edit-and-approve the approver is the reply's author; the moderator confirms.
    const rewritten = makeReply({
      authorId: OTHER,
      authorName: 'Dr. Anna Neri',
      status: 'approved',
      pendingStep: null,
      pendingApproverIds: [],
      awaitsConfirmationBy: ME,
    });
    const view = makeView({ status: 'approved', replies: [rewritten] });
    const [told] = notifier.update({ items: [view] }).notifications;
    expect(told).toMatchObject({
      kind: 'approval_decided',
      title: { key: 'notify.approvalDecided.editedTitle', params: { client: 'Cardio Pharma' } },
      body: { key: 'notify.approvalDecided.editedBody', params: { approver: 'Dr. Anna Neri' } },
      target: { type: 'item', itemId: 'i-1' },
    });
    expect(notifier.update({ items: [view] }).notifications).toEqual([]);
    // Someone else's confirmation is not this user's news.
    const elsewhere = setup().notifier;
    const theirs = makeView({ status: 'approved', replies: [{ ...rewritten, awaitsConfirmationBy: 'u-third' }] });
    expect(elsewhere.update({ items: [theirs] }).notifications).toEqual([]);
  });

  it('shortens a long rejection reason and handles a missing one', () => {
    const { notifier } = setup();
    const long = makeDecision({ id: 'a-1', decision: 'rejected', reason: 'x'.repeat(500) });
    const none = makeDecision({ id: 'a-2', decision: 'rejected', reason: '  ' });
    const out = notifier.update({
      items: [
        makeView({ id: 'i-1', status: 'open', replies: [makeReply({ authorId: ME, decisions: [long] })] }),
        makeView({ id: 'i-2', status: 'open', replies: [makeReply({ id: 'r-2', authorId: ME, decisions: [none] })] }),
      ],
    });
    const [first, second] = out.notifications;
    const reason = first?.body.params?.reason;
    expect(typeof reason === 'string' && reason.length).toBe(140);
    expect(second?.body.key).toBe('notify.approvalDecided.rejectedBodyNoReason');
  });
});

describe('badge', () => {
  it('counts new and open items of mine or nobody, plus approvals waiting for me', () => {
    const { notifier } = setup({ role: 'admin' });
    const out = notifier.update({
      items: [
        makeView({ id: 'new-unassigned' }),
        makeView({ id: 'open-mine', status: 'open', assigneeId: ME }),
        makeView({ id: 'open-theirs', status: 'open', assigneeId: OTHER }),
        makeView({ id: 'snoozed', status: 'snoozed' }),
        makeView({ id: 'done', status: 'done' }),
        makeView({ id: 'to-approve', status: 'awaiting_approval', assigneeId: OTHER, replies: [makeReply()] }),
      ],
    });
    expect(out.badge).toBe(3);
    expect(notifier.update({ items: [makeView({ id: 'open-mine', status: 'done' })] }).badge).toBe(2);
    expect(notifier.update({ items: [], removed: ['new-unassigned'] }).badge).toBe(1);
    expect(notifier.reconcile([]).badge).toBe(0);
  });
});

describe('bursts', () => {
  const negativeDms = (count: number, from = 0) =>
    Array.from({ length: count }, (_, i) => makeView({ id: `dm-${from + i}`, kind: 'dm', sentiment: -0.8 }));

  it('folds a burst into one summary that opens the queue', () => {
    const { notifier } = setup();
    const out = notifier.update({ items: negativeDms(12) });
    expect(out.badge).toBe(12);
    expect(out.notifications).toEqual([
      {
        kind: 'summary',
        title: { key: 'notify.summary.incoming.title', params: { count: 12 } },
        body: { key: 'notify.summary.incoming.body', params: { count: 12 } },
        target: { type: 'view', view: 'queue' },
        silent: false,
        replaces: 'summary:incoming',
        announces: negativeDms(12).map((view) => `urgent_dm:${view.id}`),
      },
    ]);
  });

  it('keeps counting in the summary on screen, silently, and starts afresh after a quiet minute', () => {
    const { clock, notifier } = setup();
    notifier.update({ items: negativeDms(5) });
    clock.advance(20_000);
    const [more] = notifier.update({ items: negativeDms(1, 5) }).notifications;
    expect(more).toMatchObject({ kind: 'summary', silent: true, body: { params: { count: 6 } } });
    clock.advance(61_000);
    expect(kinds(notifier.update({ items: negativeDms(1, 6) }).notifications)).toEqual(['urgent_dm']);
  });

  it('lets a few toasts through one by one, then folds the trickle', () => {
    const { clock, notifier } = setup();
    const shown = [0, 1, 2, 3, 4].map((i) => {
      clock.advance(5_000);
      return kinds(notifier.update({ items: negativeDms(1, i) }).notifications);
    });
    expect(shown).toEqual([['urgent_dm'], ['urgent_dm'], ['urgent_dm'], ['summary'], ['summary']]);
  });

  it('never folds or holds back adverse events', () => {
    const { notifier } = setup();
    const adverse = Array.from({ length: 6 }, (_, i) =>
      makeView({ id: `ae-${i}`, flags: flags({ adverseEvent: true }) }),
    );
    const out = notifier.update({ items: [...negativeDms(4), ...adverse] });
    expect(kinds(out.notifications)).toEqual([...adverse.map(() => 'adverse_event'), 'summary']);
  });

  it('folds per group: a single approval request still shows as itself', () => {
    const { notifier } = setup({ role: 'admin' });
    const toApprove = makeView({ id: 'ap', status: 'awaiting_approval', assigneeId: OTHER, replies: [makeReply()] });
    const out = notifier.update({ items: [toApprove, ...negativeDms(5)] });
    expect(kinds(out.notifications)).toEqual(['approval_requested', 'summary']);
  });
});

describe('preferences and own actions', () => {
  const quiet: NotifyPrefs = { ...defaultNotifyPrefs, quiet: true };

  it('in quiet mode only adverse events notify, and nothing is replayed when it ends', () => {
    const { notifier } = setup({ prefs: quiet });
    const out = notifier.update({
      items: [
        makeView({ id: 'dm', kind: 'dm', sentiment: -0.9 }),
        makeView({ id: 'ae', flags: flags({ adverseEvent: true }) }),
      ],
    });
    expect(kinds(out.notifications)).toEqual(['adverse_event']);
    notifier.setPrefs(defaultNotifyPrefs);
    expect(notifier.update({ items: [makeView({ id: 'dm', kind: 'dm', sentiment: -0.9 })] }).notifications).toEqual([]);
  });

  it('skips the kinds the user turned off', () => {
    const { notifier } = setup({
      prefs: { ...defaultNotifyPrefs, enabled: { ...defaultNotifyPrefs.enabled, negative_review: false } },
    });
    const out = notifier.update({
      items: [makeView({ id: 'r', kind: 'review', rating: 1 }), makeView({ id: 'd', kind: 'dm', sentiment: -0.9 })],
    });
    expect(kinds(out.notifications)).toEqual(['urgent_dm']);
  });

  it('shows nothing for changes the user made, and does not announce them later', () => {
    const { clock, notifier } = setup();
    const taken = makeView({ status: 'open', assigneeId: ME, dueAt: T0 + 5 * MINUTE });
    expect(notifier.update({ items: [taken], byUser: true })).toEqual({ badge: 1, notifications: [] });
    expect(notifier.tick(clock.advance(MINUTE)).notifications).toEqual([]);
  });

  it('never tells an approver about their own decision', () => {
    const { notifier } = setup({ role: 'admin' });
    const mine = makeDecision({ approverId: ME, decision: 'rejected', reason: 'no' });
    const out = notifier.update({
      items: [makeView({ status: 'open', replies: [makeReply({ authorId: ME, decisions: [mine] })] })],
    });
    expect(out.notifications).toEqual([]);
  });
});

describe('seed', () => {
  it('takes the items present at start silently, then warns about due times at the first tick', () => {
    const clock = manualClock();
    const notifier = createNotifier({ now: clock.now, userId: ME, role: 'moderator' });
    const overdue = makeView({ id: 'late', status: 'open', dueAt: T0 - MINUTE });
    const dm = makeView({ id: 'dm', kind: 'dm', sentiment: -0.9 });
    const ae = makeView({ id: 'ae', flags: flags({ adverseEvent: true }) });
    expect(notifier.seed([overdue, dm, ae])).toEqual({ badge: 3, notifications: [] });
    expect(notifier.update({ items: [dm, ae] }).notifications).toEqual([]);
    expect(kinds(notifier.tick(clock.now()).notifications)).toEqual(['sla_at_risk']);
    expect(notifier.badge()).toBe(3);
  });
});
