/**
 * From an object's merged state to the rows desktops see: its thread, its author's contact, the
 * interaction and its work item — built like the demo builds them (shared/demo/workflow.ts):
 * `dueAt` from the client's SLA, `priority` from `priorityScore`, the `sensitive` flag from the
 * client's policy. What a moderator or the classifier set on an existing row is kept.
 */
import type { Client, Contact, Interaction, Item, Thread } from '../../../shared/domain/entities';
import type { PlatformSignal } from '../../../shared/domain/lifecycle';
import { platformItemChange } from '../../../shared/domain/lifecycle';
import { dueAt, priorityScore } from '../../../shared/domain/priority';
import type { SensitivityMatcher } from '../../../shared/domain/sensitivity';
import {
  contactIdOf,
  domainPlatform,
  interactionIdOf,
  interactionKindOf,
  itemIdOf,
  threadIdOf,
  threadKindOf,
  threadKindRank,
} from './ids';
import type { ObjectState, Shown } from './objects';
import { createdAtOf, isHidden } from './objects';

export type Work = ObjectState & { readonly shown: Shown };

export function contactKeyOf(state: Work): string {
  return state.shown.author?.id ?? (state.kind === 'message' ? (state.threadKey ?? 'anonymous') : 'anonymous');
}

export interface EntityIds {
  readonly interactionId: string | null;
  readonly itemId: string | null;
  readonly threadId: string | null;
  readonly contactId: string | null;
}

const known = new WeakMap<ObjectState, EntityIds>();

/** The entity ids an object's state stands for (hashes: computed once per state). */
export function idsOf(state: ObjectState): EntityIds {
  const found = known.get(state);
  if (found !== undefined) return found;
  const ids = computeIds(state);
  known.set(state, ids);
  return ids;
}

function computeIds(state: ObjectState): EntityIds {
  const work = state.shown !== null && !state.own;
  return {
    interactionId: work ? interactionIdOf(state.platform, state.externalId) : null,
    itemId: work ? itemIdOf(state.platform, state.externalId) : null,
    threadId: state.threadKey === null ? null : threadIdOf(state.platform, state.channelId, state.threadKey),
    contactId: work ? contactIdOf(state.platform, contactKeyOf(state as Work)) : null,
  };
}

export interface Existing {
  readonly thread?: Thread;
  readonly contact?: Contact;
  readonly interaction?: Interaction;
  readonly item?: Item;
}

export interface BuildInput {
  readonly state: Work;
  readonly before: ObjectState | undefined;
  readonly client: Client;
  readonly matcher: SensitivityMatcher;
  /** Our interaction id of the parent, when the parent is an interaction we have. */
  readonly parentInteractionId: string | null;
  /** Our own reply to it is known; `answeredNow`: that evidence arrived in this call. */
  readonly answered: boolean;
  readonly answeredNow: boolean;
  readonly existing: Existing;
  readonly now: number;
}

export interface Built {
  readonly thread: Thread;
  readonly contact: Contact;
  readonly interaction: Interaction;
  readonly item: Item;
}

export function buildEntities(input: BuildInput): Built {
  const { state, existing, now } = input;
  const ids = idsOf(state);
  const createdAt = createdAtOf(state) ?? existing.interaction?.createdAt ?? now;
  const kind = interactionKindOf[state.shown.kind];
  const previousFlags = existing.interaction?.flags ?? {
    sensitive: false,
    adverseEvent: false,
    spam: false,
    profanity: false,
  };
  const interaction: Interaction = {
    id: ids.interactionId ?? '',
    clientId: state.clientId,
    channelId: state.channelId,
    threadId: ids.threadId ?? '',
    kind,
    platformId: state.externalId,
    parentId: input.parentInteractionId,
    contactId: ids.contactId ?? '',
    text: state.shown.text,
    // The classification plugs in here (language, sentiment); until then: unknown and neutral.
    lang: existing.interaction?.lang ?? null,
    createdAt,
    sentiment: existing.interaction?.sentiment ?? 0,
    rating: state.shown.rating,
    flags: { ...previousFlags, sensitive: input.matcher.test(state.shown.text) },
  };
  const threadKind = threadKindOf[state.shown.kind];
  const thread: Thread = {
    id: ids.threadId ?? '',
    clientId: state.clientId,
    channelId: state.channelId,
    kind:
      existing.thread !== undefined && threadKindRank[existing.thread.kind] > threadKindRank[threadKind]
        ? existing.thread.kind
        : threadKind,
    platformId: state.threadKey ?? state.externalId,
    text: existing.thread?.text ?? null,
    url: existing.thread?.url ?? null,
    createdAt: Math.min(existing.thread?.createdAt ?? createdAt, createdAt),
  };
  const author = state.shown.author;
  const handle = author?.handle ?? author?.name ?? contactKeyOf(state);
  const contact: Contact = {
    id: ids.contactId ?? '',
    displayName: existing.contact?.displayName ?? author?.name ?? author?.handle ?? handle,
    firstName: existing.contact?.firstName ?? null,
    handles: existing.contact?.handles ?? [{ platform: domainPlatform[state.platform], handle }],
    labels: existing.contact?.labels ?? [],
    firstSeenAt: Math.min(existing.contact?.firstSeenAt ?? createdAt, createdAt),
  };
  return { thread, contact, interaction, item: buildItem(input, interaction) };
}

function buildItem(input: BuildInput, interaction: Interaction): Item {
  const { state, before, existing, client, now } = input;
  const due = dueAt(interaction.createdAt, interaction.kind, client.sla);
  const derived = { dueAt: due, createdAt: interaction.createdAt };
  const same = existing.interaction !== undefined && sameDerivation(existing.interaction, interaction);
  const priority =
    existing.item !== undefined && same ? existing.item.priority : priorityScore({ ...interaction, dueAt: due }, now);
  if (existing.item === undefined) {
    const fresh: Item = {
      id: idsOf(state).itemId ?? '',
      interactionId: interaction.id,
      clientId: state.clientId,
      channelId: state.channelId,
      status: 'new',
      priority,
      assigneeId: null,
      labels: [],
      ...derived,
      snoozedUntil: null,
      closedReason: null,
      updatedAt: interaction.createdAt,
    };
    // The whole history at once, in the order in which the signals commute (lifecycle.ts).
    const signals: PlatformSignal[] = [];
    if (isHidden(state)) signals.push('hidden');
    if (state.removed) signals.push('removed');
    if (input.answered) signals.push('answered_by_own');
    return asArrived(signals.reduce((item, signal) => platformItemChange(item, signal, now), fresh));
  }
  // Only what changed in this call, in the same order.
  const signals: PlatformSignal[] = [];
  const wasHidden = before !== undefined && isHidden(before);
  if (isHidden(state) !== wasHidden) signals.push(isHidden(state) ? 'hidden' : 'unhidden');
  if (state.removed && before?.removed !== true) signals.push('removed');
  if (input.answeredNow) signals.push('answered_by_own');
  const base: Item = { ...existing.item, priority, ...derived };
  return asArrived(signals.reduce((item, signal) => platformItemChange(item, signal, now), base));
}

/**
 * An item back in the state it arrived in (new, nobody on it, no label: a hide undone) shows its
 * arrival time as its last update, as a fresh one does, so the order of the events does not show.
 */
function asArrived(item: Item): Item {
  const pristine =
    item.status === 'new' && item.assigneeId === null && item.closedReason === null && item.labels.length === 0;
  return pristine && item.updatedAt !== item.createdAt ? { ...item, updatedAt: item.createdAt } : item;
}

function sameDerivation(a: Interaction, b: Interaction): boolean {
  return (
    a.kind === b.kind &&
    a.createdAt === b.createdAt &&
    a.rating === b.rating &&
    a.sentiment === b.sentiment &&
    JSON.stringify(a.flags) === JSON.stringify(b.flags)
  );
}
