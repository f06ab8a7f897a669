/**
 * The one table of what a moderator does to an item (docs/domain.md, "Item actions"). Each entry
 * is one act under one name — `archive` is the request `{ type: 'archive' }`, the mutation
 * `item.archive`, the keyboard command `item.archive` — and holds everything every layer needs:
 *
 * - `args`: the request's arguments besides `type`; the contract's request union
 *   (`itemActionRequest`) and the sync mutation `item.<name>` (the same plus `itemId`) are built
 *   from it (shared/contract/actions.ts, shared/sync/mutations.ts);
 * - `transition`: the lifecycle action (lifecycle.ts) the request asks for on that item, run by
 *   the desktop (optimistic) and the server alike;
 * - `inverse`: the request that undoes it, given the item before (the queue's undo), or null when
 *   the act has no undo of its own;
 * - `userId`: a user the server must load with the item (the assignee);
 * - `audit`: the action the audit trail records (shared/domain/audit.ts);
 * - `policyReason`: the reason must come from the client's moderation policy (hide, delete);
 * - `leavesView`, `toast`, `command`: what the queue shows (renderer/src/features/queue).
 *
 * Adding an act is adding an entry here (and its texts in shared/i18n/locales): the compiler then
 * asks for it nowhere else, and shared/domain/itemActions.test.ts walks every entry.
 */
import { z } from 'zod';
import { epochMs, id } from './entities';
import type { Id, Item } from './entities';
import type { AuditAction } from './audit';
import type { ItemAction } from './lifecycle';

const reason = z.string().trim().min(1).max(500);
const label = z.string().trim().min(1).max(60);

/** The arguments of each act besides `type`, as zod shapes (strict objects are built from them). */
export const itemActionArgs = {
  claim: {},
  assign: { assigneeId: id.nullable() },
  archive: { reason },
  snooze: { until: epochMs },
  reopen: {},
  label: { label, op: z.enum(['add', 'remove']) },
  hide: { reason },
  delete: { reason },
} satisfies Record<string, z.ZodRawShape>;

export type ItemActionName = keyof typeof itemActionArgs;
export const itemActionNames = Object.keys(itemActionArgs) as ItemActionName[];
type ArgsOfShape<S extends z.ZodRawShape> = keyof S extends never ? Record<never, never> : z.output<z.ZodObject<S>>;
/** The parsed arguments of an act (a union of them for a union of names). */
export type ItemActionArgs<N extends ItemActionName> = N extends ItemActionName
  ? ArgsOfShape<(typeof itemActionArgs)[N]>
  : never;

/** A request for one act, as the renderer sends it and the core checks it. */
export type ItemActionRequestOf<N extends ItemActionName> = { readonly type: N } & ItemActionArgs<N>;
export type ItemActionRequest = { [N in ItemActionName]: ItemActionRequestOf<N> }[ItemActionName];

/** The sync mutation of an act: its name on the wire (unchanged since the first desktops). */
export type ItemMutationName = `item.${ItemActionName}`;
export const itemMutationName = <N extends ItemActionName>(name: N): `item.${N}` => `item.${name}`;

export interface ItemActionSpec<N extends ItemActionName> {
  /** The lifecycle action this request asks for on `item` (e.g. assign to nobody → unassign). */
  readonly transition: (args: ItemActionArgs<N>, item: Item) => ItemAction;
  /**
   * The request that puts `before` back as it was in assignee, labels and status, or null when
   * there is nothing to put back; the entry is null when the act has no undo (reopen is itself
   * the undo of archive, snooze, hide and delete).
   */
  readonly inverse: ((before: Item, args: ItemActionArgs<N>) => ItemActionRequest | null) | null;
  /** A user the server loads (and checks) besides the item and its client. */
  readonly userId: (args: ItemActionArgs<N>) => Id | null;
  /** What the audit trail calls it (an assign to nobody is an `unassign`). */
  readonly audit: (args: ItemActionArgs<N>) => AuditAction;
  /** Its `reason` must be one of the client's moderation reasons (lifecycle.ts, permissions.ts). */
  readonly policyReason: boolean;
  /** The item leaves the active queue views once the act is done. */
  readonly leavesView: boolean;
  /** What the moderator is told when it is done: `queue.toast.<toast>_one/_other` in the locales. */
  readonly toast: string;
  /** A keyboard command `item.<name>` exists in renderer/src/keyboard/keymap.ts. */
  readonly command: boolean;
}

const reopen: ItemActionRequest = { type: 'reopen' };
const noUser = (): null => null;

export const itemActions: { readonly [N in ItemActionName]: ItemActionSpec<N> } = {
  claim: {
    transition: () => ({ type: 'claim' }),
    inverse: (before) => ({ type: 'assign', assigneeId: before.assigneeId }),
    userId: noUser,
    audit: () => 'claim',
    policyReason: false,
    leavesView: false,
    toast: 'claimed',
    command: true,
  },
  assign: {
    transition: ({ assigneeId }) =>
      assigneeId === null ? { type: 'unassign' } : { type: 'assign', toUserId: assigneeId },
    inverse: (before, { assigneeId }) =>
      before.assigneeId === assigneeId ? null : { type: 'assign', assigneeId: before.assigneeId },
    userId: ({ assigneeId }) => assigneeId,
    audit: ({ assigneeId }) => (assigneeId === null ? 'unassign' : 'assign'),
    policyReason: false,
    leavesView: false,
    toast: 'assigned',
    command: true,
  },
  archive: {
    transition: ({ reason }) => ({ type: 'archive', reason }),
    inverse: () => reopen,
    userId: noUser,
    audit: () => 'archive',
    policyReason: false,
    leavesView: true,
    toast: 'archived',
    command: true,
  },
  snooze: {
    transition: ({ until }) => ({ type: 'snooze', until }),
    inverse: () => reopen,
    userId: noUser,
    audit: () => 'snooze',
    policyReason: false,
    leavesView: true,
    toast: 'snoozed',
    command: true,
  },
  reopen: {
    transition: () => ({ type: 'reopen' }),
    inverse: null,
    userId: noUser,
    audit: () => 'reopen',
    policyReason: false,
    leavesView: false,
    toast: 'reopened',
    command: false,
  },
  label: {
    transition: ({ label, op }) => ({ type: op === 'add' ? 'label.add' : 'label.remove', label }),
    inverse: (before, { label, op }) => {
      const had = before.labels.includes(label);
      if (op === 'add' && !had) return { type: 'label', label, op: 'remove' };
      if (op === 'remove' && had) return { type: 'label', label, op: 'add' };
      return null;
    },
    userId: noUser,
    audit: () => 'label',
    policyReason: false,
    leavesView: false,
    toast: 'labelled',
    command: true,
  },
  hide: {
    transition: ({ reason }) => ({ type: 'hide', reason }),
    inverse: () => reopen,
    userId: noUser,
    audit: () => 'hide',
    policyReason: true,
    leavesView: true,
    toast: 'hidden',
    command: true,
  },
  delete: {
    transition: ({ reason }) => ({ type: 'delete', reason }),
    inverse: () => reopen,
    userId: noUser,
    audit: () => 'delete',
    policyReason: true,
    leavesView: true,
    toast: 'deleted',
    command: false,
  },
};

type AnySpec = ItemActionSpec<ItemActionName>;

/**
 * The entry of a request and its arguments. A request's `type` names its entry, so its arguments
 * fit that entry's functions: the one cast that stands for a switch in every caller.
 */
function entryOf(request: ItemActionRequest): { spec: AnySpec; args: ItemActionArgs<ItemActionName> } {
  const { type, ...args } = request;
  return { spec: itemActions[type] as AnySpec, args: args as ItemActionArgs<ItemActionName> };
}

/** The lifecycle action a request asks for on `item`. */
export function lifecycleActionOf(request: ItemActionRequest, item: Item): ItemAction {
  const { spec, args } = entryOf(request);
  return spec.transition(args, item);
}

/** The request that undoes `request` on `before`, or null when there is nothing to undo. */
export function undoRequestOf(before: Item, request: ItemActionRequest): ItemActionRequest | null {
  const { spec, args } = entryOf(request);
  return spec.inverse === null ? null : spec.inverse(before, args);
}

/** A user the server must load besides the item, for this request. */
export function userToLoad(request: ItemActionRequest): Id | null {
  const { spec, args } = entryOf(request);
  return spec.userId(args);
}

/** The request carried by an `item.<name>` mutation and its (parsed) arguments. */
export function requestOfMutation(
  name: ItemMutationName,
  args: ItemActionArgs<ItemActionName> & { readonly itemId: Id },
): { itemId: Id; request: ItemActionRequest } {
  const { itemId, ...rest } = args;
  return { itemId, request: { type: name.slice('item.'.length), ...rest } as ItemActionRequest };
}

/** The mutation `item.<name>` a request on one item is queued as. */
export function mutationOfRequest(
  itemId: Id,
  request: ItemActionRequest,
): { name: ItemMutationName; args: ItemActionArgs<ItemActionName> & { itemId: Id } } {
  const { type, ...args } = request;
  return { name: itemMutationName(type), args: { ...(args as ItemActionArgs<ItemActionName>), itemId } };
}

/** What the audit trail calls a request. */
export function auditActionOf(request: ItemActionRequest): AuditAction {
  const { spec, args } = entryOf(request);
  return spec.audit(args);
}

/** The `item.<name>` mutations whose reason the client's moderation policy must give. */
export const policyReasonMutations: ReadonlySet<ItemMutationName> = new Set(
  itemActionNames.filter((name) => itemActions[name].policyReason).map((name) => itemMutationName(name)),
);

/** Whether a mutation name is one of the table's `item.<name>`. */
export function isItemMutationName(name: string): name is ItemMutationName {
  return name.startsWith('item.') && Object.hasOwn(itemActionArgs, name.slice('item.'.length));
}

/** Narrows a typed mutation (`{ name, args }`) to the table's `item.<name>` ones. */
export function isItemMutation<M extends { readonly name: string }>(
  mutation: M,
): mutation is Extract<M, { readonly name: ItemMutationName }> {
  return isItemMutationName(mutation.name);
}

/** The strict zod request of each act: `{ type: <name>, ...args }`. */
function requestSchema<N extends ItemActionName>(name: N) {
  return z.object({ type: z.literal(name), ...itemActionArgs[name] }).strict();
}
type RequestSchema<N extends ItemActionName> = ReturnType<typeof requestSchema<N>>;
type RequestSchemas = { [N in ItemActionName]: RequestSchema<N> }[ItemActionName];

/** The contract's request union, one member per entry. */
export const itemActionRequest = z.discriminatedUnion(
  'type',
  itemActionNames.map((name) => requestSchema(name)) as unknown as [RequestSchemas, ...RequestSchemas[]],
);

/** The strict zod arguments of the mutation `item.<name>`: the request's arguments and `itemId`. */
function mutationSchema<N extends ItemActionName>(name: N) {
  return z.object({ itemId: id, ...itemActionArgs[name] }).strict();
}
type MutationSchema<N extends ItemActionName> = ReturnType<typeof mutationSchema<N>>;

export const itemMutationArgs = Object.fromEntries(
  itemActionNames.map((name) => [itemMutationName(name), mutationSchema(name)]),
) as unknown as { readonly [N in ItemActionName as `item.${N}`]: MutationSchema<N> };
