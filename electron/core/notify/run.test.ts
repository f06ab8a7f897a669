import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/contract';
import type { Interaction, User } from '../../../shared/domain/entities';
import { EventHub } from '../events';
import { silentLogger } from '../log';
import { ingestBatch } from '../replica/ingest';
import { openTempReplica, type TempReplica } from '../replica/testing';
import {
  fixtureChannel,
  fixtureClient,
  fixtureContact,
  fixtureInteraction,
  fixtureItem,
  fixtureThread,
  fixtureUsers,
} from '../replica/testing-fixtures';
import { notifyPrefsOf, startNotifications, type Notifications } from './run';
import type { NotifyPrefs } from './types';

let opened: TempReplica;
const moderator = fixtureUsers[0] as User;
const approver = fixtureUsers[1] as User;

beforeAll(async () => {
  opened = await openTempReplica();
  ingestBatch(opened.replica.writer, {
    clients: [fixtureClient],
    users: fixtureUsers,
    channels: [fixtureChannel('instagram')],
    contacts: [fixtureContact('ct-anna', 'Anna Rossi')],
    threads: [fixtureThread('th-dm', 'conversation', 'instagram')],
    interactions: [],
    items: [],
  });
});
afterAll(() => opened.dispose());

let dmCount = 0;
/** An angry direct message arrives from the server (a pull writes it to the replica). */
function angryDm(): string {
  dmCount += 1;
  const dm: Interaction = fixtureInteraction(
    {
      id: `dm-${dmCount}`,
      kind: 'dm',
      threadId: 'th-dm',
      contactId: 'ct-anna',
      text: 'Pessimo servizio',
      sentiment: -0.9,
    },
    'instagram',
  );
  const item = fixtureItem(dm, { dueAt: Date.now() + 4 * 3_600_000 });
  ingestBatch(opened.replica.writer, { interactions: [dm], items: [item] });
  return item.id;
}

async function running(
  user: () => User | null,
  prefs: () => NotifyPrefs = () => notifyPrefsOf({ quiet: false, off: [] }),
) {
  const events = new EventHub();
  const seen: EventPayload<'notify'>[] = [];
  events.on('notify', (event) => seen.push(event));
  const notifications = startNotifications({
    reader: opened.replica.reader,
    onReplicaChange: (listener) => opened.replica.onChange(listener),
    events,
    user,
    now: Date.now,
    log: silentLogger,
    prefs,
  });
  // The live items are read in the background: wait for the first answer.
  for (let waited = 0; seen.length === 0 && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
  return { events, seen, notifications };
}

/** The replica change is read in the background (a reset): wait for the notifier's answer. */
async function until(probe: () => boolean): Promise<void> {
  for (let waited = 0; !probe() && waited < 3000; waited += 10) await new Promise((r) => setTimeout(r, 10));
}

const kinds = (seen: readonly EventPayload<'notify'>[]) =>
  seen.flatMap((event) => event.notifications.map((n) => n.kind));

describe('notifications for whoever is signed in', () => {
  let current: Notifications | null = null;
  afterAll(() => current?.stop());

  it('tells a moderator about an angry direct message, with the badge, and follows the quiet setting', async () => {
    let quiet = false;
    const { events, seen, notifications } = await running(
      () => moderator,
      () => notifyPrefsOf({ quiet, off: [] }),
    );
    current = notifications;
    const first = angryDm();
    await until(() => seen.at(-1)?.badge === 1);
    expect(kinds(seen)).toEqual(['urgent_dm']);
    expect(seen.at(-1)?.notifications[0]?.target).toEqual({ type: 'item', itemId: first });
    expect(seen.at(-1)?.badge).toBe(1);
    expect(notifications.badge()).toBe(1);

    quiet = true;
    events.emit('settings:changed', { language: null, notifications: { quiet: true, off: [] } });
    angryDm();
    await until(() => seen.at(-1)?.badge === 2);
    expect(kinds(seen)).toEqual(['urgent_dm']);
    // Quiet mode silences, it does not hide work: the badge still counts.
    expect(seen.at(-1)?.badge).toBe(2);
    notifications.stop();
  });

  it('tells an approver nothing about the queue, and follows sign-out and sign-in', async () => {
    let user: User | null = approver;
    const { events, seen, notifications } = await running(() => user);
    current = notifications;
    angryDm();
    await new Promise((r) => setTimeout(r, 200));
    expect(kinds(seen)).toEqual([]);
    user = null;
    events.emit('connection:changed', { mode: null, user: null });
    user = moderator;
    events.emit('connection:changed', { mode: 'solo', user: moderator });
    await until(() => seen.at(-1)?.badge === 3);
    // The moderator's notifier starts from what is there (counted, not announced), then news.
    expect(seen.at(-1)?.badge).toBe(3);
    angryDm();
    await until(() => seen.at(-1)?.badge === 4);
    expect(kinds(seen)).toEqual(['urgent_dm']);
    notifications.stop();
  });
});

describe('preferences', () => {
  it('maps the settings to what the notifier may announce', () => {
    expect(notifyPrefsOf({ quiet: false, off: ['sla_at_risk'] })).toEqual({
      quiet: false,
      enabled: {
        urgent_dm: true,
        negative_review: true,
        sla_at_risk: false,
        approval_requested: true,
        approval_decided: true,
      },
    });
  });
});
