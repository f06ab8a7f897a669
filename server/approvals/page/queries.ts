/**
 * What the approver page reads: the pending list of the approver's own clients, and one reply in
 * its context. Both filter by the same scopes as pull (server/sync/scope.ts), in SQL, so a reply
 * of another client is never read for this user — the item page answers it like a missing one.
 */
import type { Channel, Client, Contact, Interaction, Item, Reply, Thread, User } from '../../../shared/domain/entities';
import type { Result } from '../../../shared/domain/errors';
import { approvalProgress, checkApprover } from '../../../shared/domain';
import type { Queryable } from '../../db/db';
import { toJson, toText } from '../../db/db';
import { sql } from '../../db/sql';
import { actorOf } from '../../sync/apply';
import { scopeCondition, visibilityOf } from '../../sync/scope';

const MINUTE = 60_000;
/** More than an approver clears in a day; the page says how many are shown. */
const LIST_LIMIT = 200;

export interface PendingEntry {
  readonly reply: Reply;
  readonly item: Item;
  readonly client: Client;
  readonly interaction: Interaction;
  readonly contact: Contact | null;
  readonly currentStep: number | null;
  /** When the current step started waiting: the last signature, or the submission. */
  readonly waitingSince: number;
  /** waitingSince + the client's approval SLA. */
  readonly dueAt: number;
  /** Whether this user may decide the current step now. */
  readonly canDecide: Result<number>;
}

function waitingSince(reply: Reply): number {
  const last = reply.approvals.reduce((latest, approval) => Math.max(latest, approval.at), 0);
  return last > 0 ? last : reply.updatedAt;
}

export function pendingOf(
  user: User,
  found: { reply: Reply; item: Item; client: Client; interaction: Interaction; contact: Contact | null },
): PendingEntry {
  const since = waitingSince(found.reply);
  return {
    ...found,
    currentStep: approvalProgress(found.reply, found.client.approvalChain).currentStep,
    waitingSince: since,
    dueAt: since + found.client.approvalSlaMinutes * MINUTE,
    canDecide: checkApprover(found.reply, found.client, actorOf(user)),
  };
}

/** Replies awaiting approval on the user's clients, oldest first. */
export async function pendingFor(db: Queryable, user: User): Promise<PendingEntry[]> {
  const scope = scopeCondition(visibilityOf(user), sql`r.scopes`);
  const found = await db.query(sql`
    SELECT r.data AS reply, i.data AS item, c.data AS client, x.data AS interaction, ct.data AS contact
    FROM entities r
    JOIN entities i ON i.entity = 'item' AND i.id = r.data->>'itemId'
    JOIN entities c ON c.entity = 'client' AND c.id = r.data->>'clientId'
    JOIN entities x ON x.entity = 'interaction' AND x.id = i.data->>'interactionId'
    LEFT JOIN entities ct ON ct.entity = 'contact' AND ct.id = x.data->>'contactId'
    WHERE r.entity = 'reply' AND r.data->>'status' = 'awaiting_approval' AND ${scope}
    ORDER BY (r.data->>'updatedAt')::bigint, r.id
    LIMIT ${LIST_LIMIT}`);
  return found
    .map((entry) =>
      pendingOf(user, {
        reply: toJson(entry.reply) as Reply,
        item: toJson(entry.item) as Item,
        client: toJson(entry.client) as Client,
        interaction: toJson(entry.interaction) as Interaction,
        contact: entry.contact === null ? null : (toJson(entry.contact) as Contact),
      }),
    )
    .sort((a, b) => a.waitingSince - b.waitingSince || a.reply.id.localeCompare(b.reply.id));
}

export interface ReplyInContext extends PendingEntry {
  readonly thread: Thread | null;
  readonly channel: Channel | null;
  /** Earlier interactions of the thread, oldest first (at most 10). */
  readonly earlier: readonly Interaction[];
  readonly contacts: ReadonlyMap<string, Contact>;
  /** Names of the reply's author and of the signers. */
  readonly names: ReadonlyMap<string, string>;
}

/** One reply with what an approver needs to judge it; null when missing or not the user's client. */
export async function replyInContext(db: Queryable, user: User, replyId: string): Promise<ReplyInContext | null> {
  const scope = scopeCondition(visibilityOf(user), sql`r.scopes`);
  const [found] = await db.query(sql`
    SELECT r.data AS reply, i.data AS item, c.data AS client, x.data AS interaction, ct.data AS contact,
      th.data AS thread, ch.data AS channel
    FROM entities r
    JOIN entities i ON i.entity = 'item' AND i.id = r.data->>'itemId'
    JOIN entities c ON c.entity = 'client' AND c.id = r.data->>'clientId'
    JOIN entities x ON x.entity = 'interaction' AND x.id = i.data->>'interactionId'
    LEFT JOIN entities ct ON ct.entity = 'contact' AND ct.id = x.data->>'contactId'
    LEFT JOIN entities th ON th.entity = 'thread' AND th.id = x.data->>'threadId'
    LEFT JOIN entities ch ON ch.entity = 'channel' AND ch.id = x.data->>'channelId'
    WHERE r.entity = 'reply' AND r.id = ${replyId} AND ${scope}`);
  if (found === undefined) return null;
  const reply = toJson(found.reply) as Reply;
  const interaction = toJson(found.interaction) as Interaction;
  const earlier = (
    await db.query(sql`
      SELECT data FROM entities
      WHERE entity = 'interaction' AND data->>'threadId' = ${interaction.threadId}
        AND (data->>'createdAt')::bigint < ${interaction.createdAt} AND id <> ${interaction.id}
      ORDER BY (data->>'createdAt')::bigint DESC LIMIT 10`)
  )
    .map((entry) => toJson(entry.data) as Interaction)
    .reverse();
  const contactIds = [...new Set([interaction.contactId, ...earlier.map((entry) => entry.contactId)])];
  const editedFrom = reply.approverEdit?.previousAuthorId;
  const userIds = [
    ...new Set([
      reply.authorId,
      ...reply.approvals.map((approval) => approval.approverId),
      ...(editedFrom === undefined ? [] : [editedFrom]),
    ]),
  ];
  const [contactRows, userRows] = await Promise.all([
    db.query(sql`SELECT id, data FROM entities WHERE entity = 'contact' AND id = ANY(${contactIds}::text[])`),
    db.query(sql`SELECT id, name FROM users WHERE id = ANY(${userIds}::text[])`),
  ]);
  const contacts = new Map(contactRows.map((entry) => [toText(entry.id), toJson(entry.data) as Contact]));
  const names = new Map(userRows.map((entry) => [toText(entry.id), toText(entry.name)]));
  return {
    ...pendingOf(user, {
      reply,
      item: toJson(found.item) as Item,
      client: toJson(found.client) as Client,
      interaction,
      contact: found.contact === null ? null : (toJson(found.contact) as Contact),
    }),
    thread: found.thread === null ? null : (toJson(found.thread) as Thread),
    channel: found.channel === null ? null : (toJson(found.channel) as Channel),
    earlier,
    contacts,
    names,
  };
}
