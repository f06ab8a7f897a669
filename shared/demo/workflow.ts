import type { Client, Interaction, Item, ItemStatus, Reply, SavedReply } from '../domain/entities';
import { replyTextHash } from '../domain/hash';
import { dueAt, priorityScore } from '../domain/priority';
import type { Rng } from './prng';
import { firstNameOf, moderatorsOf } from './workspace';

/**
 * Where each demo item stands in its lifecycle, decided from its age and what it says: recent
 * ones are new or being worked on, older ones answered or archived, spam and insults moderated,
 * sensitive answers waiting for (part of) their approval chain.
 */

const HOUR = 3_600_000;

const doneReasons = ['Nessuna risposta necessaria', 'Gestito in privato', 'Duplicato', 'Già risposto altrove'];

function statusFor(rng: Rng, x: Interaction, ageHours: number): ItemStatus {
  if (x.flags.spam) return ageHours > 2 && rng.chance(0.9) ? 'moderated' : 'new';
  if (x.flags.profanity && ageHours > 6) return rng.chance(0.7) ? 'moderated' : 'done';
  if (x.kind === 'follow' || x.kind === 'like_summary') return ageHours > 24 || rng.chance(0.4) ? 'done' : 'new';
  const sensitive = x.flags.sensitive || x.flags.adverseEvent;
  if (ageHours < 2) {
    return rng.weighted<ItemStatus>([
      ['new', 80],
      ['open', 15],
      [sensitive ? 'awaiting_approval' : 'open', 5],
    ]);
  }
  if (ageHours < 24) {
    return rng.weighted<ItemStatus>([
      ['new', 35],
      ['open', 25],
      ['answered', sensitive ? 10 : 25],
      ['snoozed', 5],
      ['done', 10],
      ['awaiting_approval', sensitive ? 25 : 0],
      ['approved', sensitive ? 3 : 0],
    ]);
  }
  if (ageHours < 72) {
    return rng.weighted<ItemStatus>([
      ['new', 8],
      ['open', 10],
      ['answered', 45],
      ['done', 30],
      ['snoozed', 3],
      ['awaiting_approval', sensitive ? 12 : 0],
    ]);
  }
  // A long tail nobody got to, as in every real queue.
  return rng.weighted<ItemStatus>([
    ['answered', 55],
    ['done', 41],
    ['new', 1],
    ['open', 1],
    ['moderated', 2],
  ]);
}

export interface ItemPlan {
  item: Item;
  reply: Reply | null;
}

export function planItem(
  rng: Rng,
  args: {
    index: number;
    interaction: Interaction;
    client: Client;
    now: number;
    label: string | null;
    contactLabels: readonly string[];
    contactFirstName: string;
    savedReplies: readonly SavedReply[];
  },
): ItemPlan {
  const { interaction: x, client, now } = args;
  const ageHours = (now - x.createdAt) / HOUR;
  const status = statusFor(rng, x, ageHours);
  const due = dueAt(x.createdAt, x.kind, client.sla);
  const moderators = moderatorsOf(client.id);
  const assigneeId = status === 'new' && !rng.chance(0.1) ? null : rng.pick(moderators);
  const labels = new Set<string>();
  if (args.label) labels.add(args.label);
  if (x.flags.adverseEvent && rng.chance(0.5)) labels.add('urgente');
  if (args.contactLabels.includes('vip')) labels.add('vip');
  if (args.contactLabels.includes('giornalista')) labels.add('stampa');
  const handledAt = Math.min(now, x.createdAt + rng.int(5, 600) * 60_000);
  const closedReason =
    status === 'done'
      ? rng.pick(doneReasons)
      : status === 'moderated'
        ? x.flags.spam
          ? (client.moderationReasons.find((reason) => reason === 'Spam') ?? rng.pick(client.moderationReasons))
          : rng.pick(client.moderationReasons)
        : null;
  const item: Item = {
    id: `it-${String(args.index).padStart(7, '0')}`,
    interactionId: x.id,
    clientId: x.clientId,
    channelId: x.channelId,
    status,
    priority: priorityScore({ ...x, dueAt: due }, now),
    assigneeId,
    labels: [...labels],
    dueAt: due,
    snoozedUntil: status === 'snoozed' ? now + rng.int(1, 48) * HOUR : null,
    closedReason,
    createdAt: x.createdAt,
    updatedAt: status === 'new' ? x.createdAt : handledAt,
  };
  return { item, reply: replyFor(rng, item, args) };
}

function replyFor(
  rng: Rng,
  item: Item,
  args: {
    index: number;
    interaction: Interaction;
    client: Client;
    contactFirstName: string;
    savedReplies: readonly SavedReply[];
  },
): Reply | null {
  const wantsReply =
    item.status === 'answered' ||
    item.status === 'awaiting_approval' ||
    item.status === 'approved' ||
    (item.status === 'open' && rng.chance(0.25));
  if (!wantsReply || item.assigneeId === null) return null;
  const lang = args.interaction.lang ?? 'it';
  const choices = args.savedReplies.filter((saved) => saved.lang === lang);
  const saved = choices.length > 0 ? rng.pick(choices) : null;
  const authorId = item.assigneeId;
  const agent = firstNameOf(authorId);
  const text = saved
    ? saved.text
        .replaceAll('{{contact.first_name}}', args.contactFirstName)
        .replaceAll('{{agent.first_name}}', agent)
        .replaceAll('{{client.name}}', args.client.name)
    : lang === 'it'
      ? `Ciao ${args.contactFirstName}, grazie per il messaggio: ti rispondiamo in privato.`
      : `Hi ${args.contactFirstName}, thanks for your message: we will reply privately.`;
  const visibility = args.interaction.kind === 'dm' ? 'private' : 'public';
  const sensitive = args.interaction.flags.sensitive || args.interaction.flags.adverseEvent;
  const chain = args.client.approvalChain;
  const approvedSteps =
    item.status === 'awaiting_approval'
      ? rng.int(0, chain.length - 1)
      : item.status === 'approved' || (item.status === 'answered' && sensitive)
        ? chain.length
        : 0;
  const hash = approvedSteps > 0 ? replyTextHash(text, visibility) : '';
  const approvals = chain.slice(0, approvedSteps).map((step, stepIndex) => ({
    id: `ap-${String(args.index).padStart(7, '0')}-${stepIndex}`,
    replyId: `rp-${String(args.index).padStart(7, '0')}`,
    stepIndex,
    approverId: rng.pick(step.approverIds),
    decision: 'approved' as const,
    meaning: `Approvato — ${step.name}`,
    comment: null,
    textHash: hash,
    at: item.updatedAt,
  }));
  const status: Reply['status'] =
    item.status === 'answered'
      ? 'sent'
      : item.status === 'open'
        ? 'draft'
        : item.status === 'approved'
          ? 'approved'
          : 'awaiting_approval';
  return {
    id: `rp-${String(args.index).padStart(7, '0')}`,
    itemId: item.id,
    clientId: item.clientId,
    authorId,
    text,
    visibility,
    status,
    version: 1,
    escalated: false,
    escalationNote: null,
    savedReplyId: saved?.id ?? null,
    approvals,
    createdAt: item.updatedAt,
    updatedAt: item.updatedAt,
    sentAt: status === 'sent' ? item.updatedAt : null,
  };
}
