import { queueViewStatuses, type QueueCounts, type QueueView } from '../../../shared/contract/queue';
import type { ItemStatus, Platform } from '../../../shared/domain/entities';
import type { ReadableDb } from './db';
import { sql } from './sql';

/**
 * The sidebar's counts, from the trigger-kept `item_counts` and `item_assignee_counts`
 * (migration 003): a few hundred rows at most, whatever the number of items, summed here.
 */

interface CountRow {
  clientPk: number;
  channelPk: number;
  status: ItemStatus;
  sensitive: number;
  n: number;
}

const inView = (view: QueueView, status: ItemStatus) => queueViewStatuses[view].includes(status);

export function queueCounts(db: ReadableDb, args: { userId?: string | undefined }): QueueCounts {
  const rows = db.all<CountRow>(sql`SELECT client_pk AS clientPk, channel_pk AS channelPk, status, sensitive, n
    FROM item_counts WHERE n <> 0`);
  const mineByStatus =
    args.userId === undefined
      ? []
      : db.all<{ status: ItemStatus; n: number }>(sql`SELECT status, n FROM item_assignee_counts
          WHERE assignee_pk = (SELECT pk FROM users WHERE id = ${args.userId})`);
  const clients = db.all<{ pk: number; id: string; name: string }>(sql`SELECT pk, id, name FROM clients ORDER BY name`);
  const channels = db.all<{ pk: number; id: string; clientId: string; platform: Platform; name: string }>(
    sql`SELECT ch.pk, ch.id, cl.id AS clientId, ch.platform, ch.name
      FROM channels ch JOIN clients cl ON cl.pk = ch.client_pk ORDER BY cl.name, ch.platform, ch.name`,
  );

  const views = { inbox: 0, mine: 0, awaiting_approval: 0, snoozed: 0, done: 0, all: 0 };
  let needsApproval = 0;
  const byClient = new Map<number, { inbox: number; awaitingApproval: number }>();
  const byChannel = new Map<number, number>();
  for (const row of rows) {
    for (const view of ['inbox', 'awaiting_approval', 'snoozed', 'done', 'all'] as const) {
      if (inView(view, row.status)) views[view] += row.n;
    }
    const inbox = inView('inbox', row.status);
    if (inbox && row.sensitive === 1) needsApproval += row.n;
    const client = byClient.get(row.clientPk) ?? { inbox: 0, awaitingApproval: 0 };
    if (inbox) client.inbox += row.n;
    if (inView('awaiting_approval', row.status)) client.awaitingApproval += row.n;
    byClient.set(row.clientPk, client);
    if (inbox) byChannel.set(row.channelPk, (byChannel.get(row.channelPk) ?? 0) + row.n);
  }
  for (const row of mineByStatus) if (inView('mine', row.status)) views.mine += row.n;
  return {
    views,
    needsApproval,
    clients: clients.map((client) => ({
      clientId: client.id,
      name: client.name,
      inbox: byClient.get(client.pk)?.inbox ?? 0,
      awaitingApproval: byClient.get(client.pk)?.awaitingApproval ?? 0,
    })),
    channels: channels.map((channel) => ({
      channelId: channel.id,
      clientId: channel.clientId,
      platform: channel.platform,
      name: channel.name,
      inbox: byChannel.get(channel.pk) ?? 0,
    })),
  };
}
