/**
 * The audit events of one applied mutation, from the rows as they were read (before) and as the
 * mutation writes them (after). Pure, so the push code calls it with what it already holds:
 *
 *   const events = auditEventsForMutation({ name, args, actor: user, at: now, before: rows, after });
 *   appendAudit(tx, events);          // in the same transaction, once, with every event of it
 *
 * `before` is the LoadedRows of server/sync/context.ts (item, reply, contact, note as read);
 * `after` the domain values the outcome writes, by entity (`rowsByEntity(outcome.rows)`; an
 * entity it does not write: absent).
 * Refused mutations change nothing and record nothing here.
 *
 * What is recorded: the fields that changed (`updatedAt` aside), before and after. Replies being
 * submitted, sent, approved or rejected always carry their exact text, visibility and version in
 * `after`: compliance needs the words that were approved and published. Decisions carry the
 * e-signature (printed name, meaning, time). Item events go on their client's chain, replies and
 * decisions on the reply's client's; contact labels and notes belong to no single client and go on
 * the workspace chain.
 */
import type { AuditAction, AuditContent, AuditEntity } from '../../shared/domain/audit';
import { auditActionOf, isItemMutationName, requestOfMutation } from '../../shared/domain/itemActions';
import { canonicalJson } from '../../shared/domain/audit';
import type { Contact, Item, Note, Reply, User } from '../../shared/domain/entities';
import type { MutationName } from '../../shared/sync/mutations';

type JsonObject = { [key: string]: AuditContent['after'] };

export interface MutationRows {
  readonly item?: Item | undefined;
  readonly reply?: Reply | undefined;
  readonly contact?: Contact | undefined;
  readonly note?: Note | undefined;
}

export interface MutationAuditInput {
  readonly name: MutationName;
  /** The parsed arguments (shared/sync/mutations.ts). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly actor: Pick<User, 'id' | 'name' | 'role'>;
  readonly at: number;
  readonly before: MutationRows;
  readonly after: MutationRows;
}

/** The rows a mutation's outcome writes (`{entity, data}`, as server/sync/rows.ts) by entity. */
export function rowsByEntity(rows: readonly { readonly entity: string; readonly data: unknown }[]): MutationRows {
  const found: { item?: Item; reply?: Reply; contact?: Contact; note?: Note } = {};
  for (const row of rows) {
    if (row.entity === 'item') found.item = row.data as Item;
    else if (row.entity === 'reply') found.reply = row.data as Reply;
    else if (row.entity === 'contact') found.contact = row.data as Contact;
    else if (row.entity === 'note') found.note = row.data as Note;
  }
  return found;
}

const IGNORED = new Set(['updatedAt', 'approvals']);

/** The fields whose values differ, as two objects of those fields only. */
export function changedFields(
  before: object | undefined,
  after: object | undefined,
): { before: JsonObject | null; after: JsonObject | null } {
  if (after === undefined) return { before: null, after: null };
  const old = (before ?? {}) as Record<string, unknown>;
  const next = after as Record<string, unknown>;
  const was: JsonObject = {};
  const now: JsonObject = {};
  for (const key of new Set([...Object.keys(old), ...Object.keys(next)])) {
    if (IGNORED.has(key)) continue;
    const a = old[key] === undefined ? undefined : canonicalJson(old[key]);
    const b = next[key] === undefined ? undefined : canonicalJson(next[key]);
    if (a === b) continue;
    if (a !== undefined) was[key] = old[key] as AuditContent['after'];
    if (b !== undefined) now[key] = next[key] as AuditContent['after'];
  }
  return { before: before === undefined ? null : was, after: now };
}

const REPLY_ACTIONS: Partial<Record<MutationName, AuditAction>> = {
  'reply.draft': 'draft',
  'reply.submit': 'submit',
  'reply.send': 'send',
};

function withItem(
  diff: JsonObject | null,
  item: { before: JsonObject | null; after: JsonObject | null },
  side: 'before' | 'after',
) {
  const part = item[side];
  if (part === null || Object.keys(part).length === 0) return diff;
  return { ...(diff ?? {}), item: part };
}

export function auditEventsForMutation(input: MutationAuditInput): AuditContent[] {
  const { name, args, before, after } = input;
  const base = {
    at: input.at,
    actor: { id: input.actor.id, name: input.actor.name, role: input.actor.role },
    signature: null,
  };
  const event = (
    action: AuditAction,
    entity: AuditEntity,
    entityId: string,
    clientId: string | null,
    diff: { before: JsonObject | null; after: JsonObject | null },
    signature: AuditContent['signature'] = null,
  ): AuditContent[] => {
    if (diff.after === null || (Object.keys(diff.after).length === 0 && diff.before === null)) return [];
    return [{ ...base, action, entity, entityId, clientId, before: diff.before, after: diff.after, signature }];
  };

  // The item action table names what the audit trail records (shared/domain/itemActions.ts);
  // `args` were parsed against this very mutation's schema.
  const itemAction = isItemMutationName(name)
    ? auditActionOf(requestOfMutation(name, args as Parameters<typeof requestOfMutation>[1]).request)
    : undefined;
  if (itemAction !== undefined) {
    const item = after.item ?? before.item;
    if (item === undefined) return [];
    return event(itemAction, 'item', item.id, item.clientId, changedFields(before.item, after.item));
  }

  const replyAction =
    name === 'reply.confirm_edit'
      ? args.decision === 'confirm'
        ? 'edit_confirm'
        : 'edit_decline'
      : REPLY_ACTIONS[name];
  const reply = after.reply ?? before.reply;
  if ((replyAction !== undefined || name === 'approval.decide') && reply !== undefined) {
    const replyDiff = changedFields(before.reply, after.reply);
    const itemDiff = changedFields(before.item, after.item);
    const exact: JsonObject =
      name === 'reply.draft' || after.reply === undefined
        ? {}
        : { text: after.reply.text, visibility: after.reply.visibility, version: after.reply.version };
    const diff = {
      before: withItem(replyDiff.before, itemDiff, 'before'),
      after: withItem(replyDiff.after === null ? null : { ...replyDiff.after, ...exact }, itemDiff, 'after'),
    };
    if (replyAction !== undefined) return event(replyAction, 'reply', reply.id, reply.clientId, diff);
    const decision = after.reply?.approvals.find((approval) => approval.id === args.approvalId);
    if (decision === undefined) return [];
    const signed = { ...diff.after, approval: decision as unknown as JsonObject[string] };
    return event(
      decision.decision === 'approved' ? 'approve' : 'reject',
      'approval',
      decision.id,
      reply.clientId,
      { before: diff.before, after: signed },
      { printedName: input.actor.name, meaning: decision.meaning, at: decision.at },
    );
  }

  if (name === 'note.add' && after.note !== undefined) {
    return event('note', 'note', after.note.id, null, changedFields(undefined, after.note));
  }
  if (name === 'contact.tag' && after.contact !== undefined) {
    return event('contact_tag', 'contact', after.contact.id, null, changedFields(before.contact, after.contact));
  }
  return [];
}
